"""Persistence: schema, migrations and the one Store API. No discord imports."""

from storage._db import PoolSize, unwritable
from storage.accounts import Account, AccountExists
from storage.deliveries import Delivery, Lease
from storage.merge import MergeOutcome
from storage.settings import GuildSettings
from storage.store import Store
from storage.uploads import ImportOutcome

__all__ = [
    "Account",
    "AccountExists",
    "Delivery",
    "GuildSettings",
    "ImportOutcome",
    "Lease",
    "MergeOutcome",
    "PoolSize",
    "Store",
    "unwritable",
]
