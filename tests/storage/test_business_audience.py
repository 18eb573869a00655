"""An audience from TikTok's API for Business is stored and read back with its source, and an
export's keeps its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.analytics.audience import AudienceSnapshot, business_audience
from bot.analytics.vocabulary import SnapshotSource
from bot.clock import utc_now
from storage import Store

DAY = date(2026, 11, 20)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = Store(database_url, clock=utc_now)
    await store.open()
    yield store
    await store.close()


async def test_the_apis_audience_keeps_its_source_and_day(store: Store) -> None:
    account = await store.accounts.add(1, "glowlab.studio")
    told = business_audience(
        DAY,
        activity=[{"hour": 19, "count": 1_200}, {"hour": 20, "count": 1_500}],
        genders=[{"gender": "Female", "percentage": 0.7}, {"gender": "Male", "percentage": 0.3}],
        countries=[{"country": "US", "percentage": 0.5}],
    )
    await store.audience.replace(account.id, told)
    latest = await store.audience.latest(account.id)
    business = SnapshotSource.BUSINESS
    assert latest.hours == AudienceSnapshot(DAY, hours={19: 1_200, 20: 1_500}, source=business)
    assert latest.gender == AudienceSnapshot(
        DAY, gender={"Female": 0.7, "Male": 0.3}, source=business
    )
    assert latest.territories == AudienceSnapshot(DAY, territories={"US": 0.5}, source=business)

    # A Followers export uploaded the next day is the newest word on gender: it reads as one.
    await store.audience.replace(
        account.id, AudienceSnapshot(date(2026, 11, 21), gender={"Female": 0.6, "Male": 0.4})
    )
    latest = await store.audience.latest(account.id)
    assert latest.gender == AudienceSnapshot(
        date(2026, 11, 21), gender={"Female": 0.6, "Male": 0.4}
    )
    assert latest.gender.source is SnapshotSource.UPLOAD
    assert latest.hours is not None and latest.hours.source is business
