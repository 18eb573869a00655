"""schema.py and the migrations describe one database: what the migrations build is what the
store's queries are written against, column by column, default by default."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Connection

from bot.clock import utc_now
from storage import Store
from storage.schema import metadata
from tests.databases import sqlite_only


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


def _defaults_differ(
    _context: Any,
    _inspected_column: Any,
    _metadata_column: Column[Any],
    inspected_default: str | None,
    _metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    """Databases report a default as the SQL they keep for it (SQLite ``'UTC'``, ``('')``;
    PostgreSQL ``'UTC'::character varying``); compare that literal with the schema's. Alembic's
    own comparison misreads the empty string."""
    if inspected_default is None or rendered_metadata_default is None:
        return None
    literal = inspected_default.split("::", 1)[0].strip("()")
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        literal = literal[1:-1].replace("''", "'")
    return literal != rendered_metadata_default


async def test_migrations_build_the_schema_the_store_queries(store: Store) -> None:
    def differences(conn: Connection) -> list[Any]:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": _defaults_differ}
        )
        return compare_metadata(context, metadata)

    async with store.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


@sqlite_only
async def test_migrations_give_each_table_its_sqlite_options(store: Store) -> None:
    """AUTOINCREMENT and WITHOUT ROWID change how SQLite stores a table, and Alembic's
    comparison does not look at them."""
    async with store.engine.connect() as conn:
        rows = await conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type='table'")
        created = {name: sql for name, sql in rows}
    for table in metadata.sorted_tables:
        options = table.dialect_options["sqlite"]
        sql = created[table.name]
        assert ("AUTOINCREMENT" in sql) == bool(options["autoincrement"]), table.name
        assert ("WITHOUT ROWID" in sql) == (not options["with_rowid"]), table.name
