"""Reads of daily snapshots and posts (frames for the analytics, arrays for the fast paths),
and the one-day follower total a pull writes under the source precedence."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.analytics.model import (
    DAILY_METRICS,
    POST_COLUMNS,
    VIDEO_FIGURES,
    daily_from_arrays,
    day_ordinals,
    empty_daily,
    empty_posts,
    posts_frame,
)
from bot.analytics.series import FollowerColumns
from bot.analytics.vocabulary import SnapshotSource, kept_from
from storage._db import Database, batches, driver_rows
from storage.merge import DailyMatrix
from storage.offload import Offload
from storage.schema import accounts, posts, snapshots

# What a posts read selects: the posts frame's columns, in its order.
POST_READ: tuple[str, ...] = (*POST_COLUMNS, *VIDEO_FIGURES)


@dataclass(frozen=True)
class DayFigures:
    """One day's values as a pulled source gives them; None for a figure it does not give."""

    day: date
    followers: int | None
    gained: int | None
    lost: int | None
    views: int | None
    profile_views: int | None
    likes: int | None
    comments: int | None
    shares: int | None

    def values(self) -> dict[str, int | None]:
        """The figures by ``DAILY_METRICS`` name (not ``asdict``: it deep-copies, and a
        backfill of many accounts stores 60 of these each)."""
        return {name: getattr(self, name) for name in DAILY_METRICS}


@dataclass(frozen=True)
class DaysKept:
    """What storing a run of pulled days did. ``kept``: the days a stronger source already
    gave, left alone, with that source's follower total."""

    new: int
    revised: int
    unchanged: int
    kept: dict[date, int | None]


