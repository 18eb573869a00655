"""Content not resonating: too few of the viewers follow.

Source: "Why Am I Losing Followers on TikTok?", §1 "Your Content Isn't Resonating with Your
Followers".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from bot.analytics.diagnose.context import Context, ratio, scale
from bot.analytics.diagnose.outcomes import (
    Cause,
    Export,
    Facts,
    Finding,
    Lack,
    Outcome,
    Shortfall,
    Span,
    Unsupported,
)
from bot.analytics.diagnose.videos import VideoChange, counted, video_change

ARTICLE = "000 §1"


class Follows(StrEnum):
    """What a conversion rate counts as follows."""

    NEW = "new"  # new followers, as the source gave them
    VIDEOS = "videos"  # the followers TikTok counted for each of the window's videos
    NET = "net"  # a positive net: a lower bound of new followers
    ESTIMATED = "estimated"  # growing days' net plus the steady unfollows


class Conversion(NamedTuple):
    rate: float
    follows: float
    views: float
    days: int
    kind: Follows
    allowance: float  # unfollows a day added to each growing day's net (estimates only)
    videos: int = 0  # the videos counted (VIDEOS only)


@dataclass(frozen=True)
class ContentFacts(Facts):
    """Follows per view in the window against the benchmark, and (when the cause is the
    account's own) against its own baseline; with TikTok's per-video figures, how far the
    window's videos fell behind the earlier ones in completion and average watch time (None:
    they held, or too few videos to say)."""

    conversion: Conversion
    window: Span
    benchmark: float
    baseline_rate: float | None
    baseline: Span
    completion: VideoChange | None = None
    watch_time: VideoChange | None = None


def video_conversion(ctx: Context, s: slice) -> Conversion | None:
    """Follows per view over the videos of a span that carry TikTok's own count of the
    followers each brought: a video's followers on its views, as "Why Am I Losing Followers on
    TikTok?" (§1) states the ratio. None under ``min_videos`` such videos."""
    near = counted(ctx, s)
    if len(near) < ctx.th.min_videos:
        return None
    follows = float(ctx.post_new_followers[near].sum())
    views = float(ctx.post_views[near].sum())
    return Conversion(
        follows / views, follows, views, s.stop - s.start, Follows.VIDEOS, 0.0, len(near)
    )


def conversion(ctx: Context, s: slice, min_days: int) -> Conversion | None:
    """Follows per view over a span: new followers when the source gave them; else a positive
    net (a lower bound of them); else an estimate from the span's growing days. Unfollows never
    go negative, so a losing day shows at least its loss in unfollows, and churn runs at a steady
    pace ("Why Am I Losing Followers on TikTok?", introduction: you lose followers "even when you
    do everything right"): the median loss of the losing days is a conservative daily unfollow
    count, and a growing day's net plus it a conservative count of that day's new followers.
    None when the data cannot tell."""
    views, net, gained = ctx.views[s], ctx.net[s], ctx.gained[s]
    seen = ~np.isnan(views)
    if seen.any() and not np.isnan(gained[seen]).any():
        measured = ratio(gained, views)
        if measured is None or measured.days < min_days:
            return None
        return Conversion(
            measured.value, measured.top, measured.bottom, measured.days, Follows.NEW, 0.0
        )
    total = ratio(net, views)
    if total is None or total.days < min_days:
        return None
    if total.top > 0:
        return Conversion(total.value, total.top, total.bottom, total.days, Follows.NET, 0.0)
    with np.errstate(invalid="ignore"):
        growing, losing = seen & (net > 0), seen & (net < 0)
    if growing.sum() < ctx.min_window:
        return None
    allowance = float(np.median(-net[losing])) if losing.any() else 0.0
    follows = float(net[growing].sum()) + allowance * int(growing.sum())
    shown = float(views[growing].sum())
    if shown <= 0:
        return None
    return Conversion(
        follows / shown, follows, shown, int(growing.sum()), Follows.ESTIMATED, allowance
    )


def content_not_resonating(ctx: Context) -> Outcome:
    """Follows per view under 1%: "your videos should have a ratio of 1% new followers for each
    view" ("Why Am I Losing Followers on TikTok?", §1), from TikTok's own count per video when
    enough of the window's videos have it, else from the daily figures. The account's own cause
    (it rules out a platform-wide change) when also under half of the benchmark and of the
    account's own baseline conversion. Videos watched less to the end, or for less time, than
    the account's earlier ones strengthen it: "if the quality tanks, your followers will
    unfollow you" (§1)."""
    th = ctx.th
    videos = video_conversion(ctx, ctx.current)
    if videos is not None:
        return _finding(ctx, videos, video_conversion(ctx, ctx.baseline))
    views = ctx.views[ctx.current]
    if (~np.isnan(views)).sum() < ctx.min_window:
        return Unsupported(Cause.CONTENT, Lack.WINDOW_VIEWS, Export.OVERVIEW)
    now = conversion(ctx, ctx.current, ctx.min_window)
    if now is None:
        known = ratio(ctx.net[ctx.current], views)
        if known is None or known.days < ctx.min_window:
            return Unsupported(Cause.CONTENT, Lack.NET_ON_VIEW_DAYS, Export.FOLLOWERS)
        # Too few growing days to estimate from: a net loss alone bounds no follows per view.
        return Unsupported(
            Cause.CONTENT,
            Lack.GROWING_DAYS,
            Export.GAINED_AND_LOST,
            Shortfall(need=ctx.min_window, have=0),
        )
    return _finding(ctx, now, conversion(ctx, ctx.baseline, th.min_baseline_days))


def _finding(ctx: Context, now: Conversion, then: Conversion | None) -> Finding | None:
    """The finding when ``now`` is under the benchmark, against the baseline's ``then``."""
    th = ctx.th
    if now.views < th.content_min_views or now.rate >= th.follows_per_view:
        return None
    own = (
        then is not None
        and now.rate < th.content_own_share * th.follows_per_view
        and now.rate < th.content_own_share * then.rate
    )
    severity = scale(th.follows_per_view - now.rate, 0, th.follows_per_view)
    told = now.kind in (Follows.NEW, Follows.VIDEOS)  # TikTok's own count, not a bound
    score = (0.2 + 0.4 * severity) if told else (0.15 + 0.3 * severity)
    if own:
        # Far below its own normal as well as the benchmark: the strongest sign that it is this
        # account's videos, not the platform, so it ranks with the other own causes.
        score += 0.3
    completion = video_change(ctx, ctx.post_full_watch, th.watch_drop)
    watch_time = video_change(ctx, ctx.post_watch_seconds, th.watch_drop)
    if completion or watch_time:
        # Viewers leave the recent videos sooner than the earlier ones: the videos themselves.
        score += 0.1
    facts = ContentFacts(
        conversion=now,
        window=ctx.span(ctx.current),
        benchmark=th.follows_per_view,
        baseline_rate=then.rate if own and then is not None else None,
        baseline=ctx.span(ctx.baseline),
        completion=completion,
        watch_time=watch_time,
    )
    return Finding(Cause.CONTENT, round(score, 2), facts, ARTICLE, own=own)
