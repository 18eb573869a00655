"""The database a test runs on: a SQLite file of its own by default, or, when
``TEST_DATABASE_URL`` names a PostgreSQL server, a fresh database on it cloned from a migrated
template (cloning takes milliseconds; migrating every test's database would not)."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.clock import utc_now
from storage import Store

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL") or None
TEMPLATE = f"netbot_template_{os.getpid()}"

sqlite_only = pytest.mark.skipif(
    POSTGRES_URL is not None, reason="reads or builds the SQLite file itself"
)
postgres_only = pytest.mark.skipif(
    POSTGRES_URL is None, reason="needs a PostgreSQL server: set TEST_DATABASE_URL"
)

_numbers = itertools.count()
_template_ready = False


def on_database(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def _admin(statement: str) -> None:
    assert POSTGRES_URL is not None
    engine = create_async_engine(POSTGRES_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql(statement)
    finally:
        await engine.dispose()


async def _ensure_template() -> None:
    global _template_ready  # noqa: PLW0603 - one migrated template per test run
    if _template_ready:
        return
    await _admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
    await _admin(f"CREATE DATABASE {TEMPLATE}")
    assert POSTGRES_URL is not None
    store = Store(on_database(POSTGRES_URL, TEMPLATE), clock=utc_now)
    await store.open()
    await store.close()
    _template_ready = True


@asynccontextmanager
async def fresh_database(tmp_path: Path, *, migrated: bool = True) -> AsyncIterator[str]:
    """The URL of a database no other test sees, dropped afterwards; ``migrated=False`` gives
    an empty one, for tests of the migrations themselves."""
    if POSTGRES_URL is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    name = f"netbot_test_{os.getpid()}_{next(_numbers)}"
    if migrated:
        await _ensure_template()
        await _admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    else:
        await _admin(f"CREATE DATABASE {name}")
    try:
        yield on_database(POSTGRES_URL, name)
    finally:
        await _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def drop_template() -> None:
    """Remove the template at the end of the run, for servers that outlive it."""
    if POSTGRES_URL is not None and _template_ready:
        await _admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
