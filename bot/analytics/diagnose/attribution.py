"""Which posts gained or lost followers: each day's net credited to the posts behind it.

Source: "What is net followers on TikTok", "Use Data Analytics": "Monitor which videos gain or
lose followers".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from bot.analytics.diagnose.context import Context
from bot.analytics.diagnose.outcomes import PostImpact
from bot.analytics.diagnose.thresholds import DEFAULT_THRESHOLDS


def post_impacts(ctx: Context, uncounted: tuple[date, ...] = ()) -> tuple[PostImpact, ...]:
    """Each day's net split among the posts of that day and the two before, weighted by views
    (equally when no views are known), then each window post's share per 1,000 views, best first;
    a post with TikTok's own count of the followers it brought (API for Business) has that
    count instead of the estimate.
    Days of unknown net credit nothing, nor do ``uncounted`` days (a bot purge is TikTok's
    doing, not a video's). Left out: posts without views (no rate) and posts whose
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
    net = np.nan_to_num(ctx.net[first : ctx.end_i + 1])
    for day in uncounted:
        if 0 <= ctx.idx(day) - first < len(net):
            net[ctx.idx(day) - first] = 0.0
    credit = shares @ net
    told = ctx.post_new_followers[near]
    followers = np.where(np.isnan(told), credit, told)
    impacts = [
        PostImpact(
            post_id=ctx.post_ids[k],
            title=ctx.post_titles[k],
            posted=ctx.day(int(ctx.post_day[k])),
            views=int(ctx.post_views[k]),
            followers=float(followers[row]),
            per_1000_views=float(followers[row] / ctx.post_views[k] * 1000),
            counted=not np.isnan(told[row]),
        )
        for row, k in enumerate(near)
        if ctx.start_i <= ctx.post_day[k] <= ctx.end_i + 1 - span and ctx.post_views[k] > 0
    ]
    return tuple(sorted(impacts, key=lambda p: -p.per_1000_views))


@dataclass(frozen=True)
class TopVideos:
    """The window's post credited with the most followers, and the one credited with the
    fewest (None when the window has fewer than two)."""

    most: PostImpact | None
    weakest: PostImpact | None


def top_videos(
    daily: pd.DataFrame, posts: pd.DataFrame, *, end: date, days: int, tz: str
) -> TopVideos:
    """The same attribution /why uses, ranked by the followers each post brought."""
    ctx = Context(daily, posts, end=end, days=days, team={}, thresholds=DEFAULT_THRESHOLDS, tz=tz)
    ranked = sorted(post_impacts(ctx), key=lambda p: (-p.followers, p.post_id))
    if not ranked:
        return TopVideos(None, None)
    return TopVideos(ranked[0], ranked[-1] if len(ranked) > 1 else None)
