"""How every figure is written, wherever it is shown (one wording for /net, digests, alerts, CLI).

Counts carry thousands separators (``12,480``), changes are always signed (``+12``, ``-340``,
``±0``), dates carry the year.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime


def count(value: int | None) -> str:
    """A count such as a total: ``12,480``; unknown is ``n/a``."""
    if value is None:
        return "n/a"
    return f"{int(value):,}"


def signed(value: int | None) -> str:
    """A change: ``+12``, ``-340``, ``±0``; unknown is ``n/a``."""
    if value is None:
        return "n/a"
    value = int(value)
    if value == 0:
        return "±0"
    return f"{value:+,}"


def percent(value: float | None, digits: int = 1) -> str:
    """A ratio as a percentage: ``0.0123`` -> ``1.2%``."""
    if value is None:
        return "n/a"
    return f"{value * 100:.{digits}f}%"


def signed_percent(value: float | None, digits: int = 0) -> str:
    """A relative change: ``-0.42`` -> ``-42%``."""
    if value is None:
        return "n/a"
    return f"{value * 100:+.{digits}f}%"


def growth(value: float) -> str:
    """A net as a share of followers: ``+2.4%``; under 0.1% with two decimals (``-0.04%``),
    so that a loss never reads as no change, and below 0.01% in words."""
    if value == 0:
        return "±0.0%"
    if abs(value) < 0.0001:
        return "under 0.01% down" if value < 0 else "under 0.01% up"
    return signed_percent(value, 1 if abs(value) >= 0.001 else 2)


def day(value: date) -> str:
    """A date with its year: ``2026-11-22`` -> ``22 Nov 2026``."""
    return f"{value.day} {value:%b %Y}"


def window(start: date, end: date) -> str:
    """An inclusive date range with the year: ``16 Nov – 22 Nov 2026``."""
    if start == end:
        return day(start)
    if start.year == end.year:
        return f"{start.day} {start:%b} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def moment(value: datetime, tz_name: str) -> str:
    """A time of day that names its zone: ``Mon 23 Nov 2026 09:00 (Europe/Berlin)``."""
    return f"{value:%a} {day(value.date())} {value:%H:%M} ({tz_name})"


def days(n: int) -> str:
    """``1 day`` / ``7 days``."""
    return f"{n} day" if n == 1 else f"{n} days"


def per_day(value: float | None) -> str:
    """A daily rate, signed, to one decimal: ``+45.2/day``; unknown is ``n/a``."""
    if value is None:
        return "n/a"
    if round(value, 1) == 0:
        return "±0.0/day"
    return f"{value:+,.1f}/day"


def weekly(weekday: int, at: str) -> str:
    """``Mondays at 09:00``: a weekly schedule; ``weekday`` counts from Monday = 0."""
    return f"{calendar.day_name[weekday]}s at {at}"


def decimal(value: float, digits: int = 1) -> str:
    """A rate or a mean with its decimals: ``7.6``, ``1,234.5``."""
    return f"{value:,.{digits}f}"
