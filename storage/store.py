"""The one storage API the bot, scheduler and CLI use; all SQL of the project lives here."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    Select,
    and_,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import bindparam

from bot.analytics.model import (
    DAILY_METRICS,
    EPOCH_ORDINAL,
    POST_COLUMNS,
    conform_daily,
    daily_from_arrays,
    empty_daily,
    empty_posts,
    posts_frame,
)
from bot.analytics.overlap import Shift, one_day_shift
from bot.analytics.series import FollowerColumns
from bot.workers import in_worker
from storage.merge import DailyMatrix, MergeOutcome, MergePlan, moved, overlay, plan_merge
from storage.schema import (
    accounts,
    bot_state,
    deliveries,
    guild_settings,
    posts,
    snapshots,
    subscriptions,
    uploads,
)

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# Execution option of connections that write; on SQLite their transactions take the write lock
# when they begin.
WRITES = "netbot_writes"
# The advisory lock every process migrating a PostgreSQL database takes, so they run in turn.
MIGRATION_LOCK = 0x6E6574626F74


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


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"
    digest_channel_id: int | None = None
    digest_weekday: int = 0  # Monday
    digest_time: str = "09:00"
    alert_channel_id: int | None = None
    manager_role_id: int | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """What storing one upload did; ``already_imported`` means nothing changed at all."""

    already_imported: bool
    days: MergeOutcome
    posts_new: int = 0
    posts_updated: int = 0


@dataclass(frozen=True)
class Delivery:
    id: int
    kind: str
    target: str
    period: str
    guild_id: int
    status: str
    message_id: int | None
    claimed_at: datetime
    # The failure reason once finished; a queued digest part's message while it waits.
    detail: str | None = None


def _as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _columns(matrix: DailyMatrix, day_key: str, constants: dict[str, Any]) -> dict[str, Any]:
    """A matrix as bind values by name: Python ints, ``None`` for unknown, ``date`` days."""
    known = ~np.isnan(matrix.values)
    whole = np.where(known, matrix.values, 0).astype(np.int64).astype(object)
    whole[~known] = None
    columns: dict[str, Any] = {name: whole[:, i] for i, name in enumerate(DAILY_METRICS)}
    columns[day_key] = [date.fromordinal(int(day)) for day in matrix.days]
    return columns | {key: itertools.repeat(value) for key, value in constants.items()}


@dataclass(frozen=True)
class _BulkStatement:
    """A statement compiled once for a dialect, with the bind processing of each position."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Any, ...]

    @classmethod
    def compile(cls, stmt: Any, dialect: Any) -> _BulkStatement:
        compiled = stmt.compile(dialect=dialect)
        names = tuple(compiled.positiontup or ())
        processors = tuple(compiled.binds[name].type.bind_processor(dialect) for name in names)
        return cls(str(compiled), names, processors)

    async def executemany(self, conn: AsyncConnection, columns: dict[str, Any]) -> None:
        """One driver-level executemany: SQLAlchemy's per-row parameter handling costs more
        than the database itself on bulk imports. Values still go through each column type's
        bind processing, and the SQL is the dialect's own, so this stays portable."""
        series = [
            map(process, columns[name]) if process else columns[name]
            for name, process in zip(self.names, self.processors, strict=True)
        ]
        await conn.exec_driver_sql(self.sql, list(zip(*series, strict=False)))


