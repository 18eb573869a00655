"""The posts repository: one upsert, and what an upload, a pull and TikTok's API for Business
may each overwrite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from bot.analytics.model import daily_frame, posts_frame
from bot.analytics.vocabulary import SnapshotSource
from bot.clock import utc_now
from storage import Store
from storage.posts import PostRow
from storage.pulls import Observation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
POSTED = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


async def _upload(store: Store, account_id: int, sha: str, posts: pd.DataFrame) -> None:
    await store.uploads.ingest(
        account_id,
        sha256=sha * 64,
        filename="f.csv",
        formats=["x"],
        received_at=NOW,
        daily=daily_frame([{"day": "2026-11-20", "followers": 1_000}]),
        posts_frame=posts,
    )


async def _stored(store: Store) -> tuple[object, ...]:
    """The one stored post's title, figures, and whether an upload is noted for it."""
    async with store.engine.connect() as conn:
        row = await conn.exec_driver_sql(
            "SELECT title, views, likes, comments, upload_id IS NOT NULL FROM posts"
        )
        return tuple(row.one())


async def test_a_pull_replaces_figures_and_an_upload_only_fills_known_ones(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(
        store,
        account.id,
        "a",
        posts_frame(
            [{"post_id": "v1", "posted_at": POSTED, "title": "hello", "views": 500, "likes": 40}]
        ),
    )
    assert await _stored(store) == ("hello", 500, 40, None, True)

    # A pull's word replaces the stored figures, a blank one included; the upload stays noted.
    pulled = PostRow("v1", POSTED, "hello there", 600, None, 2, 0)
    seen = Observation(date(2026, 11, 22), NOW, 1_010, 3, 900, 1, 600)
    write = await store.pulls.record(account.id, seen, [pulled])
    assert (write.posts_new, write.posts_updated) == (0, 1)
    assert await _stored(store) == ("hello there", 600, None, 2, True)

    # An upload's blank figures leave the stored ones; its known ones and its title replace.
    await _upload(
        store,
        account.id,
        "b",
        posts_frame([{"post_id": "v1", "posted_at": POSTED, "title": "hello", "likes": 45}]),
    )
    assert await _stored(store) == ("hello", 600, 45, 2, True)


async def _business(store: Store, account_id: int, rows: list[PostRow]) -> tuple[int, int]:
    async with store.engine.begin() as conn:
        return await store.posts.upsert(conn, account_id, rows, source=SnapshotSource.BUSINESS)


async def test_the_business_api_replaces_its_figures_and_nothing_else_blanks_them(
    store: Store,
) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(
        store,
        account.id,
        "a",
        posts_frame([{"post_id": "v1", "posted_at": POSTED, "title": "hello", "views": 500}]),
    )
    # TikTok's API for Business: its counts and its own video figures replace the stored ones.
    told = PostRow("v1", POSTED, "hello", 41_200, 3_100, 120, 45, 312, 30_500, 0.8, 0.25, 9.5)
    assert await _business(store, account.id, [told]) == (0, 1)
    frame = await store.snapshots.posts(account.id)
    row = frame.iloc[0]
    assert (row["views"], row["likes"], row["new_followers"], row["reach"]) == (
        41_200,
        3_100,
        312,
        30_500,
    )
    assert (row["for_you_share"], row["full_watch_rate"], row["average_watch_seconds"]) == (
        0.8,
        0.25,
        9.5,
    )
    assert str(frame["new_followers"].dtype) == "Int64"
    assert str(frame["for_you_share"].dtype) == "Float64"

    # An upload and a Display API pull give none of these figures: neither blanks them.
    await _upload(
        store,
        account.id,
        "b",
        posts_frame([{"post_id": "v1", "posted_at": POSTED, "title": "hello", "views": 41_300}]),
    )
    seen = Observation(date(2026, 11, 22), NOW, 1_010, 3, 900, 1, 41_400)
    await store.pulls.record(account.id, seen, [PostRow("v1", POSTED, "hi", 41_400, 1, 2, 3)])
    row = (await store.snapshots.posts(account.id)).iloc[0]
    assert (row["views"], row["title"], row["new_followers"], row["reach"]) == (
        41_400,
        "hi",
        312,
        30_500,
    )
    assert (row["for_you_share"], row["full_watch_rate"], row["average_watch_seconds"]) == (
        0.8,
        0.25,
        9.5,
    )

    # The API's own word, blanks included, replaces them (as a pull's does its counts).
    later = PostRow("v1", POSTED, "hi", 41_500, 3_150, 121, 46, 318, None, 0.79, None, 9.4)
    assert await _business(store, account.id, [later]) == (0, 1)
    row = (await store.snapshots.posts(account.id)).iloc[0]
    assert (row["views"], row["new_followers"], row["for_you_share"]) == (41_500, 318, 0.79)
    assert pd.isna(row["reach"]) and pd.isna(row["full_watch_rate"])


async def test_posts_without_business_figures_read_them_as_unknown(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(
        store,
        account.id,
        "a",
        posts_frame([{"post_id": "v1", "posted_at": POSTED, "title": "hello", "views": 500}]),
    )
    many = await store.snapshots.posts_many([account.id])
    frame = many[account.id]
    assert frame[["new_followers", "reach", "for_you_share"]].isna().all().all()
    assert list(frame.columns)[-5:] == [
        "new_followers",
        "reach",
        "for_you_share",
        "full_watch_rate",
        "average_watch_seconds",
    ]
