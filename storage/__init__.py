"""Persistence: schema, migrations and the one Store API. No discord imports."""

from storage.merge import MergeOutcome
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
    "Delivery",
    "GuildSettings",
    "ImportOutcome",
    "MergeOutcome",
    "Store",
]
