"""Platform-wide change: most of the team loses at once with no cause of its own.

Source: "Why Am I Losing Followers on TikTok?", §2 "TikTok Changed Its Algorithm".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.analytics.diagnose.context import Context, scale
from bot.analytics.diagnose.outcomes import (
    Cause,
    Export,
    Facts,
    Finding,
    Lack,
    Member,
    Outcome,
    Shortfall,
    Span,
    Unsupported,
)
from bot.analytics.diagnose.rules import OWN_RULES
from bot.analytics.series import net_window

ARTICLE = "000 §2"


@dataclass(frozen=True)
class PlatformFacts(Facts):
    """How many of the team's accounts with data lose with no cause of their own (this one
    included), this account's net, and the losing accounts left out because their own data
    explain their losses; the counted ones are the finding's ``accounts``."""

    losing: int
    accounts: int
    share: float
    window: Span
    own_net: int
    explained: tuple[str, ...]


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
    return any(isinstance(o, Finding) and o.own for o in (rule(other) for rule in OWN_RULES))


def platform_change(ctx: Context, findings: Sequence[Finding]) -> Outcome:
    """Most of the team's accounts lose in the same window and nothing specific to any of them
    explains it: TikTok "changed its algorithm" ("Why Am I Losing Followers on TikTok?", §2). A
    team account whose own data show a cause of its own is not counted; neither is low conversion
    a cause of its own unless it is under half of the benchmark and of the account's own baseline
    (the platform lowers all)."""
    th = ctx.th
    own = ctx.window.net
    if own is None or own >= 0 or any(f.own for f in findings):
        return None
    nets = {h: net_window(m.daily, ctx.end, ctx.days).net for h, m in ctx.team.items()}
    known = {h: n for h, n in nets.items() if n is not None}
    if len(known) + 1 < th.platform_min_losing:
        return Unsupported(
            Cause.PLATFORM,
            Lack.TEAM_ACCOUNTS,
            Export.TEAM,
            Shortfall(need=th.platform_min_losing, have=len(known) + 1),
            window=ctx.span(ctx.current),
        )

    def wide(losing: int) -> bool:
        return losing >= th.platform_min_losing and losing / (len(known) + 1) >= th.platform_share

    losing = {h: n for h, n in known.items() if n < 0}
    if not wide(len(losing) + 1):
        return None  # too few lose at all: no need to read their own data
    explained_ids = [key for key in losing if _explained(ctx, ctx.team[key])]
    for key in explained_ids:
        del losing[key]
    explained = sorted(ctx.team[key].handle for key in explained_ids)
    if not wide(len(losing) + 1):
        return None
    share = (len(losing) + 1) / (len(known) + 1)
    facts = PlatformFacts(
        losing=len(losing) + 1,
        accounts=len(known) + 1,
        share=share,
        window=ctx.span(ctx.current),
        own_net=own,
        explained=tuple(explained),
    )
    named = ((ctx.team[key].handle, net) for key, net in losing.items())
    ranked = tuple(sorted(named, key=lambda item: (item[1], item[0])))
    score = 0.5 + 0.4 * scale(share, th.platform_share, 1)
    return Finding(Cause.PLATFORM, round(score, 2), facts, ARTICLE, accounts=ranked, own=False)
