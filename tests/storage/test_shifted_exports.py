"""Two Studio exports, downloaded a week apart, that label the same totals one day apart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.analytics.model import daily_frame, posts_frame
from bot.clock import utc_now
from storage import ImportOutcome, Store

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
# The earlier export labels 24 Feb..2 Mar; it says 133 on 2 March.
EARLIER = [120, 122, 125, 127, 128, 131, 133]
# The later one labels 27 Feb..9 Mar; it says 133 on 3 March: its days are the true ones.
LATER = [125, 127, 128, 131, 133, 136, 138, 139, 141, 144, 146]


def _frame(first: date, totals: list[int]):  # type: ignore[no-untyped-def]
    return daily_frame(
        [
            {"day": (first + timedelta(days=n)).isoformat(), "followers": total}
            for n, total in enumerate(totals)
        ]
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = Store(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", clock=utc_now)
    await store.open()
    yield store
    await store.close()


async def _upload(
    store: Store, account_id: int, name: str, first: date, totals: list[int]
) -> ImportOutcome:
    return await store.uploads.ingest(
        account_id,
        sha256=name * 64,
        filename=f"{name}.csv",
        formats=["TikTok Studio FollowerHistory"],
        received_at=NOW,
        daily=_frame(first, totals),
        posts_frame=posts_frame([]),
    )


# Stored after both, hand-worked: the earlier export moved a day later (120 on 25 Feb ... 133 on
# 3 Mar), then the later export's own days; 24 Feb is no longer claimed by any file.
LINED_UP = {
    "2026-02-25": 120, "2026-02-26": 122, "2026-02-27": 125, "2026-02-28": 127,
    "2026-03-01": 128, "2026-03-02": 131, "2026-03-03": 133, "2026-03-04": 136,
    "2026-03-05": 138, "2026-03-06": 139, "2026-03-07": 141, "2026-03-08": 144,
    "2026-03-09": 146,
}  # fmt: skip


def _stored(frame) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {f"{day:%Y-%m-%d}": int(value) for day, value in frame["followers"].items()}


async def test_the_older_export_is_moved_to_line_up_with_the_newer(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(store, account.id, "a", date(2026, 2, 24), EARLIER)
    outcome = await _upload(store, account.id, "b", date(2026, 2, 27), LATER)
    assert _stored(await store.snapshots.daily(account.id)) == LINED_UP
    days = outcome.days
    # 27 Feb..3 Mar agree with the moved export (5 unchanged); 4..9 Mar are new (6).
    assert (days.new, days.updated, days.unchanged, days.conflicts) == (6, 0, 5, 0)
    assert (days.shifted_days, days.shift) == (7, 1)


async def test_the_older_export_uploaded_second_is_moved_instead(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(store, account.id, "b", date(2026, 2, 27), LATER)
    outcome = await _upload(store, account.id, "a", date(2026, 2, 24), EARLIER)
    assert _stored(await store.snapshots.daily(account.id)) == LINED_UP
    days = outcome.days
    # Moved, the file gives 25 Feb..3 Mar: 25 and 26 Feb are new, 27 Feb..3 Mar unchanged.
    assert (days.new, days.updated, days.unchanged, days.conflicts) == (2, 0, 5, 0)
    assert (days.shifted_days, days.shift) == (7, 1)


async def test_a_genuine_conflict_is_still_counted(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(store, account.id, "a", date(2026, 2, 24), EARLIER)
    later = LATER.copy()
    later[2] = 129  # 1 March: the moved earlier export says 128
    outcome = await _upload(store, account.id, "b", date(2026, 2, 27), later)
    stored = _stored(await store.snapshots.daily(account.id))
    assert stored == LINED_UP | {"2026-03-01": 129}  # the newer export's value is kept
    days = outcome.days
    assert (days.new, days.updated, days.unchanged, days.conflicts) == (6, 1, 4, 1)
    assert days.shift == 1


async def test_exports_that_agree_are_merged_as_always(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    await _upload(store, account.id, "a", date(2026, 2, 25), EARLIER)  # already lined up
    outcome = await _upload(store, account.id, "b", date(2026, 2, 27), LATER)
    assert _stored(await store.snapshots.daily(account.id)) == LINED_UP
    assert (outcome.days.new, outcome.days.unchanged, outcome.days.shift) == (6, 5, 0)