class SnapshotStore:
    """One row per account and day; posts per account."""

    def __init__(self, db: Database, workers: Offload) -> None:
        self._db = db
        self._workers = workers

    async def keep_followers(
        self,
        conn: AsyncConnection,
        account_id: int,
        day: date,
        followers: int,
        *,
        source: SnapshotSource,
    ) -> int | None:
        """Store the day's follower total from ``source`` (other values of the day untouched),
        unless a source it yields to already gives one: that figure is returned instead."""
        stronger = await conn.scalar(
            select(snapshots.c.followers).where(
                and_(
                    snapshots.c.account_id == account_id,
                    snapshots.c.day == day,
                    snapshots.c.source.in_(kept_from(source)),
                    snapshots.c.followers.is_not(None),
                )
            )
        )
        if stronger is not None:
            return int(stronger)
        stmt = self._db.insert(snapshots).values(
            account_id=account_id, day=day, followers=followers, source=source
        )
        await conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["account_id", "day"],
                set_={"followers": followers, "source": source},
            )
        )
        return None

    async def keep_days(
        self,
        conn: AsyncConnection,
        account_id: int,
        days: Sequence[DayFigures],
        *,
        source: SnapshotSource,
    ) -> DaysKept:
        """Store whole days from ``source``: a day it gave before is rewritten with its latest
        word (revised, never doubled), and a day a source it yields to gives is left alone."""
        if not days:
            return DaysKept(0, 0, 0, {})
        names = DAILY_METRICS
        found = await conn.execute(
            select(snapshots.c.day, snapshots.c.source, *(snapshots.c[n] for n in names)).where(
                snapshots.c.account_id == account_id,
                snapshots.c.day.between(min(d.day for d in days), max(d.day for d in days)),
            )
        )
        stored = {row.day: row for row in found}
        stronger = set(kept_from(source))
        kept: dict[date, int | None] = {}
        writes: list[dict[str, Any]] = []
        new = revised = 0
        for figures in days:
            values = figures.values()
            row = stored.get(figures.day)
            if row is not None and row.source in stronger:
                kept[figures.day] = row.followers
                continue
            if row is not None and row.source == source:
                if all(getattr(row, name) == values[name] for name in names):
                    continue
                revised += 1
            else:
                new += row is None
                revised += row is not None
            writes.append(
                {"account_id": account_id, "day": figures.day, "source": source, **values}
            )
        if writes:
            stmt = self._db.insert(snapshots)
            stmt = stmt.on_conflict_do_update(
                index_elements=["account_id", "day"],
                set_={name: stmt.excluded[name] for name in (*names, "source")},
            )
            for some in batches(writes, per_item=len(writes[0])):
                await conn.execute(stmt, list(some))
        return DaysKept(new, revised, len(days) - len(kept) - len(writes), kept)

    async def last_day(self, account_id: int, source: SnapshotSource) -> date | None:
        """The newest day ``source`` gave for the account."""
        query = select(func.max(snapshots.c.day)).where(
            snapshots.c.account_id == account_id, snapshots.c.source == source
        )
        async with self._db.engine.connect() as conn:
            return await conn.scalar(query)

    async def daily(
        self, account_id: int, *, start: date | None = None, end: date | None = None
    ) -> pd.DataFrame:
        """The stored daily frame of one account, optionally limited to ``start``..``end``."""
        query = select(snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS)).where(
            snapshots.c.account_id == account_id
        )
        if start is not None:
            query = query.where(snapshots.c.day >= start)
        if end is not None:
            query = query.where(snapshots.c.day <= end)
        async with self._db.engine.connect() as conn:
            rows = await driver_rows(conn, query.order_by(snapshots.c.day))
        return await self._workers.run(_daily_from_rows, rows)

    async def daily_many(
        self, account_ids: Iterable[int], *, start: date | None = None
    ) -> dict[int, pd.DataFrame]:
        """Daily frames of many accounts in one query (for digests and team-wide rules)."""
        ids = list(account_ids)
        if not ids:
            return {}
        query = select(
            snapshots.c.account_id, snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS)
        )
        query = query.where(snapshots.c.account_id.in_(ids))
        if start is not None:
            query = query.where(snapshots.c.day >= start)
        async with self._db.engine.connect() as conn:
            rows = (
                await conn.execute(query.order_by(snapshots.c.account_id, snapshots.c.day))
            ).all()
        frames = {account_id: empty_daily() for account_id in ids}
        found = await self._workers.run(_frames_by_account, rows)
        return frames | found

    async def account_columns(self, account_id: int) -> FollowerColumns:
        """One account's follower data as arrays: enough for every net figure, cheap to read."""
        query = (
            select(snapshots.c.day, snapshots.c.followers, snapshots.c.gained, snapshots.c.lost)
            .where(snapshots.c.account_id == account_id)
            .order_by(snapshots.c.day)
        )
        async with self._db.engine.connect() as conn:
            rows = await driver_rows(conn, query)
        return _columns_by_account([(account_id, *row) for row in rows]).get(
            account_id, _no_columns()
        )

    async def follower_columns(self, guild_id: int, *, since: date) -> dict[int, FollowerColumns]:
        """Every account's follower data since ``since`` as arrays, in one query: the digest's
        fast path (no DataFrame, no per-row result processing)."""
        query = (
            select(
                snapshots.c.account_id,
                snapshots.c.day,
                snapshots.c.followers,
                snapshots.c.gained,
                snapshots.c.lost,
            )
            .join(accounts, accounts.c.id == snapshots.c.account_id)
            .where(accounts.c.guild_id == guild_id, snapshots.c.day >= since)
            .order_by(snapshots.c.account_id, snapshots.c.day)
        )
        async with self._db.engine.connect() as conn:
            rows = await driver_rows(conn, query)
            ids = (
                (await conn.execute(select(accounts.c.id).where(accounts.c.guild_id == guild_id)))
                .scalars()
                .all()
            )
        out = {account_id: _no_columns() for account_id in ids}
        return out | await self._workers.run(_columns_by_account, rows)

    async def latest_days(self, guild_id: int) -> dict[int, date]:
        """Each account's newest stored day, in one query; an account without data is absent."""
        query = (
            select(snapshots.c.account_id, func.max(snapshots.c.day))
            .join(accounts, accounts.c.id == snapshots.c.account_id)
            .where(accounts.c.guild_id == guild_id)
            .group_by(snapshots.c.account_id)
        )
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {int(account_id): day for account_id, day in rows}

    async def posts(self, account_id: int) -> pd.DataFrame:
        async with self._db.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(*(posts.c[name] for name in POST_READ))
                    .where(posts.c.account_id == account_id)
                    .order_by(posts.c.posted_at)
                )
            ).all()
        return await self._workers.run(_posts_from_rows, [tuple(row) for row in rows])

    async def posts_many(self, account_ids: Iterable[int]) -> dict[int, pd.DataFrame]:
        """Posts of many accounts in one query (a team's posts for the diagnosis)."""
        ids = list(account_ids)
        if not ids:
            return {}
        query = (
            select(posts.c.account_id, *(posts.c[name] for name in POST_READ))
            .where(posts.c.account_id.in_(ids))
            .order_by(posts.c.account_id, posts.c.posted_at)
        )
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return await self._workers.run(_posts_by_account, ids, [tuple(row) for row in rows])


