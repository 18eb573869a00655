"""Snoozes and mutes of alerts against a real database (SQLite, or PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import utc_now
from storage import Store

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


async def test_a_snooze_runs_until_its_end_and_a_later_press_moves_it(store: Store) -> None:
    account = await store.accounts.add(1, "quiet.one")
    await store.silences.snooze(account.id, 7, NOW + timedelta(days=7))
    await store.silences.snooze(account.id, 8, NOW + timedelta(days=1))
    assert await store.silences.snoozed(account.id, NOW) == {7, 8}
    assert await store.silences.snoozed(account.id, NOW + timedelta(days=2)) == {7}
    await store.silences.snooze(account.id, 8, NOW + timedelta(days=9))
    assert await store.silences.snoozed(account.id, NOW + timedelta(days=8)) == {8}


async def test_mute_once_unmute_once_and_removal_forgets_both(store: Store) -> None:
    account = await store.accounts.add(1, "loud.one")
    other = await store.accounts.add(2, "elsewhere")
    assert await store.silences.mute(account.id, 7, NOW)
    assert not await store.silences.mute(account.id, 8, NOW)
    await store.silences.mute(other.id, 9, NOW)
    assert await store.silences.muted(account.id)
    assert await store.silences.muted_handles(1) == ["loud.one"]
    assert await store.silences.unmute(account.id)
    assert not await store.silences.unmute(account.id)
    assert not await store.silences.muted(account.id)

    await store.silences.mute(account.id, 7, NOW)
    await store.silences.snooze(account.id, 7, NOW + timedelta(days=7))
    await store.accounts.remove(account.id)
    assert await store.silences.muted_handles(1) == []
    assert await store.silences.snoozed(account.id, NOW) == set()
    assert await store.accounts.by_id(other.id) == other
    assert await store.accounts.by_id(account.id) is None
