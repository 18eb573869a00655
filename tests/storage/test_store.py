"""The Store against a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL): migrations,
merges, idempotency, isolation, outbox."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from bot.analytics.model import daily_frame, posts_frame
from bot.analytics.vocabulary import DeliveryStatus, MessageKind, SnapshotSource
from bot.clock import utc_now
from storage import AccountExists, Lease, Store
from storage._db import MIGRATIONS
from tests.databases import fresh_database, sqlite_only

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


async def test_migrations_create_the_tables_at_the_newest_revision(store: Store) -> None:
    async with store.engine.connect() as conn:
        tables = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
        revision = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    assert {
        "guild_settings",
        "accounts",
        "snapshots",
        "posts",
        "uploads",
        "deliveries",
        "subscriptions",
        "bot_state",
        "tiktok_connections",
        "tiktok_observations",
        "oauth_states",
        "goals",
        "milestones",
        "audience_hours",
        "audience_shares",
        "alert_snoozes",
        "alert_mutes",
    } <= tables
    assert revision == "0011"


@sqlite_only
async def test_sqlite_runs_in_wal_mode(store: Store, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_processes_starting_at_once_migrate_an_empty_database_once(tmp_path: Path) -> None:
    async with fresh_database(tmp_path, migrated=False) as url:
        stores = [Store(url, clock=utc_now) for _ in range(3)]
        await asyncio.gather(*(s.open() for s in stores))
        try:
            await stores[0].accounts.add(1, "first")
            assert [a.handle for a in await stores[2].accounts.list(1)] == ["first"]
        finally:
            await asyncio.gather(*(s.close() for s in stores))


async def test_reopening_keeps_data(store: Store, database_url: str) -> None:
    await store.accounts.add(1, "glowlab.studio")
    await store.close()
    again = Store(database_url, clock=utc_now)
    await again.open()
    assert [a.handle for a in await again.accounts.list(1)] == ["glowlab.studio"]
    await again.close()


async def test_accounts_are_unique_per_guild_and_invisible_to_other_guilds(store: Store) -> None:
    await store.accounts.add(1, "shared.name")
    await store.accounts.add(2, "shared.name")
    await store.accounts.add(1, "only.one")
    with pytest.raises(AccountExists):
        await store.accounts.add(1, "shared.name")
    assert await store.accounts.search_handles(2, "") == ["shared.name"]
    assert await store.accounts.search_handles(1, "one") == ["only.one"]
    assert await store.accounts.get(2, "only.one") is None


async def test_search_treats_like_wildcards_literally(store: Store) -> None:
    await store.accounts.add(1, "a_b")
    await store.accounts.add(1, "axb")
    assert await store.accounts.search_handles(1, "a_") == ["a_b"]
    assert await store.accounts.search_handles(1, "%") == []


async def test_removing_an_account_cascades_to_everything_stored_for_it(store: Store) -> None:
    account = await store.accounts.add(1, "gone.soon")
    kept = await store.accounts.add(1, "stays")
    daily, posts = _upload_frames()
    for owner in (account, kept):
        await store.uploads.ingest(
            owner.id,
            sha256="c" * 64,
            filename="f.csv",
            formats=["x"],
            received_at=NOW,
            daily=daily,
            posts_frame=posts,
        )
        await store.subscriptions.add(1, 42, owner.id)
        await store.deliveries.claim(
            MessageKind.ALERT,
            "user:42",
            f"{owner.id}:2026-11-02",
            guild_id=1,
            now=NOW,
            account_id=owner.id,
        )
    await store.deliveries.claim(MessageKind.DIGEST, "channel:9", "2026-W48/1", guild_id=1, now=NOW)
    # accounts.remove deletes the account row only: the rest goes by ON DELETE CASCADE.
    assert await store.accounts.remove(account.id) == 2
    tables = ("snapshots", "posts", "uploads", "subscriptions", "deliveries")
    async with store.engine.connect() as conn:

        async def count(table: str, where: str, **params: object) -> int:
            sql = text(f"SELECT COUNT(*) FROM {table} WHERE {where}")
            return int((await conn.execute(sql, params)).scalar_one())

        left = {table: await count(table, "account_id = :id", id=account.id) for table in tables}
        others = {table: await count(table, "account_id = :id", id=kept.id) for table in tables}
        digests = await count("deliveries", "kind = 'digest'")
    assert left == dict.fromkeys(tables, 0)
    assert others == {"snapshots": 2, "posts": 1, "uploads": 1, "subscriptions": 1, "deliveries": 1}
    assert digests == 1


async def test_a_new_account_never_gets_a_removed_accounts_id(store: Store) -> None:
    older = await store.accounts.add(1, "older")
    newest = await store.accounts.add(1, "newest")
    day = NOW.date().isoformat()
    await store.deliveries.claim(
        MessageKind.ALERT, "user:7", f"{newest.id}:{day}", guild_id=1, now=NOW, account_id=newest.id
    )
    await store.accounts.remove(newest.id)
    fresh = await store.accounts.add(2, "fresh")  # another guild, even
    assert fresh.id > newest.id > older.id
    assert await store.deliveries.last_alert_day(fresh.id) is None
    assert await store.deliveries.get(MessageKind.ALERT, "user:7", f"{newest.id}:{day}") is None


def _upload_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    daily = daily_frame(
        [
            {"day": "2026-11-01", "followers": 100, "views": 1000},
            {"day": "2026-11-02", "followers": 110, "views": 900},
        ]
    )
    posts = posts_frame(
        [{"post_id": "v1", "posted_at": "2026-11-01T10:00:00Z", "title": "hello", "views": 500}]
    )
    return daily, posts


async def test_a_teams_posts_are_read_in_one_go_as_each_accounts_own(store: Store) -> None:
    posted = await store.accounts.add(1, "posted")
    quiet = await store.accounts.add(1, "quiet")
    daily, posts = _upload_frames()
    await store.uploads.ingest(
        posted.id,
        sha256="d" * 64,
        filename="f.csv",
        formats=["x"],
        received_at=NOW,
        daily=daily,
        posts_frame=posts,
    )
    many = await store.snapshots.posts_many([posted.id, quiet.id])
    assert many.keys() == {posted.id, quiet.id}
    pd.testing.assert_frame_equal(many[posted.id], await store.snapshots.posts(posted.id))
    assert list(many[posted.id]["post_id"]) == ["v1"]
    assert many[quiet.id].empty
    assert await store.snapshots.posts_many([]) == {}


async def test_same_file_twice_changes_nothing(store: Store) -> None:
    account = await store.accounts.add(1, "acct")
    daily, posts = _upload_frames()
    args = {
        "sha256": "ab" * 32,
        "filename": "f.csv",
        "formats": ["x"],
        "received_at": NOW,
        "daily": daily,
        "posts_frame": posts,
    }
    first = await store.uploads.ingest(account.id, **args)
    second = await store.uploads.ingest(account.id, **args)
    assert (first.days.new, first.posts_new) == (2, 1)
    assert second.already_imported
    assert second.days.total == 0
    assert len(await store.snapshots.daily(account.id)) == 2


async def test_overlapping_uploads_merge_per_field_newer_wins(store: Store) -> None:
    account = await store.accounts.add(1, "acct")
    daily, posts = _upload_frames()
    await store.uploads.ingest(
        account.id,
        sha256="1" * 64,
        filename="a.csv",
        formats=["x"],
        received_at=NOW,
        daily=daily,
        posts_frame=posts,
    )
    # Second file: 2 Nov followers differ (conflict), 2 Nov adds likes, 3 Nov is new,
    # 1 Nov repeats the same followers and gives no views (views must be kept).
    newer = daily_frame(
        [
            {"day": "2026-11-01", "followers": 100},
            {"day": "2026-11-02", "followers": 111, "likes": 40},
            {"day": "2026-11-03", "followers": 115},
        ]
    )
    outcome = await store.uploads.ingest(
        account.id,
        sha256="2" * 64,
        filename="b.csv",
        formats=["x"],
        received_at=NOW,
        daily=newer,
        posts_frame=posts_frame([]),
    )
    assert (outcome.days.new, outcome.days.updated, outcome.days.unchanged) == (1, 1, 1)
    assert outcome.days.conflicts == 1
    stored = await store.snapshots.daily(account.id)
    assert stored["followers"].tolist() == [100, 111, 115]
    assert stored["views"].tolist() == [1000, 900, pd.NA]
    assert stored["likes"].tolist() == [pd.NA, 40, pd.NA]


async def test_failed_import_rolls_back_everything(store: Store) -> None:
    account = await store.accounts.add(1, "acct")
    daily, _ = _upload_frames()
    broken_posts = posts_frame([{"post_id": "v1", "title": "x"}])
    broken_posts["title"] = None  # violates NOT NULL after the snapshots were written
    with pytest.raises(IntegrityError):
        await store.uploads.ingest(
            account.id,
            sha256="3" * 64,
            filename="bad.csv",
            formats=["x"],
            received_at=NOW,
            daily=daily,
            posts_frame=broken_posts,
        )
    assert (await store.snapshots.daily(account.id)).empty
    retry = await store.uploads.ingest(
        account.id,
        sha256="3" * 64,
        filename="bad.csv",
        formats=["x"],
        received_at=NOW,
        daily=daily,
        posts_frame=posts_frame([]),
    )
    assert not retry.already_imported


async def test_daily_many_reads_each_account(store: Store) -> None:
    a = await store.accounts.add(1, "a")
    b = await store.accounts.add(1, "b")
    c = await store.accounts.add(1, "c")
    await store.uploads.merge_daily(
        a.id, daily_frame([{"day": "2026-11-01", "followers": 1}]), source=SnapshotSource.MANUAL
    )
    await store.uploads.merge_daily(
        b.id,
        daily_frame([{"day": "2026-11-02", "followers": 2}, {"day": "2026-11-03", "followers": 3}]),
        source=SnapshotSource.MANUAL,
    )
    frames = await store.snapshots.daily_many([a.id, b.id, c.id])
    assert frames[a.id]["followers"].tolist() == [1]
    assert frames[b.id].index.date.tolist() == [date(2026, 11, 2), date(2026, 11, 3)]
    assert frames[c.id].empty


async def test_delivery_claims_once_and_releases(store: Store) -> None:
    first = await store.deliveries.claim(
        MessageKind.DIGEST, "channel:9", "2026-W48/1", guild_id=1, now=NOW
    )
    assert first is not None
    assert (
        await store.deliveries.claim(
            MessageKind.DIGEST, "channel:9", "2026-W48/1", guild_id=1, now=NOW
        )
        is None
    )
    assert [d.id for d in await store.deliveries.unfinished(now=NOW)] == [first.id]
    assert await store.deliveries.release(first.id, now=NOW, by="another")
    again = await store.deliveries.claim(
        MessageKind.DIGEST, "channel:9", "2026-W48/1", guild_id=1, now=NOW
    )
    assert again is not None
    await store.deliveries.finish(again.id, status=DeliveryStatus.SENT, now=NOW, message_id=77)
    assert await store.deliveries.unfinished(now=NOW) == []
    assert not await store.deliveries.release(again.id, now=NOW, by="another")  # sent stays
    sent = await store.deliveries.get(MessageKind.DIGEST, "channel:9", "2026-W48/1")
    assert sent is not None and sent.message_id == 77


async def test_a_claim_held_by_a_live_process_is_left_to_it(store: Store) -> None:
    live = Lease("live", NOW + timedelta(minutes=1))
    claim = await store.deliveries.claim(
        MessageKind.ALERT, "user:7", "3:2026-11-21", guild_id=1, now=NOW, lease=live
    )
    assert claim is not None and claim.claimed_by == "live" and claim.lease_until == live.until
    # Another process starting now settles nothing the live one holds.
    assert await store.deliveries.unfinished(now=NOW) == []
    assert not await store.deliveries.release(claim.id, now=NOW, by="starting")
    # The live process renews its lease; once it stops renewing, the lease runs out.
    later = NOW + timedelta(minutes=2)
    assert await store.deliveries.renew(Lease("live", later + timedelta(minutes=1))) == 1
    assert await store.deliveries.unfinished(now=later) == []
    gone = later + timedelta(minutes=1)
    assert [d.id for d in await store.deliveries.unfinished(now=gone)] == [claim.id]
    assert await store.deliveries.release(claim.id, now=gone, by="starting")


async def test_a_queued_part_taken_by_a_live_process_is_not_requeued(store: Store) -> None:
    assert await store.deliveries.queue(
        MessageKind.DIGEST, "channel:9", [("2026-W48/1", "one")], guild_id=1, now=NOW
    )
    [part] = await store.deliveries.parts(MessageKind.DIGEST, "channel:9", "2026-W48")
    assert await store.deliveries.take(part.id, now=NOW, lease=Lease("a", NOW + timedelta(1)))
    assert not await store.deliveries.requeue(part.id, now=NOW, by="b")
    assert await store.deliveries.requeue(part.id, now=NOW, by="a")  # its own, after a failure
    assert await store.deliveries.take(part.id, now=NOW, lease=Lease("a", NOW + timedelta(1)))
    await store.deliveries.let_go("a")  # a clean stop: anyone may settle it now
    assert [d.id for d in await store.deliveries.unfinished(now=NOW)] == [part.id]
    assert await store.deliveries.requeue(part.id, now=NOW, by="b")


async def test_a_corrected_total_forgets_the_levels_it_never_reached(store: Store) -> None:
    account = await store.accounts.add(1, "pixel.pets")
    other = await store.accounts.add(1, "glowlab")
    day = date(2026, 11, 22)
    await store.milestones.record(account.id, [(1_000, day), (2_000, day), (5_000, day)])
    await store.milestones.record(other.id, [(2_000, day)])
    for level in (1_000, 2_000, 5_000):
        await store.deliveries.claim(
            MessageKind.MILESTONE,
            "channel:9",
            f"{account.id}:{level}",
            guild_id=1,
            now=NOW,
            account_id=account.id,
        )
    assert await store.milestones.forget_above(account.id, 1_500) == [2_000, 5_000]
    assert await store.milestones.of_account(account.id) == {1_000: day}
    assert await store.milestones.announced(account.id) == {1_000}
    assert await store.milestones.of_account(other.id) == {2_000: day}  # another account's stays
    assert await store.milestones.forget_above(account.id, 1_500) == []


async def test_queued_parts_are_taken_once_in_order(store: Store) -> None:
    parts = [("manual/5/1", "one"), ("manual/5/2", "two")]
    assert await store.deliveries.queue(
        MessageKind.MANUAL_DIGEST, "channel:9", parts, guild_id=1, now=NOW
    )
    assert not await store.deliveries.queue(  # queued before: nothing changes
        MessageKind.MANUAL_DIGEST, "channel:9", [("manual/5/1", "other")], guild_id=1, now=NOW
    )
    first, second = await store.deliveries.parts(MessageKind.MANUAL_DIGEST, "channel:9", "manual/5")
    assert [(p.period, p.status, p.detail) for p in (first, second)] == [
        ("manual/5/1", "queued", "one"),
        ("manual/5/2", "queued", "two"),
    ]
    assert await store.deliveries.take(first.id, now=NOW)
    assert not await store.deliveries.take(first.id, now=NOW)  # a second run gets nothing
    assert await store.deliveries.requeue(first.id, now=NOW, by="another")
    assert await store.deliveries.take(first.id, now=NOW)
    await store.deliveries.finish(first.id, status=DeliveryStatus.SENT, now=NOW, message_id=3)
    assert not await store.deliveries.requeue(first.id, now=NOW, by="another")  # sent stays
    open_parts = await store.deliveries.pending([MessageKind.MANUAL_DIGEST], target="channel:9")
    assert [p.period for p in open_parts] == ["manual/5/2"]
    assert await store.deliveries.pending([MessageKind.MANUAL_DIGEST], target="channel:8") == []
    assert await store.deliveries.parts(MessageKind.MANUAL_DIGEST, "channel:9", "manual/") == []


async def test_subscriptions_scope(store: Store) -> None:
    a = await store.accounts.add(1, "a")
    b = await store.accounts.add(1, "b")
    assert await store.subscriptions.add(1, 10, a.id)
    assert not await store.subscriptions.add(1, 10, a.id)
    assert await store.subscriptions.add(1, 11, None)
    assert await store.subscriptions.subscribers(a) == [10, 11]
    assert await store.subscriptions.subscribers(b) == [11]
    assert await store.subscriptions.remove(1, 11, None)
    assert not await store.subscriptions.remove(1, 11, None)
    assert await store.subscriptions.subscribers(b) == []


async def test_last_alert_day(store: Store) -> None:
    a = await store.accounts.add(1, "a")
    b = await store.accounts.add(1, "b")
    for day in ("2026-11-03", "2026-11-10"):
        await store.deliveries.claim(
            MessageKind.ALERT, "user:1", f"{a.id}:{day}", guild_id=1, now=NOW, account_id=a.id
        )
    await store.deliveries.claim(
        MessageKind.ALERT, "user:1", f"{b.id}:2026-12-01", guild_id=1, now=NOW, account_id=b.id
    )
    assert await store.deliveries.last_alert_day(a.id) == date(2026, 11, 10)
    assert await store.deliveries.last_alert_day(b.id) == date(2026, 12, 1)


async def test_guild_settings_defaults_and_updates(store: Store) -> None:
    assert (await store.settings.get(5)).digest_time == "09:00"
    updated = await store.settings.update(5, timezone="Europe/Berlin", digest_weekday=4)
    assert (updated.timezone, updated.digest_weekday, updated.digest_time) == (
        "Europe/Berlin",
        4,
        "09:00",
    )
    assert [s.guild_id for s in await store.settings.all()] == [5]
    assert updated.language is None  # the server's community language until one is chosen
    assert (await store.settings.update(5, language="de")).language == "de"
    assert (await store.settings.get(5)).timezone == "Europe/Berlin"


def _migrate_to(path: Path, revision: str, *, down: bool = False) -> None:
    """Run the project's own migrations on a file, as an older release would have left it."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def _fill_release_0001(path: Path) -> None:
    """Rows as release 0001 stored them: account 2 got the id of a removed account whose
    alert claim is still there, and account 3 (the newest) was removed, leaving its claim."""
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO accounts (id, guild_id, platform, handle, created_at) "
            "VALUES (?, 1, 'tiktok', ?, ?)",
            [
                (1, "kept", "2026-11-01 10:00:00.000000"),
                (2, "reused", "2026-11-20 10:00:00.000000"),
            ],
        )
        conn.execute(
            "INSERT INTO snapshots (account_id, day, followers, source) "
            "VALUES (1, '2026-11-10', 500, 'manual')"
        )
        conn.execute("INSERT INTO subscriptions (guild_id, user_id, account_id) VALUES (1, 42, 1)")
        conn.executemany(
            "INSERT INTO deliveries (kind, target, period, guild_id, status, claimed_at) "
            "VALUES (?, ?, ?, 1, 'sent', ?)",
            [
                ("alert", "user:42", "1:2026-11-10", "2026-11-11 09:00:00.000000"),
                ("note", "channel:9", "1:2026-11-10:42", "2026-11-11 09:00:00.000000"),
                ("alert", "user:42", "2:2026-11-05", "2026-11-06 09:00:00.000000"),
                ("alert", "user:42", "3:2026-11-15", "2026-11-16 09:00:00.000000"),
                ("digest", "channel:9", "2026-W47/1", "2026-11-16 09:00:00.000000"),
            ],
        )