async def daily_matrix(
    conn: AsyncConnection, account_id: int, first: int, last: int
) -> DailyMatrix:
    """One account's stored days ``first``..``last`` (ordinals) as a merge matrix, read within
    the caller's transaction."""
    query = (
        select(snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS))
        .where(
            snapshots.c.account_id == account_id,
            snapshots.c.day >= date.fromordinal(first),
            snapshots.c.day <= date.fromordinal(last),
        )
        .order_by(snapshots.c.day)
    )
    return matrix_from_rows(await driver_rows(conn, query))


def matrix_from_rows(rows: Sequence[tuple[Any, ...]]) -> DailyMatrix:
    """Driver rows of (day, *metrics) as a merge matrix."""
    if not rows:
        return DailyMatrix(np.array([], dtype=np.int64), np.empty((0, len(DAILY_METRICS))))
    table = np.array(rows, dtype=object)
    return DailyMatrix(day_ordinals(table[:, 0]), table[:, 1:].astype(np.float64))


def _daily_from_rows(rows: Sequence[Any]) -> pd.DataFrame:
    """Rows of (day, *metrics) as a daily frame; meant for a worker thread on big reads."""
    if not rows:
        return empty_daily()
    table = np.array(rows, dtype=object)
    return daily_from_arrays(table[:, 0].astype("datetime64[D]"), table[:, 1:].astype(np.float64))


def _no_columns() -> FollowerColumns:
    empty = np.array([], dtype=np.float64)
    return FollowerColumns(np.array([], dtype=np.int64), empty, empty, empty)


def _columns_by_account(rows: Sequence[tuple[Any, ...]]) -> dict[int, FollowerColumns]:
    """Rows of (account_id, day, followers, gained, lost), ordered by account, as arrays."""
    if not rows:
        return {}
    table = np.array(rows, dtype=object)
    owners = table[:, 0].astype(np.int64)
    days = day_ordinals(table[:, 1])
    values = table[:, 2:].astype(np.float64)  # None -> NaN
    bounds = [0, *(np.flatnonzero(np.diff(owners)) + 1), len(rows)]
    return {
        int(owners[lo]): FollowerColumns(
            days[lo:hi], values[lo:hi, 0], values[lo:hi, 1], values[lo:hi, 2]
        )
        for lo, hi in itertools.pairwise(bounds)
    }


def _posts_by_account(
    ids: Sequence[int], rows: Sequence[tuple[Any, ...]]
) -> dict[int, pd.DataFrame]:
    """Rows of (account_id, *post columns), ordered by account, as one frame per account."""
    grouped: dict[int, list[tuple[Any, ...]]] = {account_id: [] for account_id in ids}
    for row in rows:
        grouped[row[0]].append(row[1:])
    return {account_id: _posts_from_rows(found) for account_id, found in grouped.items()}


def _posts_from_rows(rows: Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    if not rows:
        return empty_posts()
    return posts_frame(dict(zip(POST_READ, row, strict=True)) for row in rows)


def _frames_by_account(rows: Sequence[Any]) -> dict[int, pd.DataFrame]:
    """Rows of (account_id, day, *metrics), ordered by account, as one frame per account."""
    frames: dict[int, pd.DataFrame] = {}
    for account_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        frames[int(account_id)] = _daily_from_rows([tuple(row)[1:] for row in group])
    return frames
