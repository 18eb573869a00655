"""Bot purge: TikTok removed fake followers at once.

Sources: "Why Am I Losing Followers on TikTok?", §5 "You Had a Lot of Bots Following Your
Account" and §2 "TikTok Changed Its Algorithm".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from bot.analytics.diagnose.context import Context, known, ratio, scale
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

ARTICLE = "000 §2, §5"
MAD_TO_SIGMA = 1.4826  # the MAD of normal noise times this is its standard deviation


@dataclass(frozen=True)
class ViewsHeld:
    """Mean daily views on the loss day and the two before, against the baseline's median."""

    per_day: float
    usual: float
    share: float


@dataclass(frozen=True)
class EngagementRise:
    """Engagement per view after the loss against the baseline's."""

    after: float
    before: float


@dataclass(frozen=True)
class BotPurgeFacts(Facts):
    """The worst outlier day against the baseline's median and usual swing (the MAD scaled to a
    standard deviation, so ``z`` is how many swings the day fell below the median); every
    outlier day (``days``); what views did around it (None: unknown) and whether engagement
    per view rose after it (None: it did not)."""

    loss: float
    day: date
    z: float
    usual_net: float
    swing: float
    baseline: Span
    views: ViewsHeld | None
    engagement: EngagementRise | None
    days: tuple[date, ...] = ()


def bot_purge(ctx: Context) -> Outcome:
    """A one- or two-day loss far outside the account's normal daily churn (robust z-score over
    the baseline) while views hold: "losing a lot of followers at once? TikTok may be removing
    them because they're bots" ("Why Am I Losing Followers on TikTok?", §5); stronger when
    engagement per view rises after, as when a slew of bots was banned and "Engagement soared"
    (§2)."""
    th = ctx.th
    normal = known(ctx.net[ctx.baseline])
    if len(normal) < th.min_baseline_days:
        return Unsupported(
            Cause.BOT_PURGE,
            Lack.NET_BASELINE,
            Export.FOLLOWERS,
            Shortfall(need=th.min_baseline_days, have=len(normal), within=th.baseline_days),
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
    score = 0.6 + 0.3 * scale(-z[worst], th.purge_z, 20)
    before = ctx.views[max(day_i - 2, 0) : day_i + 1]
    base_views = known(ctx.views[ctx.baseline])
    views = None
    if len(known(before)) and len(base_views) >= th.min_baseline_days:
        typical = float(np.median(base_views))
        held = float(np.nanmean(before)) / typical if typical > 0 else 1.0
        if held < th.purge_views_floor:
            return None
        views = ViewsHeld(float(np.nanmean(before)), typical, held)
    else:
        score -= 0.15
    after = slice(day_i + 1, min(day_i + 1 + th.purge_after_days, ctx.end_i + 1))
    now = ratio(ctx.engagement[after], ctx.views[after])
    then = ratio(ctx.engagement[ctx.baseline], ctx.views[ctx.baseline])
    engagement = None
    if now and then and now.value >= then.value * (1 + th.purge_engagement_rise):
        score += 0.1
        engagement = EngagementRise(now.value, then.value)
    facts = BotPurgeFacts(
        loss=float(net[worst]),
        day=ctx.day(day_i),
        z=float(z[worst]),
        usual_net=median,
        swing=sigma,
        baseline=ctx.span(ctx.baseline),
        views=views,
        engagement=engagement,
        days=tuple(ctx.day(ctx.start_i + int(i)) for i in np.flatnonzero(outliers)),
    )
    return Finding(Cause.BOT_PURGE, round(score, 2), facts, ARTICLE)
