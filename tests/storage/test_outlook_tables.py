"""Goals, milestones and the audience tables against a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.analytics.audience import AudienceSnapshot
from bot.analytics.goals import Goal
from bot.analytics.milestones import AccountMilestone
from bot.analytics.vocabulary import MessageKind
from bot.clock import utc_now
from bot.services.importer import import_file
from storage import Store

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = Store(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", clock=utc_now)
    await store.open()
    yield store
    await store.close()


async def test_a_goal_is_set_replaced_cleared_and_stays_in_its_guild(store: Store) -> None:
    mine = await store.accounts.add(1, "glowlab")
    theirs = await store.accounts.add(2, "glowlab")
    await store.goals.set(mine.id, 20_000, date(2027, 1, 31), user_id=5, now=NOW)
    await store.goals.set(theirs.id, 900, None, user_id=6, now=NOW)
    await store.goals.set(mine.id, 25_000, None, user_id=5, now=NOW)
    assert await store.goals.get(mine.id) == Goal(25_000, None)
    assert await store.goals.of_guild(1) == {mine.id: Goal(25_000, None)}
    assert await store.goals.clear(mine.id) is True
    assert await store.goals.clear(mine.id) is False
    assert await store.goals.get(mine.id) is None
    assert await store.goals.of_guild(2) == {theirs.id: Goal(900, None)}


async def test_a_milestone_keeps_its_first_day(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab")
    day = date(2026, 11, 10)
    assert await store.milestones.record(account.id, [(1_000, day), (2_000, day)]) == [
        1_000,
        2_000,
    ]
    # Seen again after a dip and a recovery, on a later day: still the first day, not new.
    later = day + timedelta(days=5)
    assert await store.milestones.record(account.id, [(1_000, later), (5_000, later)]) == [5_000]
    assert await store.milestones.of_account(account.id) == {1_000: day, 2_000: day, 5_000: later}
    week = await store.milestones.reached_between(1, later - timedelta(days=4), later)
    assert week == [AccountMilestone(account.id, "glowlab", 5_000, later)]
    assert await store.milestones.reached_between(2, day, later) == []


async def test_a_milestone_claimed_to_any_channel_counts_as_announced(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab")
    await store.deliveries.claim(
        MessageKind.MILESTONE,
        "channel:9",
        f"{account.id}:10000",
        guild_id=1,
        now=NOW,
        account_id=account.id,
    )
    assert await store.milestones.announced(account.id) == {10_000}
    await store.accounts.remove(account.id)
    assert await store.milestones.announced(account.id) == set()


async def test_the_followers_export_fills_the_audience_tables(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    data = (EXAMPLES / "glowlab.studio" / "Followers_glowlab.studio.zip").read_bytes()
    summary = await import_file(
        store, account, "Followers_glowlab.studio.zip", data, received_at=NOW
    )
    assert summary.audience is not None
    latest = await store.audience.latest(account.id)
    assert latest.hours is not None and latest.gender is not None
    assert latest.territories is not None
    assert latest.hours.as_of == latest.gender.as_of == NOW.date()
    # FollowerActivity has 7 days x 24 hours; hour 20 (UTC) over its seven days:
    # 20,132 + 20,230 + 18,380 + 18,709 + 18,733 + 19,062 + 19,915 = 135,161, / 7.
    assert sorted(latest.hours.hours) == list(range(24))
    assert latest.hours.hours[20] == pytest.approx(135_161 / 7)
    assert latest.hours.hours[19] == pytest.approx(130_086 / 7)
    assert latest.gender.gender == {"Female": 0.71, "Male": 0.26, "Other": 0.03}
    assert list(latest.territories.territories.items()) == [
        ("US", 0.46),
        ("Others", 0.22),
        ("GB", 0.12),
        ("CA", 0.09),
        ("AU", 0.07),
        ("DE", 0.04),
    ]


async def test_a_later_upload_the_same_day_replaces_only_its_parts(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab")
    day = NOW.date()
    await store.audience.replace(
        account.id, AudienceSnapshot(day, hours={20: 10.0}, gender={"Female": 0.5, "Male": 0.5})
    )
    await store.audience.replace(account.id, AudienceSnapshot(day, gender={"Female": 0.6}))
    await store.audience.replace(
        account.id, AudienceSnapshot(day - timedelta(days=3), hours={1: 4.0})
    )
    latest = await store.audience.latest(account.id)
    assert latest.hours == AudienceSnapshot(day, hours={20: 10.0})
    assert latest.gender == AudienceSnapshot(day, gender={"Female": 0.6})
    assert latest.territories is None
