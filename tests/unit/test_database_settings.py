"""Pool sizes come from the settings and reach the engine every repository shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.clock import utc_now
from bot.config import Settings
from storage import PoolSize, Store


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_pool_defaults_leave_room_for_several_processes() -> None:
    assert settings().pool == PoolSize(size=5, overflow=10)


def test_pool_sizes_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_POOL_SIZE", "3")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "0")
    assert settings().pool == PoolSize(size=3, overflow=0)


def test_a_pool_without_connections_is_refused() -> None:
    with pytest.raises(ValidationError, match="database_pool_size"):
        settings(database_pool_size=0)


async def test_the_store_opens_its_pool_with_those_sizes(tmp_path: Path) -> None:
    store = Store(
        f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", PoolSize(size=2, overflow=1), clock=utc_now
    )
    await store.open()
    try:
        assert store.engine.pool.size() == 2  # type: ignore[attr-defined]
    finally:
        await store.close()
