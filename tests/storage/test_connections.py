"""The connections part of the store: single-use states, once-only notices, pulls merged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from bot.clock import utc_now
from storage import Store
from storage.connections import Reseal, SealedTokens, StoredSeal
from storage.posts import PostRow
from storage.pulls import Observation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 22)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


def sealed(refresh_end: datetime = NOW + timedelta(days=365)) -> SealedTokens:
    return SealedTokens("open-1", "video.list", "sealed-a", NOW, "sealed-r", refresh_end)


def seen(day: date, followers: int, views: int | None) -> Observation:
    return Observation(day, NOW, followers, 3, 900, 2, views)


async def test_a_state_is_taken_once_and_expired_ones_are_swept(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    bound = {"guild_id": 1, "account_id": account.id, "user_id": 7}
    await store.oauth_states.add("old", **bound, now=NOW, expires_at=NOW)
    later = NOW + timedelta(minutes=1)
    await store.oauth_states.add("h", **bound, now=later, expires_at=later)
    assert await store.oauth_states.take("old") is None  # swept when "h" was added
    taken = await store.oauth_states.take("h")
    assert taken is not None and (taken.account_id, taken.user_id) == (account.id, 7)
    assert await store.oauth_states.take("h") is None


async def test_concurrent_callbacks_with_one_state_let_exactly_one_through(
    store: Store, database_url: str
) -> None:
    """Four callbacks carrying one state, from four independent stores (as from four
    processes), race to take it."""
    account = await store.accounts.add(1, "glowlab.studio")
    bound = {"guild_id": 1, "account_id": account.id, "user_id": 7}
    later = NOW + timedelta(minutes=10)
    await store.oauth_states.add("h", **bound, now=NOW, expires_at=later)
    others = [Store(database_url, clock=utc_now) for _ in range(4)]
    for other in others:
        await other.open()
    try:
        taken = await asyncio.gather(*(other.oauth_states.take("h") for other in others))
    finally:
        for other in others:
            await other.close()
    assert [t is not None for t in taken].count(True) == 1
    assert await store.oauth_states.take("h") is None


async def test_disconnection_and_expiry_notices_happen_once(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await store.connections.save(account.id, sealed(), connected_by=7, now=NOW)
    assert await store.connections.mark_disconnected(account.id, "revoked")
    assert not await store.connections.mark_disconnected(account.id, "revoked")
    end = NOW + timedelta(days=5)
    assert await store.connections.note_expiry_notice(account.id, end)
    assert not await store.connections.note_expiry_notice(account.id, end)
    assert await store.connections.note_expiry_notice(account.id, end + timedelta(days=180))


async def test_pulls_estimate_views_and_leave_an_exports_day_alone(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await store.connections.save(account.id, sealed(), connected_by=7, now=NOW)
    post = PostRow("v1", NOW, "A video", 100, 10, 1, 0)
    first = await store.pulls.record(account.id, seen(DAY, 1_000, 5_000), [post])
    assert (first.views_estimated, first.posts_new, first.posts_updated) == (None, 1, 0)

    nxt = DAY + timedelta(days=1)
    await store.uploads.merge_daily(
        account.id, daily_frame([{"day": nxt, "followers": 1_020}]), source=SnapshotSource.UPLOAD
    )
    second = await store.pulls.record(account.id, seen(nxt, 1_050, 5_340), [post])
    assert (second.views_estimated, second.export_followers) == (340, 1_020)
    assert (second.posts_new, second.posts_updated) == (0, 1)
    daily = await store.snapshots.daily(account.id)
    assert daily["followers"].tolist() == [1_000, 1_020]
    connection = await store.connections.get(account.id)
    assert connection is not None and connection.last_pull_at == NOW


async def test_a_reseal_leaves_a_connection_alone_while_its_refresh_is_under_way(
    store: Store,
) -> None:
    """Re-encrypting under a new key must not change the sealed refresh token a refresh in
    flight will be matched against, or that refresh's new tokens would be dropped."""
    account = await store.accounts.add(1, "pixel.pets")
    await store.connections.save(account.id, sealed(), connected_by=7, now=NOW)
    [before] = await store.connections.sealed()
    after = StoredSeal(account.id, "resealed-a", "resealed-r")
    claimed = await store.connections.claim_refresh(
        account.id, "claim-1", now=NOW, until=NOW + timedelta(minutes=3)
    )
    assert claimed is not None
    assert await store.connections.reseal(before, after, NOW) is Reseal.BUSY
    assert await store.connections.sealed() == [before]
    # Once the claim has lapsed (its process died), the tokens are resealed.
    later = NOW + timedelta(minutes=4)
    assert await store.connections.reseal(before, after, later) is Reseal.DONE
    assert await store.connections.sealed() == [after]
    # Tokens a refresh replaced meanwhile are not touched.
    assert await store.connections.reseal(before, after, later) is Reseal.CHANGED
