"""TikTok's own figures per video (API for Business): recent videos against the account's earlier
ones, and follows per view counted video by video.

Source: "Why Am I Losing Followers on TikTok?", §1 "Your Content Isn't Resonating with Your
Followers" ("A video gets 1,000 views / You get 10 new followers") and §3 "You're Shadow
Banned" ("Your content won't be shown on the For You Page").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.analytics.diagnose.context import Context
from bot.analytics.diagnose.outcomes import Span


@dataclass(frozen=True)
class VideoRate:
    """A per-video figure over ``videos`` videos of ``span``, weighted by their views."""

    value: float
    videos: int
    span: Span


@dataclass(frozen=True)
class VideoChange:
    """A per-video figure of the window's videos against the baseline's, and the relative
    change (-0.3: three tenths lower)."""

    now: VideoRate
    then: VideoRate
    change: float


def counted(ctx: Context, s: slice) -> np.ndarray:
    """Positions of the posts of a slice of days with views and TikTok's new followers."""
    near = ctx.posts_in(s)
    views = ctx.post_views[near]
    return near[~np.isnan(ctx.post_new_followers[near]) & (np.nan_to_num(views) > 0)]


def video_rate(ctx: Context, figure: np.ndarray, s: slice) -> VideoRate | None:
    """The views-weighted mean of ``figure`` over the posts of a slice of days that have it and
    views (a completion rate over all their views); None under ``min_videos`` such posts."""
    near = ctx.posts_in(s)
    values, views = figure[near], ctx.post_views[near]
    both = ~np.isnan(values) & (np.nan_to_num(views) > 0)
    if both.sum() < ctx.th.min_videos:
        return None
    value = float((values[both] * views[both]).sum() / views[both].sum())
    return VideoRate(value, int(both.sum()), ctx.span(s))


def video_change(ctx: Context, figure: np.ndarray, drop: float) -> VideoChange | None:
    """The window's videos against the baseline's when the figure fell by ``drop`` or more;
    None when it held or either side has too few videos to say."""
    now, then = video_rate(ctx, figure, ctx.current), video_rate(ctx, figure, ctx.baseline)
    if now is None or then is None or then.value <= 0:
        return None
    change = now.value / then.value - 1
    return VideoChange(now, then, change) if change <= -drop else None
