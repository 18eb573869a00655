"""Commands while the database fails under the bot: a server that dropped every connection,
and a disk with no room left."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.app import UNWRITABLE
from bot.clock import utc_now
from storage import Store
from tests.conftest import MANAGER, MEMBER, World
from tests.databases import POSTGRES_URL, postgres_only, sqlite_only
from tests.discord_server import FakeDiscord
from tests.e2e.test_run_process import TOKEN, environment

SQLITE_MAX_PAGES = 4_294_967_294


class Disk:
    """Whether the SQLite file may grow: when full, the pages it has now are all it may have,
    as on a full disk. Applied to each connection as the pool hands it out."""

    def __init__(self) -> None:
        self.full = False

    def on_checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0] if self.full else SQLITE_MAX_PAGES
        cursor.execute(f"PRAGMA max_page_count={pages}")
        cursor.close()


@sqlite_only
async def test_a_full_disk_gets_a_plain_answer_and_one_log_line(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.run("account add", {"handle": "kept"}, user=MANAGER)
    engine = world.bot.store.engine
    disk = Disk()
    event.listen(engine.sync_engine, "checkout", disk.on_checkout)
    disk.full = True
    caplog.clear()
    first = date(2020, 1, 1)
    days = "".join(f"{first + timedelta(days=n)},{1000 + n}\n" for n in range(1500))
    sheet = f"date,followers\n{days}".encode()
    with caplog.at_level(logging.INFO):
        refused = await world.run(
            "upload",
            {"file": "followers.csv", "account": "kept"},
            attachments={"followers.csv": sheet},
            user=MANAGER,
        )
    assert refused.ephemeral and refused.content == UNWRITABLE
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.exc_info) for r in errors] == [("bot.app", None)]
    assert errors[0].getMessage() == (
        "The database cannot store anything (disk full or read-only): database or disk is full"
    )
    async with engine.connect() as conn:
        stored = await conn.exec_driver_sql("SELECT COUNT(*) FROM snapshots")
        assert stored.scalar() == 0

    disk.full = False
    added = await world.run("account add", {"handle": "after"}, user=MANAGER)
    assert added.content.startswith("Now tracking @after")


@postgres_only
async def test_the_first_command_after_the_server_dropped_its_connections_works(
    world: World,
) -> None:
    await world.run("account add", {"handle": "before"}, user=MANAGER)
    assert POSTGRES_URL is not None
    admin = create_async_engine(POSTGRES_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    database = world.database_url.rsplit("/", 1)[1].split("?", 1)[0]
    try:
        async with admin.connect() as conn:
            ended = await conn.exec_driver_sql(
                "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
            )
            assert ended.scalar() >= 1
    finally:
        await admin.dispose()
    listed = await world.run("account list", user=MEMBER)
    assert listed.embed["title"] == "Tracked accounts (1)"
    assert listed.embed["description"].startswith("**@before**")


@sqlite_only
async def test_run_on_a_read_only_database_exits_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.db"
    path.parent.mkdir()
    store = Store(f"sqlite+aiosqlite:///{path}", clock=utc_now)
    await store.open()
    await store.accounts.add(1, "kept")
    await store.close()
    server = FakeDiscord(token=TOKEN)
    await server.start()
    env = environment(server, tmp_path, TOKEN) | {
        "DATABASE_URL": f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await server.stop()
    assert process.returncode == 1
    assert "Traceback" not in (out + err).decode()
    assert err.decode().splitlines()[-1] == (
        "The database cannot store anything (attempt to write a readonly database): the disk "
        "is full or the database is read-only. Nothing was changed; free some space or make it "
        "writable, then start again."
    )
    store = Store(f"sqlite+aiosqlite:///{path}", clock=utc_now)
    await store.open()
    try:
        assert [a.handle for a in await store.accounts.list(1)] == ["kept"]
    finally:
        await store.close()
