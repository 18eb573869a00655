"""Why an account is losing followers: seven rules over the team's own data.

Each rule reads one account's daily frame and posts (the platform rule also the team's other
accounts) and returns a ``Finding`` (a likely cause with the numbers and dates that show it),
``None`` (the data show no such cause) or ``Unsupported`` (the data cannot tell, and which export
would). The rules come from "Why Am I Losing Followers on TikTok?" and "What is net followers on
TikTok"; ``bot.render.diagnosis`` words their findings. Net followers always come from
``bot.analytics.series``.
"""

from bot.analytics.diagnose.attribution import post_impacts
from bot.analytics.diagnose.context import Context
from bot.analytics.diagnose.outcomes import (
    Cause,
    Churn,
    Diagnosis,
    Export,
    Facts,
    Finding,
    Lack,
    Member,
    Outcome,
    PostImpact,
    Shortfall,
    Span,
    Unsupported,
)
from bot.analytics.diagnose.ranking import rank
from bot.analytics.diagnose.rules.bot_purge import BotPurgeFacts, EngagementRise, ViewsHeld
from bot.analytics.diagnose.rules.content import ContentFacts, Conversion, Follows
from bot.analytics.diagnose.rules.engagement_decline import EngagementFacts
from bot.analytics.diagnose.rules.inactivity import InactivityFacts
from bot.analytics.diagnose.rules.niche_shift import NicheFacts, topics
from bot.analytics.diagnose.rules.platform_change import PlatformFacts
from bot.analytics.diagnose.rules.reach_collapse import ReachFacts
from bot.analytics.diagnose.run import diagnose
from bot.analytics.diagnose.thresholds import Thresholds
from bot.analytics.diagnose.videos import VideoChange, VideoRate

__all__ = [
    "BotPurgeFacts",
    "Cause",
    "Churn",
    "ContentFacts",
    "Context",
    "Conversion",
    "Diagnosis",
    "EngagementFacts",
    "EngagementRise",
    "Export",
    "Facts",
    "Finding",
    "Follows",
    "InactivityFacts",
    "Lack",
    "Member",
    "NicheFacts",
    "Outcome",
    "PlatformFacts",
    "PostImpact",
    "ReachFacts",
    "Shortfall",
    "Span",
    "Thresholds",
    "Unsupported",
    "VideoChange",
    "VideoRate",
    "ViewsHeld",
    "diagnose",
    "post_impacts",
    "rank",
    "topics",
]
