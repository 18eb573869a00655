"""Engagement decline: viewers like, comment and share less per view.

Source: "What is net followers on TikTok", "Engagement and Interaction".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.analytics.diagnose.context import Context, Ratio, ratio, scale
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

ARTICLE = "002"


@dataclass(frozen=True)
class EngagementFacts(Facts):
    """Engagement per view (``top`` engagements on ``bottom`` views) in the window and the
    baseline, and the relative change."""

    now: Ratio
    then: Ratio
    change: float
    window: Span
    baseline: Span


def engagement_decline(ctx: Context) -> Outcome:
    """Engagement per view, (likes + comments + shares) / views, down 30% or more against the
    baseline: engagement and interaction build the connection that "minimizes follower loss"
    ("What is net followers on TikTok", Engagement and Interaction)."""
    th = ctx.th
    then = ratio(ctx.engagement[ctx.baseline], ctx.views[ctx.baseline])
    now = ratio(ctx.engagement[ctx.current], ctx.views[ctx.current])
    if not then or not now or then.days < th.min_baseline_days or now.days < ctx.min_window:
        return Unsupported(
            Cause.ENGAGEMENT_DECLINE,
            Lack.ENGAGEMENT_COVERAGE,
            Export.OVERVIEW,
            Shortfall(
                need=th.min_baseline_days,
                have=then.days if then else 0,
                within=th.baseline_days,
                need_in_window=ctx.min_window,
                have_in_window=now.days if now else 0,
            ),
        )
    if then.value <= 0:
        return None
    change = now.value / then.value - 1
    if change > -th.engagement_drop:
        return None
    facts = EngagementFacts(
        now=now,
        then=then,
        change=change,
        window=ctx.span(ctx.current),
        baseline=ctx.span(ctx.baseline),
    )
    score = 0.5 + 0.35 * scale(-change, th.engagement_drop, 0.8)
    return Finding(Cause.ENGAGEMENT_DECLINE, round(score, 2), facts, ARTICLE)
