"""Reach collapse: For You reach fell while posting went on (a possible shadow ban or strike).

Sources: "Why Am I Losing Followers on TikTok?", §3 "You're Shadow Banned" and §4 "Your Content
Violates TikTok's Community Guidelines".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.analytics.diagnose.context import Context, known, scale
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
from bot.analytics.diagnose.videos import VideoChange, video_change

ARTICLE = "000 §3, §4"


@dataclass(frozen=True)
class ReachFacts(Facts):
    """Median daily views in the window against the baseline's, and the posts that went on;
    the share of the window's videos' views that came from For You against the earlier videos'
    when TikTok gave it and it fell (None: it held, or too few videos to say)."""

    views: float
    usual_views: float
    share: float
    window: Span
    baseline: Span
    posts: int
    for_you: VideoChange | None = None


def reach_collapse(ctx: Context) -> Outcome:
    """Typical daily views fall under half of the 28-day baseline while posting goes on: on a
    shadow ban "your content won't be shown on the For You Page (FYP), so your reach starts to
    fall" ("Why Am I Losing Followers on TikTok?", §3), often after a community-guidelines
    violation (§4). Daily views, not views per post: a post's views are its lifetime total, so
    recent posts always look smaller. Where TikTok tells each video's For You share, a recent
    fall of it is the §3 sign itself and strengthens the finding."""
    th = ctx.th
    base, now = known(ctx.views[ctx.baseline]), known(ctx.views[ctx.current])
    if len(base) < th.min_baseline_days or len(now) < ctx.min_window:
        return Unsupported(
            Cause.REACH_COLLAPSE,
            Lack.VIEWS_COVERAGE,
            Export.OVERVIEW,
            Shortfall(
                need=th.min_baseline_days,
                have=len(base),
                within=th.baseline_days,
                need_in_window=ctx.min_window,
                have_in_window=len(now),
            ),
        )
    if not ctx.has_posts:
        return Unsupported(Cause.REACH_COLLAPSE, Lack.POSTS_FOR_REACH, Export.CONTENT)
    typical, current = float(np.median(base)), float(np.median(now))
    if typical <= 0 or current >= th.reach_floor * typical:
        return None
    _, rate, _, base_rate = ctx.cadence()
    posted = len(ctx.posts_in(ctx.current))
    if posted == 0 or (base_rate and rate < th.cadence_floor * base_rate):
        return None  # posting stopped or slowed: that is the inactivity rule's finding
    share = current / typical
    for_you = video_change(ctx, ctx.post_for_you, th.for_you_drop)
    facts = ReachFacts(
        views=current,
        usual_views=typical,
        share=share,
        window=ctx.span(ctx.current),
        baseline=ctx.span(ctx.baseline),
        posts=posted,
        for_you=for_you,
    )
    score = 0.55 + 0.4 * scale(1 - share, 1 - th.reach_floor, 0.9) + (0.05 if for_you else 0)
    return Finding(Cause.REACH_COLLAPSE, round(score, 2), facts, ARTICLE)
