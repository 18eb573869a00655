"""Follower goals: one per account."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select

from bot.analytics.goals import Goal
from storage._db import Database
from storage.schema import accounts, goals


class GoalStore:
    """Follower goals, one per account."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(
        self, account_id: int, followers: int, by: date | None, *, user_id: int, now: datetime
    ) -> None:
        """Set or replace the account's goal."""
        values = {"followers": followers, "by_day": by, "set_by": user_id, "set_at": now}
        stmt = self._db.insert(goals).values(account_id=account_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=["account_id"], set_=values)
        async with self._db.writes.begin() as conn:
            await conn.execute(stmt)

    async def clear(self, account_id: int) -> bool:
        """False when the account had no goal."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(delete(goals).where(goals.c.account_id == account_id))
        return bool(result.rowcount)

    async def get(self, account_id: int) -> Goal | None:
        async with self._db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(goals.c.followers, goals.c.by_day).where(
                        goals.c.account_id == account_id
                    )
                )
            ).first()
        return Goal(int(row[0]), row[1]) if row else None

    async def of_guild(self, guild_id: int) -> dict[int, Goal]:
        """Every goal of the guild's accounts, by account id."""
        query = (
            select(goals.c.account_id, goals.c.followers, goals.c.by_day)
            .join(accounts, accounts.c.id == goals.c.account_id)
            .where(accounts.c.guild_id == guild_id)
        )
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row[0]: Goal(int(row[1]), row[2]) for row in rows}
