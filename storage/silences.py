"""Alerts held back: snoozed by one member for a while, or muted for an account by a manager."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from storage._db import Database
from storage.schema import accounts, alert_mutes, alert_snoozes


class SilenceStore:
    """Who asked for quiet about which account, and until when."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def snooze(self, account_id: int, user_id: int, until: datetime) -> None:
        """No alert DMs about the account for this member until ``until`` (a later press
        moves it)."""
        stmt = self._db.insert(alert_snoozes).values(
            account_id=account_id, user_id=user_id, until=until
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["account_id", "user_id"], set_={"until": until}
        )
        async with self._db.writes.begin() as conn:
            await conn.execute(stmt)

    async def snoozed(self, account_id: int, now: datetime) -> set[int]:
        """Members whose snooze of this account still runs at ``now``."""
        query = select(alert_snoozes.c.user_id).where(
            alert_snoozes.c.account_id == account_id, alert_snoozes.c.until > now
        )
        async with self._db.engine.connect() as conn:
            return set((await conn.execute(query)).scalars().all())

    async def mute(self, account_id: int, user_id: int, now: datetime) -> bool:
        """False when the account was muted already."""
        stmt = (
            self._db.insert(alert_mutes)
            .values(account_id=account_id, muted_by=user_id, muted_at=now)
            .on_conflict_do_nothing(index_elements=["account_id"])
        )
        async with self._db.writes.begin() as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount)

    async def unmute(self, account_id: int) -> bool:
        """False when the account was not muted."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                delete(alert_mutes).where(alert_mutes.c.account_id == account_id)
            )
        return bool(result.rowcount)

    async def muted(self, account_id: int) -> bool:
        query = select(alert_mutes.c.account_id).where(alert_mutes.c.account_id == account_id)
        async with self._db.engine.connect() as conn:
            return await conn.scalar(query) is not None

    async def muted_handles(self, guild_id: int) -> list[str]:
        """The guild's muted accounts, by handle."""
        query = (
            select(accounts.c.handle)
            .join(alert_mutes, alert_mutes.c.account_id == accounts.c.id)
            .where(accounts.c.guild_id == guild_id)
            .order_by(accounts.c.handle)
        )
        async with self._db.engine.connect() as conn:
            return list((await conn.execute(query)).scalars().all())
