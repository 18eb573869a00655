"""When followers are online, moved from the export's hours to the guild's clock.

TikTok Studio's FollowerActivity gives hours 0-23 with no time zone. They are taken to be UTC:
TikTok's analytics roll their days over at 00:00 UTC, the export names no zone, and the same
file reads the same for a team spread over several zones. No export confirms this yet.
An hour is moved with the offset the guild's zone had on the day of the upload.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.analytics.vocabulary import AudienceKey, SnapshotSource

EXPORT_ZONE = "UTC"
BEST_HOURS = 3


@dataclass(frozen=True)
class AudienceSnapshot:
    """One day's audience; hours are UTC hours (0-23) -> active followers. ``source`` says
    what ``as_of`` is: for an export the day it was uploaded (its hours the means of its last
    days), for TikTok's API for Business the day TikTok's figures describe."""

    as_of: date
    hours: dict[int, float] = field(default_factory=dict)
    gender: dict[str, float] = field(default_factory=dict)
    territories: dict[str, float] = field(default_factory=dict)
    source: SnapshotSource = SnapshotSource.UPLOAD

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


def business_audience(
    as_of: date,
    *,
    activity: Iterable[Mapping[str, object]] = (),
    genders: Iterable[Mapping[str, object]] = (),
    countries: Iterable[Mapping[str, object]] = (),
) -> AudienceSnapshot:
    """The audience TikTok's API for Business gives, as the snapshot a Followers export gives
    (the same parts as ``AudienceKey``), dated ``as_of``, the day the figures describe.

    ``activity`` is ``[{"hour": 0-23, "count": followers online}]`` in UTC, as the export's
    hours are taken to be; ``genders`` ``[{"gender", "percentage"}]`` and ``countries``
    ``[{"country", "percentage"}]``. Percentages are read as shares (0.55); a list with a value
    over 1 is read as percents (55). A malformed entry raises ``ValueError`` naming it: the
    caller stores nothing from that answer.
    """
    hours: dict[int, float] = {}
    for entry in activity:
        hour, count = _whole(entry, "hour", AudienceKey.ACTIVE_HOURS), entry.get("count")
        if not 0 <= hour <= 23 or hour in hours:
            raise ValueError(f"{AudienceKey.ACTIVE_HOURS}: hour {hour} is out of 0-23 or twice")
        hours[hour] = _number(count, AudienceKey.ACTIVE_HOURS)
    return AudienceSnapshot(
        as_of=as_of,
        hours=hours,
        gender=listed_shares(genders, "gender", AudienceKey.GENDER),
        territories=listed_shares(countries, "country", AudienceKey.TERRITORIES),
        source=SnapshotSource.BUSINESS,
    )


def _whole(entry: Mapping[str, object], key: str, part: str) -> int:
    value = _number(entry.get(key), part)
    if value != int(value):
        raise ValueError(f"{part}: {key} {value} is not a whole number")
    return int(value)


def _number(value: object, part: str) -> float:
    """A non-negative number, also as TikTok sometimes sends it: a string (``"7"``)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{part}: {value!r} is not a number") from None
    if not number >= 0:
        raise ValueError(f"{part}: {value!r} is not a count or share")
    return number


def listed_shares(
    entries: Iterable[Mapping[str, object]], label_key: str, part: str
) -> dict[str, float]:
    """TikTok's ``[{label_key: label, "percentage": p}]`` as ``{"Female": 0.55, ...}``, biggest
    share first: shares, or percents when one is over 1. A label twice or blank, or a value that
    is no share, raises ``ValueError`` naming ``part``."""
    shares: dict[str, float] = {}
    for entry in entries:
        label = str(entry.get(label_key) or "").strip()
        if not label or label in shares:
            raise ValueError(f"{part}: {label_key} {label!r} is blank or listed twice")
        shares[label] = _number(entry.get("percentage"), part)
    scale = 100.0 if any(value > 1 for value in shares.values()) else 1.0
    if any(value > scale for value in shares.values()):
        raise ValueError(f"{part}: a percentage is over 100")
    ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    return {label: value / scale for label, value in ranked}
