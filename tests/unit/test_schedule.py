"""The weekly digest's trigger is in the guild's own zone, so DST moves it in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.delivery import digest_period
from bot.scheduler import digest_trigger, last_fire_before
from storage import GuildSettings


def fires(tz: str, after: datetime, count: int, weekday: int = 0, time: str = "09:00") -> list[str]:
    trigger = digest_trigger(
        GuildSettings(guild_id=1, timezone=tz, digest_weekday=weekday, digest_time=time)
    )
    out, fire = [], trigger.get_next_fire_time(None, after)
    for _ in range(count):
        out.append(fire.astimezone(UTC).strftime("%Y-%m-%d %H:%M"))
        fire = trigger.get_next_fire_time(fire, fire.replace(second=1))
    return out


@pytest.mark.parametrize(
    ("tz", "after", "expected"),
    [
        # New York: DST starts Sun 8 Mar 2026 (EST -5 -> EDT -4), ends Sun 1 Nov 2026.
        (
            "America/New_York",
            datetime(2026, 3, 1, tzinfo=UTC),
            ["2026-03-02 14:00", "2026-03-09 13:00", "2026-03-16 13:00"],
        ),
        (
            "America/New_York",
            datetime(2026, 10, 20, tzinfo=UTC),
            ["2026-10-26 13:00", "2026-11-02 14:00", "2026-11-09 14:00"],
        ),
        # Berlin: DST starts Sun 29 Mar 2026 (CET +1 -> CEST +2), ends Sun 25 Oct 2026.
        (
            "Europe/Berlin",
            datetime(2026, 3, 20, tzinfo=UTC),
            ["2026-03-23 08:00", "2026-03-30 07:00", "2026-04-06 07:00"],
        ),
        (
            "Europe/Berlin",
            datetime(2026, 10, 15, tzinfo=UTC),
            ["2026-10-19 07:00", "2026-10-26 08:00", "2026-11-02 08:00"],
        ),
    ],
)
def test_monday_nine_local_across_dst(tz: str, after: datetime, expected: list[str]) -> None:
    assert fires(tz, after, 3) == expected


def test_repeated_hour_fires_twice_but_is_one_digest_period() -> None:
    # Sun 1 Nov 2026 01:30 happens twice in New York (EDT, then EST): the cron trigger fires at
    # both, and the outbox's period key (the ISO week in the guild's zone) is the same for both,
    # so only the first posts.
    first, second = fires(
        "America/New_York", datetime(2026, 10, 30, tzinfo=UTC), 2, weekday=6, time="01:30"
    )
    assert (first, second) == ("2026-11-01 05:30", "2026-11-01 06:30")
    periods = {
        digest_period(
            datetime.strptime(f, "%Y-%m-%d %H:%M").replace(tzinfo=UTC), "America/New_York"
        )
        for f in (first, second)
    }
    assert periods == {"2026-W44"}


def test_last_fire_before() -> None:
    trigger = digest_trigger(GuildSettings(guild_id=1, timezone="Europe/Berlin"))
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
    assert last_fire_before(trigger, now) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    exactly = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert last_fire_before(trigger, exactly) == exactly
