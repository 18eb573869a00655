"""Milestones reached: the first day each account reached each round number, kept forever."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select

from bot.analytics.milestones import AccountMilestone
from bot.analytics.vocabulary import MessageKind, milestone_period, parse_milestone_period
from storage._db import Database
from storage.schema import accounts, deliveries, milestones


class MilestoneStore:
    """The levels each account reached, with the first day."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, account_id: int, reached: Sequence[tuple[int, date]]) -> list[int]:
        """Record levels as reached on their days; returns the levels new now. A level already
        recorded keeps its first day."""
        if not reached:
            return []
        insert_once = self._db.insert(milestones).on_conflict_do_nothing(
            index_elements=["account_id", "level"]
        )
        new = []
        async with self._db.writes.begin() as conn:
            for level, day in reached:
                result = await conn.execute(
                    insert_once.values(account_id=account_id, level=level, day=day)
                )
                if result.rowcount == 1:
                    new.append(level)
        return new

    async def forget_above(self, account_id: int, highest: int) -> list[int]:
        """Forget the levels above ``highest`` (the most the data now shows: a count that
        was corrected), with their message claims, so each is announced when really reached;
        returns the levels forgotten."""
        async with self._db.writes.begin() as conn:
            levels = [
                int(level)
                for level in await conn.scalars(
                    select(milestones.c.level).where(
                        milestones.c.account_id == account_id, milestones.c.level > highest
                    )
                )
            ]
            if levels:
                await conn.execute(
                    delete(milestones).where(
                        milestones.c.account_id == account_id, milestones.c.level.in_(levels)
                    )
                )
                await conn.execute(
                    delete(deliveries).where(
                        deliveries.c.kind == MessageKind.MILESTONE,
                        deliveries.c.account_id == account_id,
                        deliveries.c.period.in_(
                            [milestone_period(account_id, level) for level in levels]
                        ),
                    )
                )
        return levels

    async def of_account(self, account_id: int) -> dict[int, date]:
        """Every level the account reached, with its day."""
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(milestones.c.level, milestones.c.day).where(
                    milestones.c.account_id == account_id
                )
            )
            return {int(level): day for level, day in rows}

    async def reached_between(
        self, guild_id: int, start: date, end: date
    ) -> list[AccountMilestone]:
        """The guild's milestones reached from ``start`` to ``end`` inclusive, by day."""
        query = (
            select(milestones.c.account_id, accounts.c.handle, milestones.c.level, milestones.c.day)
            .join(accounts, accounts.c.id == milestones.c.account_id)
            .where(
                accounts.c.guild_id == guild_id,
                milestones.c.day >= start,
                milestones.c.day <= end,
            )
            .order_by(milestones.c.day, accounts.c.handle, milestones.c.level)
        )
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [AccountMilestone(row[0], row[1], int(row[2]), row[3]) for row in rows]

    async def announced(self, account_id: int) -> set[int]:
        """Levels a milestone message was claimed for, to any channel, whatever became of it."""
        async with self._db.engine.connect() as conn:
            periods = await conn.scalars(
                select(deliveries.c.period).where(
                    deliveries.c.kind == MessageKind.MILESTONE,
                    deliveries.c.account_id == account_id,
                )
            )
            return {parse_milestone_period(period)[1] for period in periods}
