"""Tracked accounts: one row per (guild, platform, handle), with an id never handed out twice."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select

from storage._db import Database, as_utc
from storage.schema import accounts, snapshots


class AccountExists(Exception):
    """The guild already tracks that handle."""


@dataclass(frozen=True)
class Account:
    id: int
    guild_id: int
    platform: str
    handle: str
    owner_id: int | None
    created_at: datetime


class AccountStore:
    """The accounts each guild tracks."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        """``clock``: the bot's "now", which dates a newly tracked account."""
        self._db = db
        self._clock = clock

    async def add(
        self,
        guild_id: int,
        handle: str,
        *,
        owner_id: int | None = None,
        platform: str = "tiktok",
    ) -> Account:
        account, created = await self.track(guild_id, handle, owner_id=owner_id, platform=platform)
        if not created:
            raise AccountExists(handle)
        return account

    async def track(
        self,
        guild_id: int,
        handle: str,
        *,
        owner_id: int | None = None,
        platform: str = "tiktok",
    ) -> tuple[Account, bool]:
        """The guild's account for a handle, created unless it exists (True when created now).
        Another writer creating the same account at the same moment gets the same account."""
        created = self._clock()
        stmt = (
            self._db.insert(accounts)
            .values(
                guild_id=guild_id,
                platform=platform,
                handle=handle,
                owner_id=owner_id,
                created_at=created,
            )
            .on_conflict_do_nothing(index_elements=["guild_id", "platform", "handle"])
            .returning(accounts.c.id)
        )
        async with self._db.writes.begin() as conn:
            account_id = await conn.scalar(stmt)
            if account_id is not None:
                return Account(account_id, guild_id, platform, handle, owner_id, created), True
            row = (await conn.execute(_account_named(guild_id, platform, handle))).mappings().one()
        return _account(row), False

    async def get(self, guild_id: int, handle: str, platform: str = "tiktok") -> Account | None:
        async with self._db.engine.connect() as conn:
            row = (
                (await conn.execute(_account_named(guild_id, platform, handle))).mappings().first()
            )
        return _account(row) if row else None

    async def by_id(self, account_id: int) -> Account | None:
        """The account with this id, in whichever guild tracks it (None once removed)."""
        async with self._db.engine.connect() as conn:
            row = (
                (await conn.execute(select(accounts).where(accounts.c.id == account_id)))
                .mappings()
                .first()
            )
        return _account(row) if row else None

    async def list(self, guild_id: int) -> list[Account]:
        async with self._db.engine.connect() as conn:
            rows = (
                (
                    await conn.execute(
                        select(accounts)
                        .where(accounts.c.guild_id == guild_id)
                        .order_by(accounts.c.handle)
                    )
                )
                .mappings()
                .all()
            )
        return [_account(row) for row in rows]

    async def all(self) -> builtins.list[Account]:
        async with self._db.engine.connect() as conn:
            rows = (
                (await conn.execute(select(accounts).order_by(accounts.c.guild_id, accounts.c.id)))
                .mappings()
                .all()
            )
        return [_account(row) for row in rows]

    async def search_handles(self, guild_id: int, text: str, limit: int = 25) -> builtins.list[str]:
        """This guild's handles containing ``text``, those starting with it first."""
        needle = text.strip().lstrip("@").lower()
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        starts = accounts.c.handle.like(needle.replace("%", "") + "%", escape="\\")
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(accounts.c.handle)
                .where(
                    accounts.c.guild_id == guild_id, accounts.c.handle.like(pattern, escape="\\")
                )
                .order_by(starts.desc(), accounts.c.handle)
                .limit(limit)
            )
            return [row[0] for row in rows]

    async def remove(self, account_id: int) -> int:
        """Delete an account; its snapshots, posts, uploads, subscriptions and alert claims go
        with it (ON DELETE CASCADE). Returns the days of data deleted."""
        async with self._db.writes.begin() as conn:
            days = await conn.scalar(
                select(func.count())
                .select_from(snapshots)
                .where(snapshots.c.account_id == account_id)
            )
            await conn.execute(delete(accounts).where(accounts.c.id == account_id))
        return int(days or 0)


def _account_named(guild_id: int, platform: str, handle: str) -> Select[Any]:
    """The account row with this (guild, platform, handle), its natural key."""
    return select(accounts).where(
        accounts.c.guild_id == guild_id,
        accounts.c.platform == platform,
        accounts.c.handle == handle,
    )


def _account(row: Any) -> Account:
    return Account(
        id=row["id"],
        guild_id=row["guild_id"],
        platform=row["platform"],
        handle=row["handle"],
        owner_id=row["owner_id"],
        created_at=as_utc(row["created_at"]),
    )
