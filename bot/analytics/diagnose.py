"""Why an account is losing followers: the seven rules of design.md, over the team's own data.

Each rule reads one account's daily frame and posts (the platform rule also the team's other
accounts) and returns a ``Finding`` (a likely cause, the numbers and dates that show it, one action
from the articles), ``None`` (the data show no such cause) or ``Unsupported`` (the data cannot
tell, and which export would). Articles, in ``/work/shared/seeds``: "000" = "Why Am I Losing
Followers on TikTok?" (§1-6 by its headings), "002" = "What is net followers on TikTok".

Net followers always come from ``bot.analytics.series``; numbers are written with ``bot.fmt``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import pandas as pd

from bot import fmt
from bot.analytics.series import NetWindow, daily_net, net_window


@dataclass(frozen=True)
class Thresholds:
    """Every number a rule compares against, each default with its reason."""

    # 000 §1: "a ratio of 1% new followers for each view": 10 follows per 1,000 views.
    follows_per_view: float = 0.01
    # 000 §1 states the ratio on 1,000 views; on fewer, 1% is a handful of follows (noise).
    content_min_views: int = 1_000
    # 002: "Posting at least three to five times a week"; TikTok itself recommends 1-4 a day
    # (000 §6), so three a week is the floor, not the goal.
    posts_per_week: float = 3.0
    # 000 §6: "If you slow your pace, you'll fall behind": under half the account's own pace.
    cadence_floor: float = 0.5
    # Posts per week are counted over at least a week, however short the window.
    cadence_days: int = 7
    # A week without a post is already under 002's three a week ...
    inactive_days: int = 7
    # ... and 000 §6's "haven't posted in a few weeks" is when followers think you quit.
    inactive_days_severe: int = 21
    # The account's normal: the 28 days before the window (a rolling baseline that holds every
    # weekday four times, so the weekly rhythm cancels out).
    baseline_days: int = 28
    # A baseline of fewer than two weeks of known days is moved too easily by one odd day.
    min_baseline_days: int = 14
    # A window needs this many known days (or all of a shorter window) to be compared.
    min_window_days: int = 3
    # 000 §5 "losing a lot of followers at once": a day's net 6 robust standard deviations
    # (median/MAD of the baseline) below normal; 6, not 3, because daily net has heavy tails.
    purge_z: float = 6.0
    # ... and at least this many followers, so a small account's -5 day is never a "purge".
    purge_min_loss: int = 20
    # "At once" (000 §5): one or two outlier days; more of them is a sustained decline.
    purge_max_days: int = 2
    # Views "not falling": the loss day and the two before keep half of the baseline views;
    # below that the loss comes with a reach collapse (000 §3) and is not read as a purge.
    purge_views_floor: float = 0.5
    # 000 §2: after the bots were banned "Engagement soared": engagement per view up 10%+ ...
    purge_engagement_rise: float = 0.10
    # ... over the week after the loss.
    purge_after_days: int = 7
    # 000 §3: shadow banned, "your reach starts to fall": typical daily views under half of the
    # baseline while posting goes on.
    reach_floor: float = 0.5
    # 002 (Engagement and Interaction): engagement per view down 30% or more against baseline.
    engagement_drop: float = 0.30
    # Off-niche: under a quarter of a title's words and hashtags are among the account's usual
    # topics (000 §1: "You've stopped posting content that was in your niche").
    niche_overlap: float = 0.25
    # Usual topics need at least five earlier titled posts ...
    niche_min_history_posts: int = 5
    # ... from the 90 days before the window: the niche the current followers came for.
    niche_history_days: int = 90
    # 002 "Monitor which videos gain or lose followers": a post is credited with the net of its
    # day and the next two, when most of a video's views (and follows) arrive.
    attribution_days: int = 3
    # 000 §2 (algorithm change): 60% of the team's accounts lose in the same window ...
    platform_share: float = 0.6
    # ... and at least three of them, so two accounts of a small team are not "the platform".
    platform_min_losing: int = 3
    # Conversion is the account's own cause, not the platform's, when it is under half of both
    # the 1% benchmark (000 §1) and the account's own baseline: an algorithm change (000 §2)
    # lowers every account's conversion a little, not one account's to a fraction of its normal.
    content_own_share: float = 0.5


class Cause(StrEnum):
    """Rule ids in tie-break order: the most specific evidence first, the generic benchmark last."""

    BOT_PURGE = "bot_purge"
    REACH_COLLAPSE = "reach_collapse"
    INACTIVITY = "inactivity"
    NICHE_SHIFT = "niche_shift"
    ENGAGEMENT_DECLINE = "engagement_decline"
    PLATFORM = "platform"
    CONTENT = "content_not_resonating"


TITLES: Mapping[Cause, str] = {
    Cause.BOT_PURGE: "Bot purge: TikTok removed fake followers",
    Cause.REACH_COLLAPSE: "Reach collapse (possible shadow ban or guideline strike)",
    Cause.INACTIVITY: "Inactivity: posting slowed or stopped",
    Cause.NICHE_SHIFT: "Niche shift: recent posts left the account's usual topics",
    Cause.ENGAGEMENT_DECLINE: "Engagement decline",
    Cause.PLATFORM: "Platform-wide change",
    Cause.CONTENT: "Content not resonating",
}

CONTENT_EXPORT = "upload the TikTok Studio Content export (Content_<handle>.zip) for posts"
HISTORY_EXPORT = (
    "upload TikTok Studio Content exports (Content_<handle>.zip) that cover earlier videos too"
)
OVERVIEW_EXPORT = (
    "upload the TikTok Studio Overview export (Overview_<date>_<epoch>_<handle>.zip) for daily "
    "views, likes, comments and shares"
)
FOLLOWERS_EXPORT = (
    "upload the TikTok Studio Followers export (Followers_<handle>.zip), or /log the total daily"
)
SPLIT_EXPORT = "the TikTok Business Suite export, or /log with gained and lost, gives them"
# Team accounts an evidence line names (the biggest losses); Finding.accounts has them all.
TEAM_NAMED = 5
TEAM_EXPORT = "add the team's other accounts (/account add) and upload their Followers exports"

GUIDELINES = (
    "violence, nudity, shocking or graphic content, misinformation, hate speech or bullying, "
    "illegal activities or items"
)

MAD_TO_SIGMA = 1.4826  # the MAD of normal noise times this is its standard deviation


@dataclass(frozen=True)
class Finding:
    """A likely cause: how strongly the data show it (0-1), the numbers, and what to do;
    ``own`` says the cause lies in this account, so it rules out a platform-wide change."""

    cause: Cause
    title: str
    score: float
    evidence: tuple[str, ...]
    advice: str
    article: str
    #: the team accounts a team-wide finding rests on, (handle, net), most lost first: a big
    #: team's list is too long for an evidence line, so the renderers list it in full apart
    accounts: tuple[tuple[str, int], ...] = ()
    own: bool = True


class Member(NamedTuple):
    """A team account's daily frame and posts: the platform rule asks whether its own data
    explain its losses."""

    daily: pd.DataFrame
    posts: pd.DataFrame


@dataclass(frozen=True)
class Unsupported:
    """A rule the data could not evaluate, why, and the export that would let it."""

    rule: Cause
    title: str
    reason: str
    export: str


@dataclass(frozen=True)
class PostImpact:
    """The net followers credited to one post (002: which videos gain or lose followers)."""

    post_id: str
    title: str
    posted: date
    views: int
    followers: float
    per_1000_views: float


@dataclass(frozen=True)
class Diagnosis:
    """The answer to /why: the window, ranked findings, what could not be checked, and posts."""

    window: NetWindow
    summary: str
    findings: tuple[Finding, ...]
    unsupported: tuple[Unsupported, ...]
    churn: str | None
    posts: tuple[PostImpact, ...]  # the window's posts, most followers per 1,000 views first

    @property
    def top(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    @property
    def best_post(self) -> PostImpact | None:
        return self.posts[0] if self.posts else None

    @property
    def worst_post(self) -> PostImpact | None:
        return self.posts[-1] if len(self.posts) > 1 else None


Outcome = Finding | Unsupported | None

_WORD = re.compile(r"[^\W\d_]{3,}")
# Words that say nothing about a topic, and hashtags every niche uses.
_GENERIC_WORDS = (
    "the and for with you your this that how what from are was our its not but all out "
    "get got day new just like when why who can will one fyp foryou foryoupage viral "
    "tiktok trending trend video part"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())


def topics(title: str) -> frozenset[str]:
    """The topic words of a title: words and hashtags (``#Beauty`` -> ``beauty``), lower-case."""
    return frozenset(w for w in _WORD.findall(title.lower()) if w not in _GENERIC)


class Context:
    """One account's data as float arrays over consecutive calendar days (NaN = unknown), built
    once per diagnosis so that each rule slices arrays instead of re-reading frames."""

    def __init__(
        self,
        daily: pd.DataFrame,
        posts: pd.DataFrame,
        *,
        end: date,
        days: int,
        team: Mapping[str, Member],
        thresholds: Thresholds,
        tz: str,
    ) -> None:
        th = thresholds
        self.th = th
        self.end = end
        self.days = days
        self.start = end - timedelta(days=days - 1)
        self.window = net_window(daily, end, days)
        self.team = team
        self.tz = tz

        dated = posts.dropna(subset=["posted_at"])
        post_days = pd.DatetimeIndex(dated["posted_at"]).tz_convert(tz).tz_localize(None)
        post_dates = post_days.normalize().to_numpy().astype("datetime64[D]")
        keep = post_dates <= np.datetime64(end, "D")
        order = np.argsort(post_dates[keep], kind="stable")

        reach_back = days + th.cadence_days + max(th.baseline_days, th.niche_history_days)
        first = [end - timedelta(days=reach_back)]
        if len(daily):
            first.append(daily.index[0].date())
        if keep.any():
            first.append(pd.Timestamp(post_dates[keep].min()).date())
        self.origin = min(first)

        frame = daily.reindex(pd.date_range(self.origin, end, freq="D", name="day"))
        self.followers = _floats(frame["followers"])
        self.gained = _floats(frame["gained"])
        self.views = _floats(frame["views"])
        self.engagement = _floats(frame["likes"] + frame["comments"] + frame["shares"])
        self.net = _floats(daily_net(frame))

        origin = np.datetime64(self.origin, "D")
        self.post_day = (post_dates[keep][order] - origin).astype(np.int64)
        self.post_views = dated["views"].to_numpy(dtype="float64", na_value=np.nan)[keep][order]
        self.post_ids = [str(v) for v in dated["post_id"].to_numpy()[keep][order]]
        self.post_titles = [str(v) for v in dated["title"].fillna("").to_numpy()[keep][order]]

        self.end_i = self.idx(end)
        self.start_i = self.idx(self.start)
        self.current = slice(self.start_i, self.end_i + 1)
        self.baseline = slice(self.start_i - th.baseline_days, self.start_i)
        self.min_window = min(days, th.min_window_days)

    @property
    def has_posts(self) -> bool:
        return len(self.post_day) > 0

    def idx(self, value: date) -> int:
        """The array position of a calendar day."""
        return (value - self.origin).days

    def day(self, i: int) -> date:
        """The calendar day at an array position."""
        return self.origin + timedelta(days=int(i))

    def span(self, s: slice) -> str:
        """A slice of days as the product writes a window."""
        return fmt.window(self.day(s.start), self.day(s.stop - 1))

    def posts_in(self, s: slice) -> np.ndarray:
        """Positions (into the post arrays) of the posts published in a slice of days."""
        lo, hi = np.searchsorted(self.post_day, [s.start, s.stop])
        return np.arange(lo, hi)

    def cadence(self) -> tuple[slice, float, slice, float | None]:
        """Posts per week over the recent span (the window, at least a week) and over the
        baseline before it. Posts are known from the first one on (a Content export lists only
        recent videos), so neither span reaches further back than that, but the recent one keeps
        a week; the baseline rate is None when too little of it is covered."""
        th = self.th
        first = int(self.post_day[0])
        week = self.end_i + 1 - th.cadence_days
        recent_start = min(week, max(self.end_i + 1 - max(self.days, th.cadence_days), first))
        recent = slice(recent_start, self.end_i + 1)
        rate = len(self.posts_in(recent)) * 7 / (recent.stop - recent.start)
        base = slice(max(recent.start - th.baseline_days, first), recent.start)
        if base.stop - base.start < th.min_baseline_days:
            return recent, rate, base, None
        return recent, rate, base, len(self.posts_in(base)) * 7 / (base.stop - base.start)


def _floats(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _known(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values)]


class _Ratio(NamedTuple):
    value: float
    top: float
    bottom: float
    days: int


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> _Ratio | None:
    """sum(numerator) / sum(denominator) over the days both are known (None if nothing)."""
    both = ~np.isnan(numerator) & ~np.isnan(denominator)
    top, bottom = float(numerator[both].sum()), float(denominator[both].sum())
    return None if bottom <= 0 else _Ratio(top / bottom, top, bottom, int(both.sum()))


def _scale(value: float, low: float, high: float) -> float:
    """Where ``value`` sits between ``low`` (0) and ``high`` (1), clipped."""
    return float(min(1.0, max(0.0, (value - low) / (high - low))))


def _finding(
    cause: Cause,
    score: float,
    evidence: Sequence[str],
    advice: str,
    article: str,
    *,
    accounts: Sequence[tuple[str, int]] = (),
    own: bool = True,
) -> Finding:
    return Finding(
        cause,
        TITLES[cause],
        round(score, 2),
        tuple(evidence),
        advice,
        article,
        tuple(accounts),
        own,
    )


def _unsupported(cause: Cause, reason: str, export: str) -> Unsupported:
    return Unsupported(cause, TITLES[cause], reason, export)


def _per_1000(ratio: float) -> str:
    return f"{ratio * 1000:.1f} per 1,000 views"


class _Conversion(NamedTuple):
    rate: float
    follows: float
    views: float
    days: int
    kind: str  # what ``follows`` counts
    allowance: float  # unfollows a day added to each growing day's net (estimates only)


def _conversion(ctx: Context, s: slice, min_days: int) -> _Conversion | None:
    """Follows per view over a span: new followers when the source gave them; else a positive
    net (a lower bound of them); else an estimate from the span's growing days. Unfollows never
    go negative, so a losing day shows at least its loss in unfollows, and churn runs at a steady
    pace (000: you lose followers "even when you do everything right"): the median loss of the
    losing days is a conservative daily unfollow count, and a growing day's net plus it a
    conservative count of that day's new followers. None when the data cannot tell."""
    views, net, gained = ctx.views[s], ctx.net[s], ctx.gained[s]
    seen = ~np.isnan(views)
    if seen.any() and not np.isnan(gained[seen]).any():
        measured = _ratio(gained, views)
        if measured is None or measured.days < min_days:
            return None
        return _Conversion(measured.value, measured.top, measured.bottom, measured.days, "new", 0.0)
    total = _ratio(net, views)
    if total is None or total.days < min_days:
        return None
    if total.top > 0:
        return _Conversion(total.value, total.top, total.bottom, total.days, "net", 0.0)
    with np.errstate(invalid="ignore"):
        growing, losing = seen & (net > 0), seen & (net < 0)
    if growing.sum() < ctx.min_window:
        return None
    allowance = float(np.median(-net[losing])) if losing.any() else 0.0
    follows = float(net[growing].sum()) + allowance * int(growing.sum())
    shown = float(views[growing].sum())
    if shown <= 0:
        return None
    return _Conversion(follows / shown, follows, shown, int(growing.sum()), "estimated", allowance)


def content_not_resonating(ctx: Context) -> Outcome:
    """Follows per view under 1%: "your videos should have a ratio of 1% new followers for each
    view" (000 §1). The account's own cause (it rules out a platform-wide change) when also under
    half of the benchmark and of the account's own baseline conversion."""
    th = ctx.th
    views = ctx.views[ctx.current]
    if (~np.isnan(views)).sum() < ctx.min_window:
        return _unsupported(Cause.CONTENT, "no daily views for the window", OVERVIEW_EXPORT)
    now = _conversion(ctx, ctx.current, ctx.min_window)
    if now is None:
        known = _ratio(ctx.net[ctx.current], views)
        if known is None or known.days < ctx.min_window:
            return _unsupported(
                Cause.CONTENT, "follower change unknown on the days with views", FOLLOWERS_EXPORT
            )
        # Too few growing days to estimate from: a net loss alone bounds no follows per view.
        return _unsupported(
            Cause.CONTENT,
            f"with net followers falling and fewer than {fmt.days(ctx.min_window)} of growth "
            "to estimate from, follows per view need new followers",
            SPLIT_EXPORT,
        )
    if now.views < th.content_min_views or now.rate >= th.follows_per_view:
        return None
    then = _conversion(ctx, ctx.baseline, th.min_baseline_days)
    own = (
        then is not None
        and now.rate < th.content_own_share * th.follows_per_view
        and now.rate < th.content_own_share * then.rate
    )
    severity = _scale(th.follows_per_view - now.rate, 0, th.follows_per_view)
    score = (0.2 + 0.4 * severity) if now.kind == "new" else (0.15 + 0.3 * severity)
    benchmark = (
        f"{_per_1000(now.rate)}, below {_per_1000(th.follows_per_view)} "
        f"({fmt.percent(th.follows_per_view, 0)})"
    )
    if now.kind == "estimated":
        evidence = [
            f"about {fmt.count(round(now.follows))} new followers (estimated) from "
            f"{fmt.count(round(now.views))} views on the {fmt.days(now.days)} that grew in "
            f"{ctx.span(ctx.current)}: {benchmark}",
            f"estimated: each growing day's net plus {now.allowance:g} unfollows, the median "
            f"loss of the losing days; new followers alone are unknown: {SPLIT_EXPORT}",
        ]
    else:
        what = "new followers" if now.kind == "new" else "net followers"
        evidence = [
            f"{fmt.signed(round(now.follows))} {what} from {fmt.count(round(now.views))} views "
            f"over {ctx.span(ctx.current)}: {benchmark}"
        ]
        if now.kind == "net":
            evidence.append(f"new followers alone are unknown: {SPLIT_EXPORT}")
    if own and then is not None:
        # Far below its own normal as well as the benchmark: the strongest sign that it is this
        # account's videos, not the platform, so it ranks with the other own causes.
        score += 0.3
        evidence.append(
            f"under half of this account's own {_per_1000(then.rate)} over "
            f"{ctx.span(ctx.baseline)}: the cause is in this account, not the platform"
        )
    return _finding(
        Cause.CONTENT,
        score,
        evidence,
        "Audit recent videos: make authentic, emotionally charged videos that make a viewer "
        "think 'I have to follow this person', and keep the quality up on every one.",
        "000 §1",
        own=own,
    )


def inactivity(ctx: Context) -> Outcome:
    """Days since the last post, and posts per week against 3/week (002: "at least three to five
    times a week"; 000 §6: TikTok recommends 1-4 a day) and against the account's own pace (000 §6:
    "If you slow your pace, you'll fall behind")."""
    th = ctx.th
    if not ctx.has_posts:
        return _unsupported(Cause.INACTIVITY, "no posts with a post time", CONTENT_EXPORT)
    last = int(ctx.post_day[-1])
    gap = ctx.end_i - last
    recent, rate, base, base_rate = ctx.cadence()
    scores, evidence = [], []
    if gap >= th.inactive_days:
        scores.append(0.5 + 0.4 * _scale(gap, th.inactive_days, th.inactive_days_severe))
        evidence.append(
            f"last post {fmt.day(ctx.day(last))}, {fmt.days(gap)} before {fmt.day(ctx.end)}"
        )
    line = f"{len(ctx.posts_in(recent))} posts in {ctx.span(recent)} ({rate:.1f}/week)"
    if base_rate and rate < th.cadence_floor * base_rate:
        scores.append(0.5 + 0.4 * _scale(1 - rate / base_rate, 1 - th.cadence_floor, 1))
        line += f", down from {base_rate:.1f}/week over {ctx.span(base)}"
    if rate < th.posts_per_week:
        scores.append(0.3 + 0.3 * (1 - rate / th.posts_per_week))
        line += f", below {th.posts_per_week:g}/week"
    if not scores:
        return None
    evidence.append(line)
    return _finding(
        Cause.INACTIVITY,
        max(scores),
        evidence,
        "Post again now and keep a steady schedule: at least three to five times a week (002); "
        "TikTok itself recommends 1-4 posts a day (000 §6).",
        "000 §6, 002",
    )


def bot_purge(ctx: Context) -> Outcome:
    """A one- or two-day loss far outside the account's normal daily churn (robust z-score over
    the baseline) while views hold: "losing a lot of followers at once? TikTok may be removing
    them because they're bots" (000 §5); stronger when engagement per view rises after, as when
    a slew of bots was banned and "Engagement soared" (000 §2)."""
    th = ctx.th
    normal = _known(ctx.net[ctx.baseline])
    if len(normal) < th.min_baseline_days:
        return _unsupported(
            Cause.BOT_PURGE,
            f"needs {th.min_baseline_days} days of daily follower change in the "
            f"{fmt.days(th.baseline_days)} before the window, has {len(normal)}",
            FOLLOWERS_EXPORT,
        )
    median = float(np.median(normal))
    mad = float(np.median(np.abs(normal - median)))
    sigma = max(MAD_TO_SIGMA * mad, 1.0)
    net = ctx.net[ctx.current]
    with np.errstate(invalid="ignore"):
        z = (net - median) / sigma
        outliers = (z <= -th.purge_z) & (net <= -th.purge_min_loss)
    if not 1 <= outliers.sum() <= th.purge_max_days:
        return None
    worst = int(np.argmin(np.where(outliers, z, np.inf)))
    day_i = ctx.start_i + worst
    evidence = [
        f"{fmt.signed(round(net[worst]))} on {fmt.day(ctx.day(day_i))}: {z[worst]:.1f} robust "
        f"standard deviations from the normal day ({fmt.signed(round(median))}, MAD "
        f"{mad:g}, {ctx.span(ctx.baseline)})"
    ]
    score = 0.6 + 0.3 * _scale(-z[worst], th.purge_z, 20)
    before = ctx.views[max(day_i - 2, 0) : day_i + 1]
    base_views = _known(ctx.views[ctx.baseline])
    if len(_known(before)) and len(base_views) >= th.min_baseline_days:
        typical = float(np.median(base_views))
        held = float(np.nanmean(before)) / typical if typical > 0 else 1.0
        if held < th.purge_views_floor:
            return None
        evidence.append(
            f"views held: {fmt.count(round(np.nanmean(before)))}/day up to that day, "
            f"{fmt.percent(held, 0)} of the usual {fmt.count(round(typical))}/day"
        )
    else:
        score -= 0.15
        evidence.append("views around that day are unknown, so a reach drop is not ruled out")
    after = slice(day_i + 1, min(day_i + 1 + th.purge_after_days, ctx.end_i + 1))
    now = _ratio(ctx.engagement[after], ctx.views[after])
    then = _ratio(ctx.engagement[ctx.baseline], ctx.views[ctx.baseline])
    if now and then and now.value >= then.value * (1 + th.purge_engagement_rise):
        score += 0.1
        evidence.append(
            f"engagement per view rose to {fmt.percent(now.value)} after it (from "
            f"{fmt.percent(then.value)}): the followers who stayed are real"
        )
    return _finding(
        Cause.BOT_PURGE,
        score,
        evidence,
        "Don't panic: these were most likely bot accounts TikTok removed; the followers left are "
        "real ones who engage (000 §5: 'be happy about it'). Keep posting as before.",
        "000 §2, §5",
    )


def reach_collapse(ctx: Context) -> Outcome:
    """Typical daily views fall under half of the 28-day baseline while posting goes on: on a
    shadow ban "your content won't be shown on the For You Page (FYP), so your reach starts to
    fall" (000 §3), often after a community-guidelines violation (000 §4). Daily views, not views
    per post: a post's views are its lifetime total, so recent posts always look smaller."""
    th = ctx.th
    base, now = _known(ctx.views[ctx.baseline]), _known(ctx.views[ctx.current])
    if len(base) < th.min_baseline_days or len(now) < ctx.min_window:
        return _unsupported(
            Cause.REACH_COLLAPSE,
            f"needs daily views for {th.min_baseline_days} of the {th.baseline_days} days before "
            f"the window and {ctx.min_window} in it; has {len(base)} and {len(now)}",
            OVERVIEW_EXPORT,
        )
    if not ctx.has_posts:
        return _unsupported(
            Cause.REACH_COLLAPSE,
            "without posts a fall in views cannot be told from a pause in posting",
            CONTENT_EXPORT,
        )
    typical, current = float(np.median(base)), float(np.median(now))
    if typical <= 0 or current >= th.reach_floor * typical:
        return None
    _, rate, _, base_rate = ctx.cadence()
    posted = len(ctx.posts_in(ctx.current))
    if posted == 0 or (base_rate and rate < th.cadence_floor * base_rate):
        return None  # posting stopped or slowed: that is the inactivity rule's finding
    ratio = current / typical
    return _finding(
        Cause.REACH_COLLAPSE,
        0.55 + 0.4 * _scale(1 - ratio, 1 - th.reach_floor, 0.9),
        [
            f"a typical day had {fmt.count(round(current))} views over {ctx.span(ctx.current)}, "
            f"{fmt.percent(ratio, 0)} of the usual {fmt.count(round(typical))} "
            f"({ctx.span(ctx.baseline)})",
            f"posting went on: {posted} posts in {ctx.span(ctx.current)}",
        ],
        f"Check recent videos against TikTok's community guidelines ({GUIDELINES}); remove "
        "anything borderline, and keep posting original content until For You reach recovers.",
        "000 §3, §4",
    )


def niche_shift(ctx: Context) -> Outcome:
    """Losses in the days after posts whose titles and hashtags leave the account's usual topics:
    "You've stopped posting content that was in your niche" (000 §1); "if certain posts
    consistently lead to follower drops, it's worth reevaluating your approach" (002)."""
    th = ctx.th
    if not ctx.has_posts:
        return _unsupported(Cause.NICHE_SHIFT, "no posts with a post time", CONTENT_EXPORT)
    history = [
        words
        for k in ctx.posts_in(slice(ctx.start_i - th.niche_history_days, ctx.start_i))
        if (words := topics(ctx.post_titles[k]))
    ]
    if len(history) < th.niche_min_history_posts:
        return _unsupported(
            Cause.NICHE_SHIFT,
            f"needs {th.niche_min_history_posts} titled posts in the "
            f"{fmt.days(th.niche_history_days)} before the window to know the usual topics; "
            f"has {len(history)}",
            HISTORY_EXPORT,
        )
    counts = Counter(word for words in history for word in words)
    usual = {word for word, n in counts.items() if n >= 2} or set(counts)
    recent = {
        int(k): words for k in ctx.posts_in(ctx.current) if (words := topics(ctx.post_titles[k]))
    }
    off = [k for k, words in recent.items() if len(words & usual) / len(words) < th.niche_overlap]
    if not off:
        return None
    after_off = np.zeros(ctx.end_i + 1, dtype=bool)
    after_on = np.zeros(ctx.end_i + 1, dtype=bool)
    for k in recent:
        day = int(ctx.post_day[k])
        (after_off if k in off else after_on)[day : day + th.attribution_days] = True
    after_on &= ~after_off
    off_net, on_net = _known(ctx.net[after_off]), _known(ctx.net[after_on])
    if not len(off_net):
        return _unsupported(
            Cause.NICHE_SHIFT, "follower change unknown after the off-topic posts", FOLLOWERS_EXPORT
        )
    off_mean = float(off_net.mean())
    if off_mean >= 0 or (len(on_net) and off_mean >= on_net.mean()):
        return None
    top = ", ".join([word for word, _ in counts.most_common() if word in usual][:3])
    named = "; ".join(
        f"“{ctx.post_titles[k]}” ({fmt.day(ctx.day(int(ctx.post_day[k])))})" for k in off[:3]
    )
    compare = f" vs {float(on_net.mean()):+.1f}/day after the other posts" if len(on_net) else ""
    return _finding(
        Cause.NICHE_SHIFT,
        0.5 + 0.4 * len(off) / len(recent),
        [
            f"{len(off)} of {len(recent)} posts in {ctx.span(ctx.current)} leave the usual "
            f"topics ({top}): {named}",
            f"net {fmt.signed(round(off_net.sum()))} on the {fmt.days(len(off_net))} from those "
            f"posts ({off_mean:+.1f}/day){compare}",
        ],
        "Go back to the niche your followers came for; if you want new topics, bring them in "
        "gradually and tied to it (000 §1), and balance trends with your niche (002).",
        "000 §1, 002",
    )


def engagement_decline(ctx: Context) -> Outcome:
    """Engagement per view, (likes + comments + shares) / views, down 30% or more against the
    baseline: engagement and interaction build the connection that "minimizes follower loss"
    (002, Engagement and Interaction)."""
    th = ctx.th
    then = _ratio(ctx.engagement[ctx.baseline], ctx.views[ctx.baseline])
    now = _ratio(ctx.engagement[ctx.current], ctx.views[ctx.current])
    if not then or not now or then.days < th.min_baseline_days or now.days < ctx.min_window:
        return _unsupported(
            Cause.ENGAGEMENT_DECLINE,
            f"needs daily likes, comments, shares and views for {th.min_baseline_days} of the "
            f"{th.baseline_days} days before the window and {ctx.min_window} in it; has "
            f"{then.days if then else 0} and {now.days if now else 0}",
            OVERVIEW_EXPORT,
        )
    if then.value <= 0:
        return None
    change = now.value / then.value - 1
    if change > -th.engagement_drop:
        return None
    return _finding(
        Cause.ENGAGEMENT_DECLINE,
        0.5 + 0.35 * _scale(-change, th.engagement_drop, 0.8),
        [
            f"engagement per view {fmt.percent(now.value)} over {ctx.span(ctx.current)} "
            f"({fmt.count(round(now.top))} likes, comments and shares on "
            f"{fmt.count(round(now.bottom))} views)",
            f"vs {fmt.percent(then.value)} over {ctx.span(ctx.baseline)}: "
            f"{fmt.signed_percent(change)}",
        ],
        "Reply to comments, go LIVE and interact with your followers: that personal connection "
        "builds loyalty and keeps them from unfollowing (002).",
        "002",
    )


RULES: tuple[Callable[[Context], Outcome], ...] = (
    content_not_resonating,
    inactivity,
    bot_purge,
    reach_collapse,
    niche_shift,
    engagement_decline,
)


def _explained(ctx: Context, member: Member) -> bool:
    """Whether a team account's own data show a cause of its own (its rules, without a team)."""
    other = Context(
        member.daily,
        member.posts,
        end=ctx.end,
        days=ctx.days,
        team={},
        thresholds=ctx.th,
        tz=ctx.tz,
    )
    return any(isinstance(o, Finding) and o.own for o in (rule(other) for rule in RULES))


def platform_change(ctx: Context, findings: Sequence[Finding]) -> Outcome:
    """Most of the team's accounts lose in the same window and nothing specific to any of them
    explains it: TikTok "changed its algorithm" (000 §2). A team account whose own data show a
    cause of its own is not counted; neither is low conversion a cause of its own unless it is
    under half of the benchmark and of the account's own baseline (the platform lowers all)."""
    th = ctx.th
    own = ctx.window.net
    if own is None or own >= 0 or any(f.own for f in findings):
        return None
    nets = {h: net_window(m.daily, ctx.end, ctx.days).net for h, m in ctx.team.items()}
    known = {h: n for h, n in nets.items() if n is not None}
    if len(known) + 1 < th.platform_min_losing:
        return _unsupported(
            Cause.PLATFORM,
            f"needs {th.platform_min_losing} of the team's accounts with follower data for "
            f"{ctx.span(ctx.current)}; has {len(known) + 1}",
            TEAM_EXPORT,
        )

    def wide(losing: int) -> bool:
        return losing >= th.platform_min_losing and losing / (len(known) + 1) >= th.platform_share

    losing = {h: n for h, n in known.items() if n < 0}
    if not wide(len(losing) + 1):
        return None  # too few lose at all: no need to read their own data
    explained = sorted(h for h in losing if _explained(ctx, ctx.team[h]))
    for handle in explained:
        del losing[handle]
    if not wide(len(losing) + 1):
        return None
    share = (len(losing) + 1) / (len(known) + 1)
    ranked = sorted(losing.items(), key=lambda item: (item[1], item[0]))
    others = _named(f"@{h} {fmt.signed(n)}" for h, n in ranked)
    evidence = [
        f"{len(losing) + 1} of {len(known) + 1} team accounts lost followers over "
        f"{ctx.span(ctx.current)} ({fmt.percent(share, 0)}) with no cause of their own: this "
        f"one {fmt.signed(own)}, {others}",
        "no account-specific cause found in this account's data or theirs",
    ]
    if explained:
        listed = _named(f"@{h}" for h in explained)
        evidence.append(f"not counted: {listed}, whose own data explain their losses")
    return _finding(
        Cause.PLATFORM,
        0.5 + 0.4 * _scale(share, th.platform_share, 1),
        evidence,
        "Nothing in this account explains the loss: keep posting and playing by the rules you "
        "know; there is no way to 'fix' the algorithm on your own (000 §2).",
        "000 §2",
        accounts=ranked,
        own=False,
    )


def _named(items: Iterable[str]) -> str:
    """The first ``TEAM_NAMED`` of a team list, and how many more: a big team's full list is
    kept in ``Finding.accounts`` for the renderers to page."""
    listed = list(items)
    text = ", ".join(listed[:TEAM_NAMED])
    if len(listed) > TEAM_NAMED:
        text += f" and {len(listed) - TEAM_NAMED} more"
    return text


_PRIORITY = {cause: n for n, cause in enumerate(Cause)}


def rank(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Highest score first; equal scores in the fixed order of ``Cause``."""
    return tuple(sorted(findings, key=lambda f: (-f.score, _PRIORITY[f.cause])))


def post_impacts(ctx: Context) -> tuple[PostImpact, ...]:
    """Each day's net split among the posts of that day and the two before, weighted by views
    (equally when no views are known), then each window post's share per 1,000 views, best first.
    Days of unknown net credit nothing. Left out: posts without views (no rate) and posts whose
    attribution days have not all passed by ``end`` (a half-counted post would look worse)."""
    span = ctx.th.attribution_days
    near = ctx.posts_in(slice(ctx.start_i - span + 1, ctx.end_i + 1))
    if not len(near):
        return ()
    first = ctx.start_i - span + 1
    covers = np.zeros((len(near), ctx.end_i + 1 - first))
    for row, k in enumerate(near):
        offset = int(ctx.post_day[k]) - first
        covers[row, offset : offset + span] = 1.0
    weights = covers * np.nan_to_num(ctx.post_views[near])[:, None]
    total = weights.sum(axis=0)
    equal = covers / np.maximum(covers.sum(axis=0), 1)
    shares = np.where(total > 0, weights / np.where(total > 0, total, 1), equal)
    credit = shares @ np.nan_to_num(ctx.net[first : ctx.end_i + 1])
    impacts = [
        PostImpact(
            post_id=ctx.post_ids[k],
            title=ctx.post_titles[k],
            posted=ctx.day(int(ctx.post_day[k])),
            views=int(ctx.post_views[k]),
            followers=float(credit[row]),
            per_1000_views=float(credit[row] / ctx.post_views[k] * 1000),
        )
        for row, k in enumerate(near)
        if ctx.start_i <= ctx.post_day[k] <= ctx.end_i + 1 - span and ctx.post_views[k] > 0
    ]
    return tuple(sorted(impacts, key=lambda p: -p.per_1000_views))


def _summary(window: NetWindow) -> str:
    span = fmt.window(window.start, window.end)
    if window.net is None:
        return f"Net followers over {span} are unknown: no change is known in this window."
    partial = (
        f" (partial: {window.covered_days} of {fmt.days(window.days)} known)"
        if window.partial
        else ""
    )
    if window.net > 0:
        return f"Net growth is positive: {fmt.signed(window.net)} over {span}{partial}."
    if window.net == 0:
        return f"No net change ({fmt.signed(0)}) over {span}{partial}."
    return f"Losing followers: {fmt.signed(window.net)} over {span}{partial}."


def _churn(ctx: Context, net: int) -> str:
    """Net loss as a share of the total before the window (000: "even when you do everything
    right, you may start losing followers")."""
    window = ctx.window
    before = ctx.followers[ctx.start_i - 1]
    if np.isnan(before) and window.total is not None and not window.partial:
        before = window.total - net
    text = (
        f"The loss looks like normal churn: {fmt.signed(net)} over "
        f"{fmt.window(window.start, window.end)}"
    )
    if np.isnan(before) or before <= 0:
        return text + "; the total before the window is unknown, so no churn rate."
    return (
        f"{text} is {fmt.percent(-net / before, 2)} of the {fmt.count(round(before))} "
        "followers at the start."
    )


def diagnose(
    daily: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    end: date,
    days: int = 7,
    team: Mapping[str, Member] | None = None,
    thresholds: Thresholds = Thresholds(),
    tz: str = "UTC",
) -> Diagnosis:
    """Run every rule over the ``days`` days ending on ``end`` and rank what fires.

    ``team`` holds the daily frames and posts of the team's *other* accounts (for the platform
    rule); ``tz`` is the zone whose calendar days the daily frame uses, to date the posts. Rules
    run even when the account grows: a cadence drop is worth saying before the losses start.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    ctx = Context(daily, posts, end=end, days=days, team=team or {}, thresholds=thresholds, tz=tz)
    outcomes = [rule(ctx) for rule in RULES]
    findings = [o for o in outcomes if isinstance(o, Finding)]
    outcomes.append(platform_change(ctx, findings))
    findings = [o for o in outcomes if isinstance(o, Finding)]
    net = ctx.window.net
    return Diagnosis(
        window=ctx.window,
        summary=_summary(ctx.window),
        findings=rank(findings),
        unsupported=tuple(o for o in outcomes if isinstance(o, Unsupported)),
        churn=_churn(ctx, net) if net is not None and net < 0 and not findings else None,
        posts=post_impacts(ctx),
    )
