"""The store with strangers' data and a failing database: uploads larger than one statement
may carry, a server restarted under the pool, subscriptions made at the same moment, and a
database that cannot take writes."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.analytics.model import daily_frame, posts_frame
from bot.clock import utc_now
from storage import Store
from storage._db import MIGRATIONS, unwritable
from storage.schema import subscriptions
from tests.databases import POSTGRES_URL, postgres_only, sqlite_only

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
# One more post than PostgreSQL's 32,767 bound values per statement can name alongside the
# account: the size that failed before.
MANY_POSTS = 32_767


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


def _many_posts(count: int) -> pd.DataFrame:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    return posts_frame(
        {
            "post_id": str(7_000_000_000_000_000_000 + n),
            "posted_at": start + timedelta(minutes=n),
            "title": f"clip {n}",
            "views": n,
        }
        for n in range(count)
    )


async def test_an_upload_of_32767_posts_is_stored_whole(store: Store) -> None:
    account = await store.accounts.add(1, "prolific")
    daily = daily_frame([{"day": "2026-11-20", "followers": 1000}])
    frame = _many_posts(MANY_POSTS)
    common = {"filename": "f.csv", "formats": ["x"], "received_at": NOW, "daily": daily}
    first = await store.uploads.ingest(account.id, sha256="a" * 64, posts_frame=frame, **common)
    assert (first.posts_new, first.posts_updated) == (MANY_POSTS, 0)
    again = await store.uploads.ingest(account.id, sha256="b" * 64, posts_frame=frame, **common)
    assert (again.posts_new, again.posts_updated) == (0, MANY_POSTS)
    async with store.engine.connect() as conn:
        stored = await conn.exec_driver_sql("SELECT COUNT(*), MAX(views) FROM posts")
        assert tuple(stored.one()) == (MANY_POSTS, MANY_POSTS - 1)


async def test_two_all_accounts_subscriptions_at_once_store_one(database_url: str) -> None:
    stores = [Store(database_url, clock=utc_now) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))
    try:
        for user in range(20):
            added = await asyncio.gather(*(s.subscriptions.add(1, user, None) for s in stores))
            assert sorted(added) == [False, False, False, True]
        async with stores[0].engine.connect() as conn:
            rows = await conn.exec_driver_sql("SELECT COUNT(*) FROM subscriptions")
            assert rows.scalar() == 20
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_the_database_refuses_a_second_all_accounts_subscription(store: Store) -> None:
    row = {"guild_id": 1, "user_id": 42, "account_id": None}
    async with store.engine.begin() as conn:
        await conn.execute(insert(subscriptions).values(**row))
    with pytest.raises(IntegrityError):
        async with store.engine.begin() as conn:
            await conn.execute(insert(subscriptions).values(**row))
    # Other users, guilds and single accounts are still free to subscribe.
    assert await store.subscriptions.add(1, 43, None)
    assert await store.subscriptions.add(2, 42, None)
    account = await store.accounts.add(1, "one")
    assert await store.subscriptions.add(1, 42, account.id)
    assert not await store.subscriptions.add(1, 42, None)


@sqlite_only
async def test_upgrade_keeps_one_of_duplicate_all_accounts_subscriptions(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            command.upgrade(config, "0004")
    finally:
        engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO subscriptions (guild_id, user_id, account_id) VALUES (?, ?, NULL)",
            [(1, 42), (1, 42), (1, 43)],
        )
    store = Store(f"sqlite+aiosqlite:///{path}", clock=utc_now)
    await store.open()
    try:
        async with store.engine.connect() as conn:
            rows = await conn.exec_driver_sql("SELECT id, user_id FROM subscriptions ORDER BY id")
            assert [tuple(row) for row in rows] == [(1, 42), (3, 43)]
    finally:
        await store.close()


@postgres_only
async def test_the_next_query_after_the_server_dropped_every_connection_works(
    store: Store, database_url: str
) -> None:
    await store.accounts.add(1, "before")
    # Fill the pool with connections that were each used once.
    await asyncio.gather(*(store.accounts.list(1) for _ in range(5)))
    assert POSTGRES_URL is not None
    admin = create_async_engine(POSTGRES_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    database = database_url.rsplit("/", 1)[1].split("?", 1)[0]
    try:
        async with admin.connect() as conn:
            ended = await conn.exec_driver_sql(
                "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
            )
            assert ended.scalar() >= 1
    finally:
        await admin.dispose()
    assert [a.handle for a in await store.accounts.list(1)] == ["before"]
    assert (await store.accounts.add(1, "after")).handle == "after"


@sqlite_only
async def test_a_read_only_database_is_named_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    store = Store(f"sqlite+aiosqlite:///{path}", clock=utc_now)
    await store.open()
    await store.accounts.add(1, "kept")
    await store.close()
    read_only = Store(f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true", clock=utc_now)
    await read_only.open()
    try:
        with pytest.raises(DBAPIError) as refused:
            await read_only.accounts.add(1, "lost")
        assert unwritable(refused.value)
        assert [a.handle for a in await read_only.accounts.list(1)] == ["kept"]
    finally:
        await read_only.close()


@sqlite_only
async def test_a_full_database_is_named_and_loses_nothing(store: Store) -> None:
    await store.accounts.add(1, "kept")

    def no_room(dbapi_connection: Any, _record: Any) -> None:
        # The pages the file has now are all it may have: as on a full disk.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count={cursor.fetchone()[0]}")
        cursor.close()

    await store.engine.dispose()
    event.listen(store.engine.sync_engine, "connect", no_room)
    daily = daily_frame([{"day": "2026-11-20", "followers": 1000}])
    with pytest.raises(DBAPIError) as refused:
        await store.uploads.ingest(
            (await store.accounts.list(1))[0].id,
            sha256="c" * 64,
            filename="f.csv",
            formats=["x"],
            received_at=NOW,
            daily=daily,
            posts_frame=_many_posts(5_000),
        )
    assert unwritable(refused.value)
    async with store.engine.connect() as conn:
        counts = await conn.exec_driver_sql(
            "SELECT (SELECT COUNT(*) FROM posts), (SELECT COUNT(*) FROM uploads)"
        )
        assert tuple(counts.one()) == (0, 0)


async def test_a_statement_error_is_not_taken_for_an_unwritable_database(store: Store) -> None:
    row = {"guild_id": 1, "user_id": 42, "account_id": None}
    async with store.engine.begin() as conn:
        await conn.execute(insert(subscriptions).values(**row))
    with pytest.raises(IntegrityError) as duplicate:
        async with store.engine.begin() as conn:
            await conn.execute(insert(subscriptions).values(**row))
    assert not unwritable(duplicate.value)