@sqlite_only
async def test_upgrade_keeps_data_and_gives_claims_to_their_accounts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _migrate_to(path, "0001")
    _fill_release_0001(path)
    store = Store(f"sqlite+aiosqlite:///{path}", clock=utc_now)
    await store.open()
    try:
        kept = await store.accounts.get(1, "kept")
        reused = await store.accounts.get(1, "reused")
        assert kept is not None and reused is not None
        assert (await store.snapshots.daily(kept.id))["followers"].tolist() == [500]
        assert await store.subscriptions.subscribers(kept) == [42]
        assert await store.deliveries.last_alert_day(kept.id) == date(2026, 11, 10)
        # The claim made before "reused" existed was an earlier account's: its quiet period
        # no longer applies, and neither does the removed newest account's.
        assert await store.deliveries.last_alert_day(reused.id) is None
        assert await store.deliveries.get(MessageKind.ALERT, "user:42", "3:2026-11-15") is None
        assert await store.deliveries.get(MessageKind.DIGEST, "channel:9", "2026-W47/1") is not None
        newest = await store.accounts.add(1, "newest")
        await store.accounts.remove(newest.id)
        assert (await store.accounts.add(1, "after")).id > newest.id > reused.id
        await store.accounts.remove(kept.id)
        assert await store.deliveries.get(MessageKind.NOTE, "channel:9", "1:2026-11-10:42") is None
    finally:
        await store.close()


@sqlite_only
async def test_downgrade_and_upgrade_again_keep_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _migrate_to(path, "0001")
    _fill_release_0001(path)
    _migrate_to(path, "head")
    _migrate_to(path, "0001", down=True)
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(deliveries)")}
        rows = conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()
    assert "account_id" not in columns and rows == (1,)
    store = Store(f"sqlite+aiosqlite:///{path}", clock=utc_now)
    await store.open()
    try:
        kept = await store.accounts.get(1, "kept")
        assert kept is not None
        assert await store.deliveries.last_alert_day(kept.id) == date(2026, 11, 10)
    finally:
        await store.close()


async def test_two_stores_creating_one_account_at_once_share_it(
    store: Store, database_url: str
) -> None:
    other = Store(database_url, clock=utc_now)
    await other.open()
    try:
        results = await asyncio.gather(
            *(s.accounts.track(1, f"same.{n}") for n in range(10) for s in (store, other))
        )
    finally:
        await other.close()
    for n in range(10):
        (first, first_created), (second, second_created) = results[2 * n : 2 * n + 2]
        assert first.id == second.id
        assert sorted([first_created, second_created]) == [False, True]
    assert len(await store.accounts.list(1)) == 10