class Store:
    """Opens the database, migrates it, and answers every question the bot asks of it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: AsyncEngine | None = None
        self._writer: AsyncEngine | None = None
        self._bulk_statements: dict[str, _BulkStatement] = {}

    # -- lifecycle -----------------------------------------------------------------------------

    async def open(self) -> None:
        """Bring the schema to the newest migration, in one transaction, then connect."""
        if self._engine is not None:
            return
        await _migrate(self.url)
        engine = create_async_engine(self.url)
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine, foreign_keys=True)
        self._engine = engine
        self._writer = engine.execution_options(**{WRITES: True})
        log.info("Storage ready (%s)", engine.url.render_as_string(hide_password=True))

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
            self._writer = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("Store.open() has not been awaited")
        return self._engine

    @property
    def _writes(self) -> AsyncEngine:
        """The engine for transactions that write (same pool as ``engine``)."""
        if self._writer is None:
            raise RuntimeError("Store.open() has not been awaited")
        return self._writer

    def _insert(self, table: Any) -> Any:
        """An INSERT that understands ON CONFLICT on both supported databases."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    # -- key/value state -------------------------------------------------------------------------

    async def get_state(self, key: str) -> str | None:
        async with self.engine.connect() as conn:
            return await conn.scalar(select(bot_state.c.value).where(bot_state.c.key == key))

    async def set_state(self, key: str, value: str) -> None:
        stmt = self._insert(bot_state).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        async with self._writes.begin() as conn:
            await conn.execute(stmt)

    # -- guild settings --------------------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        async with self.engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        select(guild_settings).where(guild_settings.c.guild_id == guild_id)
                    )
                )
                .mappings()
                .first()
            )
        return GuildSettings(**row) if row else GuildSettings(guild_id=guild_id)

    async def all_guild_settings(self) -> list[GuildSettings]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(guild_settings))).mappings().all()
        return [GuildSettings(**row) for row in rows]

    async def update_guild_settings(self, guild_id: int, **fields: Any) -> GuildSettings:
        """Change some settings of a guild, creating its row with defaults when needed."""
        unknown = set(fields) - set(guild_settings.c.keys())
        if unknown:
            raise ValueError(f"unknown guild settings: {sorted(unknown)}")
        stmt = self._insert(guild_settings).values(guild_id=guild_id, **fields)
        stmt = stmt.on_conflict_do_update(index_elements=["guild_id"], set_=fields)
        async with self._writes.begin() as conn:
            await conn.execute(stmt)
        return await self.guild_settings(guild_id)

    # -- accounts --------------------------------------------------------------------------------

    async def add_account(
        self,
        guild_id: int,
        handle: str,
        *,
        owner_id: int | None = None,
        platform: str = "tiktok",
    ) -> Account:
        account, created = await self.track_account(
            guild_id, handle, owner_id=owner_id, platform=platform
        )
        if not created:
            raise AccountExists(handle)
        return account

    async def track_account(
        self,
        guild_id: int,
        handle: str,
        *,
        owner_id: int | None = None,
        platform: str = "tiktok",
    ) -> tuple[Account, bool]:
        """The guild's account for a handle, created unless it exists (True when created now).
        Another writer creating the same account at the same moment gets the same account."""
        created = datetime.now(UTC)
        stmt = (
            self._insert(accounts)
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
        async with self._writes.begin() as conn:
            account_id = await conn.scalar(stmt)
            if account_id is not None:
                return Account(account_id, guild_id, platform, handle, owner_id, created), True
            row = (await conn.execute(_account_named(guild_id, platform, handle))).mappings().one()
        return _account(row), False

    async def get_account(
        self, guild_id: int, handle: str, platform: str = "tiktok"
    ) -> Account | None:
        async with self.engine.connect() as conn:
            row = (
                (await conn.execute(_account_named(guild_id, platform, handle))).mappings().first()
            )
        return _account(row) if row else None

    async def list_accounts(self, guild_id: int) -> list[Account]:
        async with self.engine.connect() as conn:
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

    async def all_accounts(self) -> list[Account]:
        async with self.engine.connect() as conn:
            rows = (
                (await conn.execute(select(accounts).order_by(accounts.c.guild_id, accounts.c.id)))
                .mappings()
                .all()
            )
        return [_account(row) for row in rows]

    async def search_handles(self, guild_id: int, text: str, limit: int = 25) -> list[str]:
        """This guild's handles containing ``text``, those starting with it first."""
        needle = text.strip().lstrip("@").lower()
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        starts = accounts.c.handle.like(needle.replace("%", "") + "%", escape="\\")
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(accounts.c.handle)
                .where(
                    accounts.c.guild_id == guild_id, accounts.c.handle.like(pattern, escape="\\")
                )
                .order_by(starts.desc(), accounts.c.handle)
                .limit(limit)
            )
            return [row[0] for row in rows]

    async def remove_account(self, account_id: int) -> int:
        """Delete an account; its snapshots, posts, uploads, subscriptions and alert claims go
        with it (ON DELETE CASCADE). Returns the days of data deleted."""
        async with self._writes.begin() as conn:
            days = await conn.scalar(
                select(func.count())
                .select_from(snapshots)
                .where(snapshots.c.account_id == account_id)
            )
            await conn.execute(delete(accounts).where(accounts.c.id == account_id))
        return int(days or 0)

    # -- snapshots -------------------------------------------------------------------------------

    async def merge_daily(
        self, account_id: int, daily: pd.DataFrame, *, source: str
    ) -> MergeOutcome:
        """Merge values typed by hand (or from any source without a file) into the snapshots."""
        async with self._writes.begin() as conn:
            return await self._merge_daily(conn, account_id, daily, source=source, upload_id=None)

    async def import_upload(
        self,
        account_id: int,
        *,
        sha256: str,
        filename: str,
        formats: Sequence[str],
        received_at: datetime,
        daily: pd.DataFrame,
        posts_frame: pd.DataFrame,
    ) -> ImportOutcome:
        """Store one upload in one transaction; the same file twice changes nothing."""
        claim = (
            self._insert(uploads)
            .values(
                account_id=account_id,
                sha256=sha256,
                filename=filename[:255],
                formats=", ".join(formats),
                received_at=received_at,
            )
            .on_conflict_do_nothing(index_elements=["account_id", "sha256"])
            .returning(uploads.c.id)
        )
        async with self._writes.begin() as conn:
            upload_id = await conn.scalar(claim)
            if upload_id is None:
                return ImportOutcome(already_imported=True, days=MergeOutcome(0, 0, 0, 0))
            days = await self._merge_daily(
                conn, account_id, daily, source="upload", upload_id=upload_id
            )
            posts_new, posts_updated = await self._merge_posts(
                conn, account_id, posts_frame, upload_id
            )
        return ImportOutcome(False, days, posts_new, posts_updated)

    async def _merge_daily(
        self,
        conn: AsyncConnection,
        account_id: int,
        daily: pd.DataFrame,
        *,
        source: str,
        upload_id: int | None,
    ) -> MergeOutcome:
        incoming = await in_worker(lambda: DailyMatrix.of(conform_daily(daily)))
        if not len(incoming):
            return MergeOutcome(0, 0, 0, 0)
        first, last = int(incoming.days[0]), int(incoming.days[-1])
        # A day either side, so a stored series one day off is compared on every shared day.
        existing = await self._daily_matrix(conn, account_id, first - 1, last + 1)
        shift = one_day_shift(existing.days, existing.values, incoming.days, incoming.values)
        if shift is None:
            plan = plan_merge(existing, incoming)
            outcome = plan.outcome
        else:
            plan, outcome = await self._lined_up(conn, account_id, incoming, shift)
        extra = {"account_id": account_id, "source": source, "upload_id": upload_id}
        if len(plan.inserts):
            await self._bulk("insert", conn).executemany(conn, _columns(plan.inserts, "day", extra))
        if len(plan.updates):
            await self._bulk("update", conn).executemany(
                conn, _columns(plan.updates, "b_day", {**extra, "b_account": account_id})
            )
        return outcome

    async def _lined_up(
        self, conn: AsyncConnection, account_id: int, incoming: DailyMatrix, shift: Shift
    ) -> tuple[MergePlan, MergeOutcome]:
        """The merge once the older of the stored days and this file is moved by the shift
        that lines it up with the newer (the one whose days run later)."""
        first, last = int(incoming.days[0]), int(incoming.days[-1])
        stored_last = await conn.scalar(
            select(func.max(snapshots.c.day)).where(snapshots.c.account_id == account_id)
        )
        if stored_last is None or last >= stored_last.toordinal():  # this file is the newer
            older = moved(
                await self._take_uploads_overlapping(conn, account_id, first, last), shift.days
            )
            combined = overlay(incoming, older)
            remaining = await self._daily_matrix(
                conn, account_id, int(combined.days[0]), int(combined.days[-1])
            )
            # Counted as if the older export had been stored lined up all along.
            outcome = plan_merge(overlay(older, remaining), incoming).outcome
            return plan_merge(remaining, combined), replace(
                outcome, shifted_days=len(older), shift=shift.days
            )
        incoming = moved(incoming, -shift.days)
        existing = await self._daily_matrix(
            conn, account_id, int(incoming.days[0]), int(incoming.days[-1])
        )
        plan = plan_merge(existing, incoming)
        return plan, replace(plan.outcome, shifted_days=len(incoming), shift=-shift.days)

    async def _take_uploads_overlapping(
        self, conn: AsyncConnection, account_id: int, first: int, last: int
    ) -> DailyMatrix:
        """Remove and return every stored day of the uploads that hold a day in the range, so
        an older export can be moved as a whole (days typed by hand stay where they are)."""
        overlapping = (
            select(snapshots.c.upload_id)
            .where(
                snapshots.c.account_id == account_id,
                snapshots.c.day >= date.fromordinal(first),
                snapshots.c.day <= date.fromordinal(last),
                snapshots.c.upload_id.is_not(None),
            )
            .distinct()
        )
        of_them = and_(snapshots.c.account_id == account_id, snapshots.c.upload_id.in_(overlapping))
        query = (
            select(snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS))
            .where(of_them)
            .order_by(snapshots.c.day)
        )
        rows = await _driver_rows(conn, query)
        await conn.execute(delete(snapshots).where(of_them))
        return _matrix_from_rows(rows)

    def _bulk(self, kind: str, conn: AsyncConnection) -> _BulkStatement:
        """The snapshot INSERT or UPDATE, compiled once per store."""
        if kind not in self._bulk_statements:
            stmt: Any
            if kind == "insert":
                stmt = insert(snapshots)
            else:
                stmt = (
                    update(snapshots)
                    .where(
                        snapshots.c.account_id == bindparam("b_account"),
                        snapshots.c.day == bindparam("b_day"),
                    )
                    .values(
                        {name: bindparam(name) for name in (*DAILY_METRICS, "source", "upload_id")}
                    )
                )
            self._bulk_statements[kind] = _BulkStatement.compile(stmt, conn.dialect)
        return self._bulk_statements[kind]

    async def _daily_matrix(
        self, conn: AsyncConnection, account_id: int, first: int, last: int
    ) -> DailyMatrix:
        query = (
            select(snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS))
            .where(
                snapshots.c.account_id == account_id,
                snapshots.c.day >= date.fromordinal(first),
                snapshots.c.day <= date.fromordinal(last),
            )
            .order_by(snapshots.c.day)
        )
        return _matrix_from_rows(await _driver_rows(conn, query))

    async def _merge_posts(
        self, conn: AsyncConnection, account_id: int, frame: pd.DataFrame, upload_id: int
    ) -> tuple[int, int]:
        if frame.empty:
            return 0, 0
        known = set(
            (
                await conn.execute(
                    select(posts.c.post_id).where(
                        posts.c.account_id == account_id,
                        posts.c.post_id.in_(frame["post_id"].tolist()),
                    )
                )
            ).scalars()
        )
        plain = frame.astype(object).where(frame.notna(), None)
        rows = [
            {
                **row,
                "posted_at": row["posted_at"].to_pydatetime() if row["posted_at"] else None,
                "account_id": account_id,
                "upload_id": upload_id,
            }
            for row in plain.to_dict("records")
        ]
        stmt = self._insert(posts)
        stmt = stmt.on_conflict_do_update(
            index_elements=["account_id", "post_id"],
            set_={
                name: func.coalesce(stmt.excluded[name], posts.c[name])
                for name in ("posted_at", "views", "likes", "comments", "shares")
            }
            | {"title": stmt.excluded.title, "upload_id": stmt.excluded.upload_id},
        )
        await conn.execute(stmt, rows)
        return len(frame) - len(known), len(known)

    async def _daily(
        self, conn: AsyncConnection, account_id: int, start: date | None, end: date | None
    ) -> pd.DataFrame:
        query = select(snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS)).where(
            snapshots.c.account_id == account_id
        )
        if start is not None:
            query = query.where(snapshots.c.day >= start)
        if end is not None:
            query = query.where(snapshots.c.day <= end)
        rows = await _driver_rows(conn, query.order_by(snapshots.c.day))
        return await in_worker(_daily_from_rows, rows)

    async def daily(
        self, account_id: int, *, start: date | None = None, end: date | None = None
    ) -> pd.DataFrame:
        """The stored daily frame of one account, optionally limited to ``start``..``end``."""
        async with self.engine.connect() as conn:
            return await self._daily(conn, account_id, start, end)

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
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(query.order_by(snapshots.c.account_id, snapshots.c.day))
            ).all()
        frames = {account_id: empty_daily() for account_id in ids}
        found = await in_worker(_frames_by_account, rows)
        return frames | found

    async def account_columns(self, account_id: int) -> FollowerColumns:
        """One account's follower data as arrays: enough for every net figure, cheap to read."""
        query = (
            select(snapshots.c.day, snapshots.c.followers, snapshots.c.gained, snapshots.c.lost)
            .where(snapshots.c.account_id == account_id)
            .order_by(snapshots.c.day)
        )
        async with self.engine.connect() as conn:
            rows = await _driver_rows(conn, query)
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
        async with self.engine.connect() as conn:
            rows = await _driver_rows(conn, query)
            ids = (
                (await conn.execute(select(accounts.c.id).where(accounts.c.guild_id == guild_id)))
                .scalars()
                .all()
            )
        out = {account_id: _no_columns() for account_id in ids}
        return out | await in_worker(_columns_by_account, rows)

    async def posts(self, account_id: int) -> pd.DataFrame:
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(*(posts.c[name] for name in POST_COLUMNS))
                    .where(posts.c.account_id == account_id)
                    .order_by(posts.c.posted_at)
                )
            ).all()
        return await in_worker(_posts_from_rows, [tuple(row) for row in rows])

    # -- subscriptions ---------------------------------------------------------------------------

    async def subscribe(self, guild_id: int, user_id: int, account_id: int | None) -> bool:
        """Returns False when the user was already subscribed to that scope."""
        async with self._writes.begin() as conn:
            if await conn.scalar(_subscription_id(guild_id, user_id, account_id)) is not None:
                return False
            await conn.execute(
                insert(subscriptions).values(
                    guild_id=guild_id, user_id=user_id, account_id=account_id
                )
            )
        return True

    async def unsubscribe(self, guild_id: int, user_id: int, account_id: int | None) -> bool:
        async with self._writes.begin() as conn:
            found = await conn.scalar(_subscription_id(guild_id, user_id, account_id))
            if found is None:
                return False
            await conn.execute(delete(subscriptions).where(subscriptions.c.id == found))
        return True

    async def subscribers(self, account: Account) -> list[int]:
        """Users who want alerts for this account, directly or through "all accounts"."""
        async with self.engine.connect() as conn:
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

    # -- deliveries (the outbox) -----------------------------------------------------------------

    async def claim_delivery(
        self,
        kind: str,
        target: str,
        period: str,
        *,
        guild_id: int,
        now: datetime,
        account_id: int | None = None,
    ) -> Delivery | None:
        """Claim the right to send one message; ``None`` when it was claimed before.
        ``account_id``: the account the message is about; removing it removes the claim."""
        stmt = (
            self._insert(deliveries)
            .values(
                kind=kind,
                target=target,
                period=period,
                guild_id=guild_id,
                account_id=account_id,
                status="claimed",
                claimed_at=now,
            )
            .on_conflict_do_nothing(index_elements=["kind", "target", "period"])
        )
        async with self._writes.begin() as conn:
            result = await conn.execute(stmt)
            if result.rowcount != 1:
                return None
            row = (
                (
                    await conn.execute(
                        select(deliveries).where(
                            deliveries.c.kind == kind,
                            deliveries.c.target == target,
                            deliveries.c.period == period,
                        )
                    )
                )
                .mappings()
                .one()
            )
        return _delivery(row)

    async def queue_deliveries(
        self,
        kind: str,
        target: str,
        parts: Sequence[tuple[str, str]],
        *,
        guild_id: int,
        now: datetime,
    ) -> bool:
        """Queue every part of a multi-part message, each ``(period, message)``, in one go, so
        a send cut short can finish the same parts later; ``False`` when queued before."""
        rows = [
            {
                "kind": kind,
                "target": target,
                "period": period,
                "guild_id": guild_id,
                "status": "queued",
                "detail": message,
                "claimed_at": now,
            }
            for period, message in parts
        ]
        insert_once = self._insert(deliveries).on_conflict_do_nothing(
            index_elements=["kind", "target", "period"]
        )
        async with self._writes.begin() as conn:
            if not rows or (await conn.execute(insert_once.values(**rows[0]))).rowcount != 1:
                return False
            for row in rows[1:]:
                await conn.execute(insert_once.values(**row))
        return True

    async def take_delivery(self, delivery_id: int, *, now: datetime) -> bool:
        """Claim a queued part for sending; ``False`` when another run took it first."""
        async with self._writes.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.status == "queued")
                .values(status="claimed", claimed_at=now)
            )
        return bool(result.rowcount == 1)

    async def requeue_delivery(self, delivery_id: int) -> None:
        """Put a claimed part whose message never arrived back in the queue."""
        async with self._writes.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.status == "claimed")
                .values(status="queued")
            )

    async def delivery_parts(self, kind: str, target: str, period: str) -> list[Delivery]:
        """Every part of one multi-part message (periods ``period/1``, ``period/2``...), in
        the order they were queued."""
        async with self.engine.connect() as conn:
            rows = (
                (
                    await conn.execute(
                        select(deliveries)
                        .where(
                            deliveries.c.kind == kind,
                            deliveries.c.target == target,
                            deliveries.c.period.startswith(f"{period}/", autoescape=True),
                        )
                        .order_by(deliveries.c.id)
                    )
                )
                .mappings()
                .all()
            )
        return [_delivery(row) for row in rows]

    async def open_deliveries(
        self, kinds: Sequence[str], *, target: str | None = None
    ) -> list[Delivery]:
        """Queued or claimed deliveries of these kinds (to one target if given), oldest first."""
        query = select(deliveries).where(
            deliveries.c.kind.in_(kinds), deliveries.c.status.in_(("queued", "claimed"))
        )
        if target is not None:
            query = query.where(deliveries.c.target == target)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(deliveries.c.id))).mappings().all()
        return [_delivery(row) for row in rows]

    async def finish_delivery(
        self,
        delivery_id: int,
        *,
        status: str,
        now: datetime,
        message_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        async with self._writes.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(status=status, message_id=message_id, detail=detail, finished_at=now)
            )

    async def release_delivery(self, delivery_id: int) -> None:
        """Forget a claim whose message was never sent, so it can be claimed again."""
        async with self._writes.begin() as conn:
            await conn.execute(
                delete(deliveries).where(
                    deliveries.c.id == delivery_id, deliveries.c.status == "claimed"
                )
            )

    async def unfinished_deliveries(self) -> list[Delivery]:
        """Claims that were never marked sent or failed: the bot stopped mid-send."""
        async with self.engine.connect() as conn:
            rows = (
                (
                    await conn.execute(
                        select(deliveries)
                        .where(deliveries.c.status == "claimed")
                        .order_by(deliveries.c.id)
                    )
                )
                .mappings()
                .all()
            )
        return [_delivery(row) for row in rows]

    async def last_alert_day(self, account_id: int) -> date | None:
        """The data day of the newest alert claimed for an account (its period key is
        ``{account_id}:{day}``)."""
        async with self.engine.connect() as conn:
            period = await conn.scalar(
                select(func.max(deliveries.c.period)).where(
                    deliveries.c.kind == "alert", deliveries.c.account_id == account_id
                )
            )
        return date.fromisoformat(period.rpartition(":")[2]) if period else None

    async def delivery(self, kind: str, target: str, period: str) -> Delivery | None:
        async with self.engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        select(deliveries).where(
                            and_(
                                deliveries.c.kind == kind,
                                deliveries.c.target == target,
                                deliveries.c.period == period,
                            )
                        )
                    )
                )
                .mappings()
                .first()
            )
        return _delivery(row) if row else None


