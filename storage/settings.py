"""What each guild chose (timezone, channels, digest time) and who wants which alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select

from storage._db import Database, as_utc
from storage.accounts import Account
from storage.schema import guild_settings, subscriptions


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"
    digest_channel_id: int | None = None
    digest_weekday: int = 0  # Monday
    digest_time: str = "09:00"
    alert_channel_id: int | None = None
    manager_role_id: int | None = None
    # When the digest's channel or schedule was last set (None: before this was recorded).
    digest_since: datetime | None = None
    data_role_id: int | None = None  # who may add data; None: every member
    # The Discord locale scheduled posts are written in; None: the server's community language.
    language: str | None = None


class SettingsStore:
    """Guild settings; a guild that never changed one reads as the defaults."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int) -> GuildSettings:
        async with self._db.engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        select(guild_settings).where(guild_settings.c.guild_id == guild_id)
                    )
                )
                .mappings()
                .first()
            )
        return _settings(row) if row else GuildSettings(guild_id=guild_id)

    async def all(self) -> list[GuildSettings]:
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(select(guild_settings))).mappings().all()
        return [_settings(row) for row in rows]

    async def update(self, guild_id: int, **fields: Any) -> GuildSettings:
        """Change some settings of a guild, creating its row with defaults when needed."""
        unknown = set(fields) - set(guild_settings.c.keys())
        if unknown:
            raise ValueError(f"unknown guild settings: {sorted(unknown)}")
        stmt = self._db.insert(guild_settings).values(guild_id=guild_id, **fields)
        stmt = stmt.on_conflict_do_update(index_elements=["guild_id"], set_=fields)
        async with self._db.writes.begin() as conn:
            await conn.execute(stmt)
        return await self.get(guild_id)


def _settings(row: Any) -> GuildSettings:
    since = row["digest_since"]
    return GuildSettings(**{**row, "digest_since": as_utc(since) if since else None})


class SubscriptionStore:
    """Users subscribed to one account's alerts, or to every account of their guild."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, guild_id: int, user_id: int, account_id: int | None) -> bool:
        """Returns False when the user was already subscribed to that scope. The unique
        indexes decide, so two requests at the same moment store one subscription."""
        stmt = (
            self._db.insert(subscriptions)
            .values(guild_id=guild_id, user_id=user_id, account_id=account_id)
            .on_conflict_do_nothing()
        )
        async with self._db.writes.begin() as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount == 1)

    async def remove(self, guild_id: int, user_id: int, account_id: int | None) -> bool:
        async with self._db.writes.begin() as conn:
            found = await conn.scalar(_subscription_id(guild_id, user_id, account_id))
            if found is None:
                return False
            await conn.execute(delete(subscriptions).where(subscriptions.c.id == found))
        return True

    async def subscribers(self, account: Account) -> list[int]:
        """Users who want alerts for this account, directly or through "all accounts"."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(subscriptions.c.user_id)
                .distinct()
                .where(
                    subscriptions.c.guild_id == account.guild_id,
                    or_(
                        subscriptions.c.account_id == account.id,
                        subscriptions.c.account_id.is_(None),
                    ),
                )
                .order_by(subscriptions.c.user_id)
            )
            return [row[0] for row in rows]


def _subscription_id(guild_id: int, user_id: int, account_id: int | None) -> Any:
    scope = (
        subscriptions.c.account_id.is_(None)
        if account_id is None
        else subscriptions.c.account_id == account_id
    )
    return select(subscriptions.c.id).where(
        subscriptions.c.guild_id == guild_id, subscriptions.c.user_id == user_id, scope
    )
