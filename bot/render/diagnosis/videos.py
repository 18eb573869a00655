"""TikTok's own video figures in the diagnosis (API for Business), each said to be TikTok's, and
which figures are TikTok's and which estimated."""

from __future__ import annotations

from bot import fmt
from bot.analytics.diagnose import (
    ContentFacts,
    Diagnosis,
    Follows,
    PostImpact,
    ReachFacts,
    Span,
    VideoChange,
)
from bot.i18n import N_, _, ngettext
from bot.render.diagnosis.causes import quoted
from bot.render.embeds import clip

ORIGINS_FIELD = N_("Where the figures come from")


def _span(span: Span) -> str:
    return fmt.window(span.first, span.last)


def _per_1000(rate: float) -> str:
    return fmt.decimal(rate * 1000)


def counted_conversion(facts: ContentFacts) -> list[str]:
    """Follows per view from the followers TikTok counted for each of the window's videos."""
    now = facts.conversion
    lines = [
        ngettext(
            "{followers} followers from {views} views on the {n} video posted in {window}, as "
            "TikTok counted them: {rate} per 1,000 views, below {benchmark} per 1,000 views "
            "({percent})",
            "{followers} followers from {views} views on the {n} videos posted in {window}, as "
            "TikTok counted them: {rate} per 1,000 views, below {benchmark} per 1,000 views "
            "({percent})",
            now.videos,
        ).format(
            followers=fmt.signed(round(now.follows)),
            views=fmt.count(round(now.views)),
            n=fmt.count(now.videos),
            window=_span(facts.window),
            rate=_per_1000(now.rate),
            benchmark=_per_1000(facts.benchmark),
            percent=fmt.percent(facts.benchmark, 0),
        )
    ]
    if facts.baseline_rate is not None:
        lines.append(
            _(
                "under half of the {rate} per 1,000 views of this account's videos posted in "
                "{window}: the cause is in this account, not the platform"
            ).format(rate=_per_1000(facts.baseline_rate), window=_span(facts.baseline))
        )
    return lines


def _seconds(value: float) -> str:
    return _("{seconds} s").format(seconds=fmt.decimal(value))


def watch_lines(facts: ContentFacts) -> list[str]:
    """Recent videos watched less to the end, or for less time, than the earlier ones."""
    lines = []
    if facts.completion is not None:
        lines.append(_completion(facts.completion))
    if facts.watch_time is not None:
        lines.append(_watch_time(facts.watch_time))
    return lines


def _completion(change: VideoChange) -> str:
    return ngettext(
        "fewer watched to the end: {now} of the views of the {n} video posted in {window}, "
        "against {then} for the videos posted in {earlier} ({change}; TikTok's own figures)",
        "fewer watched to the end: {now} of the views of the {n} videos posted in {window}, "
        "against {then} for the videos posted in {earlier} ({change}; TikTok's own figures)",
        change.now.videos,
    ).format(
        now=fmt.percent(change.now.value, 0),
        n=fmt.count(change.now.videos),
        window=_span(change.now.span),
        then=fmt.percent(change.then.value, 0),
        earlier=_span(change.then.span),
        change=fmt.signed_percent(change.change),
    )


def _watch_time(change: VideoChange) -> str:
    return ngettext(
        "shorter watch time: {now} on average for the {n} video posted in {window}, against "
        "{then} for the videos posted in {earlier} ({change}; TikTok's own figures)",
        "shorter watch time: {now} on average for the {n} videos posted in {window}, against "
        "{then} for the videos posted in {earlier} ({change}; TikTok's own figures)",
        change.now.videos,
    ).format(
        now=_seconds(change.now.value),
        n=fmt.count(change.now.videos),
        window=_span(change.now.span),
        then=_seconds(change.then.value),
        earlier=_span(change.then.span),
        change=fmt.signed_percent(change.change),
    )


def for_you_lines(facts: ReachFacts) -> list[str]:
    """The For You feed brought a smaller share of the recent videos' views."""
    change = facts.for_you
    if change is None:
        return []
    return [
        ngettext(
            "For You brought {now} of the views of the {n} video posted in {window}, against "
            "{then} for the videos posted in {earlier} ({change}; TikTok's own figures)",
            "For You brought {now} of the views of the {n} videos posted in {window}, against "
            "{then} for the videos posted in {earlier} ({change}; TikTok's own figures)",
            change.now.videos,
        ).format(
            now=fmt.percent(change.now.value, 0),
            n=fmt.count(change.now.videos),
            window=_span(change.now.span),
            then=fmt.percent(change.then.value, 0),
            earlier=_span(change.then.span),
            change=fmt.signed_percent(change.change),
        )
    ]


def counted_post(impact: PostImpact) -> str:
    """A video with TikTok's own count of the followers it brought."""
    return _(
        "{title} ({day}): {followers} followers from {views} views: {rate} per 1,000, as "
        "TikTok counted them"
    ).format(
        title=quoted(clip(impact.title or impact.post_id, 60)),
        day=fmt.day(impact.posted),
        followers=fmt.signed(round(impact.followers)),
        views=fmt.count(impact.views),
        rate=fmt.decimal(impact.per_1000_views),
    )


def origin_lines(diagnosis: Diagnosis) -> list[str]:
    """Which figures came from TikTok directly and which are estimated; nothing when TikTok
    gave none of its video figures (every video line then says it is estimated)."""
    counted = sum(1 for post in diagnosis.posts if post.counted)
    facts = [finding.facts for finding in diagnosis.findings]
    videos = any(isinstance(f, ContentFacts) and f.conversion.kind is Follows.VIDEOS for f in facts)
    watched = any(isinstance(f, ContentFacts) and (f.completion or f.watch_time) for f in facts)
    for_you = any(isinstance(f, ReachFacts) and f.for_you for f in facts)
    lines = []
    if counted:
        lines.append(
            ngettext(
                "Followers of {n} video: TikTok's own count",
                "Followers of {n} videos: TikTok's own count",
                counted,
            ).format(n=fmt.count(counted))
        )
    estimated = len(diagnosis.posts) - counted
    if estimated and (counted or videos or watched or for_you):
        lines.append(
            ngettext(
                "Followers of {n} video: estimated from the net followers of the day it was "
                "posted and the two after",
                "Followers of {n} videos: estimated from the net followers of the day each was "
                "posted and the two after",
                estimated,
            ).format(n=fmt.count(estimated))
        )
    if videos:
        lines.append(_("Follows per view: TikTok's own count of each video's new followers"))
    if watched:
        lines.append(_("Completion and watch time: TikTok's own figures per video"))
    if for_you:
        lines.append(_("For You share of views: TikTok's own figures per video"))
    return lines
