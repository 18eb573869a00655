"""The one place that reads the wall clock, in a guild's time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], datetime]
"""What the bot asks for "now": the wall clock in production, a hand-moved clock in tests."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name; unknown names fall back to UTC (settings are validated)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def time_of_day(text: str) -> time:
    """A 24-hour ``HH:MM`` (``9:00`` too) as a time; ``ValueError`` for anything else."""
    return datetime.strptime(text.strip(), "%H:%M").time()


def local_today(tz_name: str, now: datetime) -> date:
    """The date ``now`` (the caller's clock) falls on where the guild is."""
    return now.astimezone(zone(tz_name)).date()
