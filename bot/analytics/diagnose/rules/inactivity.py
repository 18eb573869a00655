"""Inactivity: posting slowed or stopped.

Sources: "Why Am I Losing Followers on TikTok?", §6 "You're Not Being Active"; "What is net
followers on TikTok", "Post Consistently".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.analytics.diagnose.context import Context, scale
from bot.analytics.diagnose.outcomes import (
    Cause,
    Export,
    Facts,
    Finding,
    Lack,
    Outcome,
    Span,
    Unsupported,
)

ARTICLE = "000 §6, 002"


@dataclass(frozen=True)
class InactivityFacts(Facts):
    """The last post (``quiet`` when it is a week or more before ``end``) and the recent pace,
    with the account's own pace when posting slowed and the floor when under it."""

    last_post: date
    days_since: int
    end: date
    quiet: bool
    posts: int
    recent: Span
    rate: float
    usual_rate: float | None
    usual: Span
    floor: float | None


def inactivity(ctx: Context) -> Outcome:
    """Days since the last post, and posts per week against 3/week ("What is net followers on
    TikTok", Post Consistently: "at least three to five times a week"; "Why Am I Losing Followers
    on TikTok?" §6: TikTok recommends 1-4 a day) and against the account's own pace (§6: "If you
    slow your pace, you'll fall behind")."""
    th = ctx.th
    if not ctx.has_posts:
        return Unsupported(Cause.INACTIVITY, Lack.TIMED_POSTS, Export.CONTENT)
    last = int(ctx.post_day[-1])
    gap = ctx.end_i - last
    recent, rate, base, base_rate = ctx.cadence()
    scores = []
    quiet = gap >= th.inactive_days
    if quiet:
        scores.append(0.5 + 0.4 * scale(gap, th.inactive_days, th.inactive_days_severe))
    slowed_from = base_rate if base_rate and rate < th.cadence_floor * base_rate else None
    if slowed_from:
        scores.append(0.5 + 0.4 * scale(1 - rate / slowed_from, 1 - th.cadence_floor, 1))
    floor = th.posts_per_week if rate < th.posts_per_week else None
    if floor:
        scores.append(0.3 + 0.3 * (1 - rate / floor))
    if not scores:
        return None
    facts = InactivityFacts(
        last_post=ctx.day(last),
        days_since=gap,
        end=ctx.end,
        quiet=quiet,
        posts=len(ctx.posts_in(recent)),
        recent=ctx.span(recent),
        rate=rate,
        usual_rate=slowed_from,
        usual=ctx.span(base),
        floor=floor,
    )
    return Finding(Cause.INACTIVITY, round(max(scores), 2), facts, ARTICLE)
