"""The database underneath every repository: engines, SQLite setup, migrations, bulk helpers."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Dialect, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# Execution option of connections that write; on SQLite their transactions take the write lock
# when they begin.
WRITES = "netbot_writes"
# The advisory lock every process migrating a PostgreSQL database takes, so they run in turn.
MIGRATION_LOCK = 0x6E6574626F74
MIGRATION_ATTEMPTS = 5
# Bound values one statement may carry: PostgreSQL's wire protocol counts them in 16 bits
# (32,767); bulk statements stay well under it, on every database alike.
MAX_PARAMETERS = 30_000
# SQLite's result codes, and PostgreSQL's SQLSTATEs, for a database that cannot take writes:
# read-only file or folder, disk full, read-only server or transaction.
UNWRITABLE_SQLITE = frozenset(
    {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN}
)
UNWRITABLE_POSTGRES = frozenset({"53100", "25006"})

T = TypeVar("T")


@dataclass(frozen=True)
class PoolSize:
    """Connections each process keeps open, and how many more it may open under load; with
    several processes on one PostgreSQL server, their sum must stay under its max_connections."""

    size: int = 5
    overflow: int = 10


class Database:
    """One database URL: migrated on open, then a pool shared by readers and writers."""

    def __init__(self, url: str, pool: PoolSize | None = None) -> None:
        self.url = url
        self.pool = pool or PoolSize()
        self._engine: AsyncEngine | None = None
        self._writer: AsyncEngine | None = None

    async def open(self) -> None:
        """Bring the schema to the newest migration, in one transaction, then connect."""
        if self._engine is not None:
            return
        await _migrate(self.url)
        # A pooled connection can outlive its server (a restart, an idle timeout): each is
        # checked when taken from the pool, so the next command reconnects instead of failing.
        # A SQLite file has no server to lose.
        engine = create_async_engine(
            self.url,
            pool_size=self.pool.size,
            max_overflow=self.pool.overflow,
            pool_pre_ping=make_url(self.url).get_backend_name() != "sqlite",
        )
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
    def writes(self) -> AsyncEngine:
        """The engine for transactions that write (same pool as ``engine``)."""
        if self._writer is None:
            raise RuntimeError("Store.open() has not been awaited")
        return self._writer

    def insert(self, table: Table) -> Any:
        """An INSERT that understands ON CONFLICT on both supported databases."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)


def batches(items: Sequence[T], per_item: int = 1) -> Iterator[Sequence[T]]:
    """``items`` in slices whose bound values (``per_item`` each) fit one statement."""
    size = max(1, MAX_PARAMETERS // per_item)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unwritable(error: BaseException) -> str | None:
    """The database's own words when ``error`` says it cannot store anything now (read-only,
    disk full), as opposed to a fault in one statement: the operator has to act, and the
    transaction was rolled back. ``None`` for any other error."""
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        refused = code & 0xFF in UNWRITABLE_SQLITE
    else:
        refused = getattr(original, "sqlstate", None) in UNWRITABLE_POSTGRES
    return str(original).splitlines()[0] if refused else None


def as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class BulkStatement:
    """A statement compiled once for a dialect, with the bind processing of each position."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Any, ...]

    @classmethod
    def compile(cls, stmt: Any, dialect: Dialect) -> BulkStatement:
        compiled = stmt.compile(dialect=dialect)
        names = tuple(compiled.positiontup or ())
        return cls(str(compiled), names, _bind_processors(compiled, names, dialect))

    async def executemany(self, conn: AsyncConnection, columns: dict[str, Any]) -> None:
        """One driver-level executemany: SQLAlchemy's per-row parameter handling costs more
        than the database itself on bulk imports. Values still go through each column type's
        bind processing, and the SQL is the dialect's own, so this stays portable."""
        series = [
            map(process, columns[name]) if process else columns[name]
            for name, process in zip(self.names, self.processors, strict=True)
        ]
        await conn.exec_driver_sql(self.sql, list(zip(*series, strict=False)))


async def driver_rows(conn: AsyncConnection, query: Any) -> list[tuple[Any, ...]]:
    """Run a SELECT compiled for the connection's dialect and return the driver's own tuples.

    For bulk reads only: values arrive as the driver gives them (a day is text on SQLite and a
    date on PostgreSQL), skipping SQLAlchemy's per-row result processing.
    """
    compiled = query.compile(dialect=conn.dialect)
    names = tuple(compiled.positiontup or ())
    params = compiled.construct_params()
    processors = _bind_processors(compiled, names, conn.dialect)
    args = tuple(
        process(params[name]) if process else params[name]
        for name, process in zip(names, processors, strict=True)
    )
    return await conn.run_sync(_fetch_all, str(compiled), args)


def _bind_processors(compiled: Any, names: Sequence[str], dialect: Dialect) -> tuple[Any, ...]:
    """Each position's bind processor, from the type the dialect really uses for the column
    (a generic ``Date`` has none; SQLite's own date type renders the stored text)."""
    return tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )


def _fetch_all(conn: Connection, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The rows of one statement from the DBAPI cursor, inside the connection's transaction.

    SQLAlchemy results wrap each row in a ``Row``, and no public API of theirs hands back the
    driver's tuples, so this uses the DBAPI cursor, as SQLAlchemy documents for raw access.
    """
    if not conn.in_transaction():
        conn.begin()
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


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
    this connection has foreign keys off; they are checked before the upgrade commits.

    Processes opening a new SQLite file together can be refused at once ("database is
    locked") while another sets the file up, instead of waiting out the busy timeout: the
    upgrade, a single transaction, is then tried again after a pause."""
    engine = create_async_engine(url, poolclass=NullPool, execution_options={WRITES: True})
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys=False)
    try:
        for attempt in range(1, MIGRATION_ATTEMPTS + 1):
            try:
                async with engine.begin() as conn:
                    await conn.run_sync(_upgrade)
                return
            except OperationalError as error:
                if attempt == MIGRATION_ATTEMPTS or "database is locked" not in str(error):
                    raise
                log.info("Database busy while migrating; trying again (%d)", attempt)
                await asyncio.sleep(0.1 * attempt)
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
