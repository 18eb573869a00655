"""Run every rule over one account's window and gather what they find."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from bot.analytics.diagnose.attribution import post_impacts
from bot.analytics.diagnose.context import Context
from bot.analytics.diagnose.outcomes import (
    Churn,
    Diagnosis,
    Finding,
    Member,
    Span,
    Unsupported,
)
from bot.analytics.diagnose.ranking import rank
from bot.analytics.diagnose.rules import OWN_RULES
from bot.analytics.diagnose.rules.bot_purge import BotPurgeFacts
from bot.analytics.diagnose.rules.platform_change import platform_change
from bot.analytics.diagnose.thresholds import DEFAULT_THRESHOLDS, Thresholds


def _churn(ctx: Context, net: int) -> Churn:
    """Net loss against the total before the window ("Why Am I Losing Followers on TikTok?",
    introduction: "even when you do everything right, you may start losing followers")."""
    window = ctx.window
    before = float(ctx.followers[ctx.start_i - 1])
    if np.isnan(before) and window.total is not None and not window.partial:
        before = float(window.total - net)
    known = not np.isnan(before) and before > 0
    return Churn(net, Span(window.start, window.end), before if known else None)


def diagnose(
    daily: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    end: date,
    days: int = 7,
    team: Mapping[int, Member] | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
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
    outcomes = [rule(ctx) for rule in OWN_RULES]
    findings = [o for o in outcomes if isinstance(o, Finding)]
    outcomes.append(platform_change(ctx, findings))
    findings = [o for o in outcomes if isinstance(o, Finding)]
    net = ctx.window.net
    purged = tuple(
        day for f in findings if isinstance(f.facts, BotPurgeFacts) for day in f.facts.days
    )
    return Diagnosis(
        window=ctx.window,
        findings=rank(findings),
        unsupported=tuple(o for o in outcomes if isinstance(o, Unsupported)),
        churn=_churn(ctx, net) if net is not None and net < 0 and not findings else None,
        posts=post_impacts(ctx, purged),
        uncounted=purged,
    )
