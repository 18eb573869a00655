"""The posts repository: one upsert, and what an upload and a pull may each overwrite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from bot.analytics.model import daily_frame, posts_frame
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
