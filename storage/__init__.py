"""Persistence: schema, migrations and the one Store API. No discord imports."""

from storage.audience import AudienceSnapshot, LatestAudience
from storage.goals import StoredGoal
from storage.merge import MergeOutcome
from storage.milestones import ReachedMilestone
from storage.store import (
    Account,
    AccountExists,
    Delivery,
    GuildSettings,
    ImportOutcome,
    Store,
)

__all__ = [
    "Account",
    "AccountExists",
    "AudienceSnapshot",
    "Delivery",
    "GuildSettings",
    "ImportOutcome",
    "LatestAudience",
    "MergeOutcome",
    "ReachedMilestone",
    "Store",
    "StoredGoal",
]
