"""Time-zone names as people type them: the IANA name, or just its city ("berlin")."""

from __future__ import annotations

import zoneinfo

ZONES: tuple[str, ...] = tuple(sorted(zoneinfo.available_timezones()))


def _typed(text: str) -> str:
    return text.strip().lower().replace(" ", "_")


def _city(name: str) -> str:
    return name.rsplit("/", 1)[-1].lower()


def find_zones(text: str) -> list[str]:
    """The zone ``text`` names: its IANA name in any case, else every zone of that city."""
    typed = _typed(text)
    exact = [name for name in ZONES if name.lower() == typed]
    return exact or [name for name in ZONES if _city(name) == typed]


def zone_choices(text: str, limit: int = 25) -> list[str]:
    """Autocomplete: zones whose city starts with ``text`` first, then any name containing it."""
    typed = _typed(text)
    starts = [name for name in ZONES if _city(name).startswith(typed)]
    contains = [name for name in ZONES if typed in name.lower() and name not in starts]
    return (starts + contains)[:limit]
