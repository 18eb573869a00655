"""The one storage API the bot, scheduler and CLI use: a database and one repository per
aggregate, each in its own module (all SQL of the project lives under ``storage/``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from storage._db import Database, PoolSize
from storage.accounts import AccountStore
from storage.alignment import ExportAlignment
from storage.audience import AudienceStore
from storage.connections import ConnectionStore
from storage.deliveries import DeliveryStore
from storage.goals import GoalStore
from storage.milestones import MilestoneStore
from storage.oauth_states import OAuthStateStore
from storage.offload import Offload, ThreadOffload
from storage.posts import PostStore
from storage.pulls import PullStore
from storage.settings import SettingsStore, SubscriptionStore
from storage.silences import SilenceStore
from storage.snapshots import SnapshotStore
from storage.state import StateStore
from storage.uploads import UploadStore


class Store:
    """Opens the database, migrates it, and hands out the repositories that query it."""

    def __init__(
        self,
        url: str,
        pool: PoolSize | None = None,
        workers: Offload | None = None,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        """``workers``: where the repositories (and the services given this store) run heavy
        work: the bot's fair pool, or asyncio's threads when none is given. ``clock``: the
        bot's "now" (storage never reads the wall clock itself)."""
        self.url = url
        self._db = Database(url, pool)
        self.workers: Offload = workers or ThreadOffload()
        self.accounts = AccountStore(self._db, clock)
        self.snapshots = SnapshotStore(self._db, self.workers)
        self.posts = PostStore(self._db)
        self.uploads = UploadStore(self._db, ExportAlignment(), self.workers, self.posts)
        self.deliveries = DeliveryStore(self._db)
        self.settings = SettingsStore(self._db)
        self.subscriptions = SubscriptionStore(self._db)
        self.state = StateStore(self._db)
        self.oauth_states = OAuthStateStore(self._db)
        self.connections = ConnectionStore(self._db)
        self.pulls = PullStore(
            self._db, snapshots=self.snapshots, posts=self.posts, connections=self.connections
        )
        self.goals = GoalStore(self._db)
        self.milestones = MilestoneStore(self._db)
        self.audience = AudienceStore(self._db)
        self.silences = SilenceStore(self._db)

    async def open(self) -> None:
        """Bring the schema to the newest migration, in one transaction, then connect."""
        await self._db.open()

    async def close(self) -> None:
        await self._db.close()

    @property
    def engine(self) -> AsyncEngine:
        return self._db.engine
