"""When followers are online, moved from the export's hours to the guild's clock.

TikTok Studio's FollowerActivity gives hours 0-23 with no time zone. They are taken to be UTC:
TikTok's analytics roll their days over at 00:00 UTC, the export names no zone, and the same
file reads the same for a team spread over several zones. No export confirms this yet.
An hour is moved with the offset the guild's zone had on the day of the upload.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

EXPORT_ZONE = "UTC"
BEST_HOURS = 3


@dataclass(frozen=True)
class AudienceSnapshot:
    """One upload day's audience; hours are UTC hours (0-23) -> mean active followers."""

    as_of: date
    hours: dict[int, float] = field(default_factory=dict)
    gender: dict[str, float] = field(default_factory=dict)
    territories: dict[str, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.hours or self.gender or self.territories)


@dataclass(frozen=True)
class LatestAudience:
    """The newest upload day of each part (a ZIP may hold some parts and not others)."""

    hours: AudienceSnapshot | None
    gender: AudienceSnapshot | None
    territories: AudienceSnapshot | None


@dataclass(frozen=True)
class LocalHour:
    """An hour of the export as it starts on the guild's clock (``HH:MM``: zones such as
    Asia/Kolkata are half an hour off UTC)."""

    utc_hour: int
    start: time
    active: float


@dataclass(frozen=True)
class BestHours:
    """An account's followers' hours on the guild's clock, ``zone`` naming it: data for the
    digest to word when the account has gone quiet."""

    hours: list[LocalHour]
    zone: str


def local_hours(hours: Mapping[int, float], as_of: date, tz: ZoneInfo) -> list[LocalHour]:
    """The export's hours in the guild's zone, in the order of its clock from midnight."""
    moved = [
        LocalHour(
            hour,
            (datetime.combine(as_of, time(hour), UTC).astimezone(tz)).time(),
            active,
        )
        for hour, active in hours.items()
    ]
    return sorted(moved, key=lambda h: (h.start, h.utc_hour))


def best_hours(hours: list[LocalHour], count: int = BEST_HOURS) -> list[LocalHour]:
    """The busiest hours, busiest first (ties: earlier on the clock first)."""
    return sorted(hours, key=lambda h: (-h.active, h.start))[:count]
