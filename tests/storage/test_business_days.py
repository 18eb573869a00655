"""Whole days from TikTok's API for Business: stored once per day, revised in place, and
never over an uploaded export of the same day."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.analytics.model import daily_frame, empty_posts
from bot.analytics.vocabulary import SnapshotSource
from bot.clock import utc_now
from storage import Store
from storage.posts import PostRow
from storage.snapshots import DayFigures

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FIRST = date(2026, 11, 15)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


def day(offset: int, followers: int, gained: int, lost: int) -> DayFigures:
    return DayFigures(
        day=FIRST + timedelta(days=offset),
        followers=followers,
        gained=gained,
        lost=lost,
        views=1_000 + offset,
        profile_views=50 + offset,
        likes=80 + offset,
        comments=9 + offset,
        shares=3 + offset,
    )


async def _sources(store: Store, account_id: int) -> dict[date, str]:
    async with store.engine.connect() as conn:
        rows = await conn.exec_driver_sql(
            f"SELECT day, source FROM snapshots WHERE account_id = {account_id} ORDER BY day"
        )
        return {
            (value if isinstance(value, date) else date.fromisoformat(value)): source
            for value, source in rows
        }


async def test_days_are_stored_once_revised_in_place_and_yield_to_an_export(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    # 15 Nov comes from an uploaded export; 16 Nov from a Display pull's count.
    await store.uploads.ingest(
        account.id,
        sha256="e" * 64,
        filename="overview.csv",
        formats=["x"],
        received_at=NOW,
        daily=daily_frame([{"day": FIRST, "followers": 1_000, "gained": 12, "lost": 2}]),
        posts_frame=empty_posts(),
    )
    async with store.engine.begin() as conn:
        await store.snapshots.keep_followers(
            conn, account.id, FIRST + timedelta(days=1), 1_020, source=SnapshotSource.PULL
        )
    days = [day(0, 1_030, 40, 5), day(1, 1_040, 15, 5), day(2, 1_052, 20, 8)]
    video = PostRow("v1", NOW - timedelta(days=3), "hello", 900, 70, 6, 2)

    first = await store.pulls.record_days(
        account.id, days, [video], source=SnapshotSource.BUSINESS, at=NOW
    )

    # The export's day is kept with its total (1,000, more than 1% off TikTok's 1,030); the
    # pulled count of 16 Nov is replaced by TikTok's day; 17 Nov is new.
    assert (first.days.new, first.days.revised, first.days.unchanged) == (1, 1, 0)
    assert first.days.kept == {FIRST: 1_000}
    assert (first.posts_new, first.posts_updated) == (1, 0)
    assert await store.snapshots.last_day(account.id, SnapshotSource.BUSINESS) == date(2026, 11, 17)
    daily = await store.snapshots.daily(account.id)
    assert list(daily["followers"]) == [1_000, 1_040, 1_052]
    assert list(daily["gained"]) == [12, 15, 20]
    assert list(daily["lost"]) == [2, 5, 8]
    assert list(daily["profile_views"])[1:] == [51, 52]
    assert await _sources(store, account.id) == {
        FIRST: "upload",
        date(2026, 11, 16): "tiktok-business",
        date(2026, 11, 17): "tiktok-business",
    }

    # TikTok revises 17 Nov (two more lost) and adds 18 Nov: one row each, never two.
    again = [day(1, 1_040, 15, 5), day(2, 1_050, 20, 10), day(3, 1_061, 14, 3)]
    second = await store.pulls.record_days(
        account.id, again, [video], source=SnapshotSource.BUSINESS, at=NOW
    )
    assert (second.days.new, second.days.revised, second.days.unchanged) == (1, 1, 1)
    assert (second.posts_new, second.posts_updated) == (0, 1)
    daily = await store.snapshots.daily(account.id)
    assert len(daily) == 4
    assert list(daily["followers"]) == [1_000, 1_040, 1_050, 1_061]
    assert list(daily["lost"]) == [2, 5, 10, 3]

    # A Display pull of a day TikTok's API for Business gave leaves the day alone.
    async with store.engine.begin() as conn:
        kept = await store.snapshots.keep_followers(
            conn, account.id, date(2026, 11, 18), 1_070, source=SnapshotSource.PULL
        )
    assert kept == 1_061