def _new_id(result: Any) -> int:
    """The primary key an INSERT just created."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _subscription_id(guild_id: int, user_id: int, account_id: int | None) -> Any:
    scope = (
        subscriptions.c.account_id.is_(None)
        if account_id is None
        else subscriptions.c.account_id == account_id
    )
    return select(subscriptions.c.id).where(
        subscriptions.c.guild_id == guild_id, subscriptions.c.user_id == user_id, scope
    )


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
        created_at=_as_utc(row["created_at"]),
    )


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row["id"],
        kind=row["kind"],
        target=row["target"],
        period=row["period"],
        guild_id=row["guild_id"],
        status=row["status"],
        message_id=row["message_id"],
        claimed_at=_as_utc(row["claimed_at"]),
        detail=row["detail"],
    )


def _matrix_from_rows(rows: Sequence[tuple[Any, ...]]) -> DailyMatrix:
    """Driver rows of (day, *metrics) as a merge matrix."""
    if not rows:
        return DailyMatrix(np.array([], dtype=np.int64), np.empty((0, len(DAILY_METRICS))))
    table = np.array(rows, dtype=object)
    days = table[:, 0].astype("datetime64[D]").astype(np.int64) + EPOCH_ORDINAL
    return DailyMatrix(days, table[:, 1:].astype(np.float64))


def _daily_from_rows(rows: Sequence[Any]) -> pd.DataFrame:
    """Rows of (day, *metrics) as a daily frame; meant for a worker thread on big reads."""
    if not rows:
        return empty_daily()
    table = np.array(rows, dtype=object)
    return daily_from_arrays(table[:, 0].astype("datetime64[D]"), table[:, 1:].astype(np.float64))


async def _driver_rows(conn: AsyncConnection, query: Any) -> Sequence[tuple[Any, ...]]:
    """Run a SELECT compiled for the connection's dialect and return the driver's own tuples.

    For bulk reads only: values arrive as the driver gives them (a day is text on SQLite and a
    date on PostgreSQL), skipping SQLAlchemy's per-row result processing.
    """
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    args = []
    for name in compiled.positiontup or ():
        process = compiled.binds[name].type.bind_processor(conn.dialect)
        args.append(process(params[name]) if process else params[name])
    result = await conn.exec_driver_sql(str(compiled), tuple(args))
    # The async adapters buffer every row; their cursor hands the driver's tuples back as they
    # are, where ``result.all()`` would wrap each one in a Row first.
    rows: Sequence[tuple[Any, ...]] = result.cursor.fetchall()
    result.close()
    return rows


def _no_columns() -> FollowerColumns:
    empty = np.array([], dtype=np.float64)
    return FollowerColumns(np.array([], dtype=np.int64), empty, empty, empty)


def _columns_by_account(rows: Sequence[tuple[Any, ...]]) -> dict[int, FollowerColumns]:
    """Rows of (account_id, day, followers, gained, lost), ordered by account, as arrays."""
    if not rows:
        return {}
    table = np.array(rows, dtype=object)
    owners = table[:, 0].astype(np.int64)
    days = table[:, 1].astype("datetime64[D]").astype(np.int64) + EPOCH_ORDINAL
    values = table[:, 2:].astype(np.float64)  # None -> NaN
    bounds = [0, *(np.flatnonzero(np.diff(owners)) + 1), len(rows)]
    return {
        int(owners[lo]): FollowerColumns(
            days[lo:hi], values[lo:hi, 0], values[lo:hi, 1], values[lo:hi, 2]
        )
        for lo, hi in itertools.pairwise(bounds)
    }


def _posts_from_rows(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    if not rows:
        return empty_posts()
    return posts_frame(dict(zip(POST_COLUMNS, row, strict=True)) for row in rows)


def _frames_by_account(rows: Sequence[Any]) -> dict[int, pd.DataFrame]:
    """Rows of (account_id, day, *metrics), ordered by account, as one frame per account."""
    frames: dict[int, pd.DataFrame] = {}
    for account_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        frames[int(account_id)] = _daily_from_rows([tuple(row)[1:] for row in group])
    return frames


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    """WAL on every connection, foreign keys as asked, and real transactions (DDL included)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes cannot wait for the write lock
        # (another writer may have changed what it read): it fails at once with "database is
        # locked". One that takes the lock up front waits out the busy timeout instead.
        writes = conn.get_execution_options().get(WRITES, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


async def _migrate(url: str) -> None:
    """Upgrade on a connection of its own, one process at a time. SQLite changes a table by
    rebuilding it, and dropping the old copy would cascade onto every row referencing it, so
    this connection has foreign keys off; they are checked before the upgrade commits."""
    engine = create_async_engine(url, poolclass=NullPool, execution_options={WRITES: True})
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys=False)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade)
    finally:
        await engine.dispose()


def _upgrade(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        # Held until commit: a second process migrating at the same time waits, then finds the
        # schema current. (On SQLite, BEGIN IMMEDIATE already did this.)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} rows with dangling references")
