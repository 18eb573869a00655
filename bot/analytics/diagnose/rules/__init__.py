"""The rules that read one account's own data, in the order they run.

The platform rule (``platform_change``) runs after them, over the team, and is not listed here.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.analytics.diagnose.context import Context
from bot.analytics.diagnose.outcomes import Outcome
from bot.analytics.diagnose.rules.bot_purge import bot_purge
from bot.analytics.diagnose.rules.content import content_not_resonating
from bot.analytics.diagnose.rules.engagement_decline import engagement_decline
from bot.analytics.diagnose.rules.inactivity import inactivity
from bot.analytics.diagnose.rules.niche_shift import niche_shift
from bot.analytics.diagnose.rules.reach_collapse import reach_collapse

OWN_RULES: tuple[Callable[[Context], Outcome], ...] = (
    content_not_resonating,
    inactivity,
    bot_purge,
    reach_collapse,
    niche_shift,
    engagement_decline,
)
