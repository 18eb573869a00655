"""How every figure is written, wherever it is shown (one wording for /net, digests, alerts, CLI).

Counts carry thousands separators (``12,480``), changes are always signed (``+12``, ``-340``,
``±0``), dates carry the year. Separators, date order and month and weekday names follow the
current reply's language (CLDR data through Babel): ``12.480`` in German, ``12 480`` in French.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names
from babel.numbers import format_decimal, parse_pattern

from bot.i18n import DATE_PATTERNS, _, babel_locale, current_locale, ngettext


def _unknown() -> str:
    # Translators: a figure that is not known, e.g. a count before the first data.
    return _("n/a")


def _signs(locale: Locale) -> tuple[str, str]:
    symbols = locale.number_symbols.get("latn", {})
    return symbols.get("plusSign", "+"), symbols.get("minusSign", "-")


def _signed(negative: bool, magnitude: str, locale: Locale) -> str:
    plus, minus = _signs(locale)
    return f"{minus if negative else plus}{magnitude}"


def _decimal(value: float, digits: int, locale: Locale) -> str:
    # Rounded as Python rounds the float, so that English stays what f"{x:.1f}" wrote.
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(round(value, digits), format=pattern, locale=locale)


def _percent(value: float, digits: int, locale: Locale) -> str:
    """``value`` (a ratio) as a percentage in the language's pattern (``1.2%``, ``1,2 %``)."""
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (digits, digits)
    pattern.scale = 0  # multiplied here, rounded as Python rounds the float
    return pattern.apply(round(value * 100, digits), locale)


def count(value: int | None) -> str:
    """A count such as a total: ``12,480``; unknown is ``n/a``."""
    if value is None:
        return _unknown()
    return format_decimal(int(value), locale=babel_locale())


def signed(value: int | None) -> str:
    """A change: ``+12``, ``-340``, ``±0``; unknown is ``n/a``."""
    if value is None:
        return _unknown()
    value = int(value)
    locale = babel_locale()
    if value == 0:
        return "±" + format_decimal(0, locale=locale)
    return _signed(value < 0, format_decimal(abs(value), locale=locale), locale)


def percent(value: float | None, digits: int = 1) -> str:
    """A ratio as a percentage: ``0.0123`` -> ``1.2%``."""
    if value is None:
        return _unknown()
    return _percent(value, digits, babel_locale())


def signed_percent(value: float | None, digits: int = 0) -> str:
    """A relative change: ``-0.42`` -> ``-42%``."""
    if value is None:
        return _unknown()
    locale = babel_locale()
    return _signed(value < 0, _percent(abs(value), digits, locale), locale)


def growth(value: float) -> str:
    """A net as a share of followers: ``+2.4%``; under 0.1% with two decimals (``-0.04%``),
    so that a loss never reads as no change, and below 0.01% in words."""
    if value == 0:
        return "±" + _percent(0, 1, babel_locale())
    if abs(value) < 0.0001:
        if value < 0:
            return _("under {percent} down").format(percent=percent(0.0001, 2))
        return _("under {percent} up").format(percent=percent(0.0001, 2))
    return signed_percent(value, 1 if abs(value) >= 0.001 else 2)


def _date(value: date, skeleton: str) -> str:
    """``value`` in the reply language's own style for ``skeleton`` (CLDR's skeletons)."""
    pattern = DATE_PATTERNS.get(current_locale(), {}).get(skeleton)
    if pattern is not None:
        return format_date(value, pattern, locale=babel_locale())
    return format_skeleton(skeleton, value, locale=babel_locale())


def day(value: date) -> str:
    """A date with its year: ``2026-11-22`` -> ``22 Nov 2026``."""
    return _date(value, "yMMMd")


def day_and_month(value: date) -> str:
    """A date without its year, as a chart's axis writes it: ``14 Nov``."""
    return _date(value, "MMMd")


def window(start: date, end: date) -> str:
    """An inclusive date range with the year: ``16 Nov – 22 Nov 2026``."""
    if start == end:
        return day(start)
    first = _date(start, "MMMd") if start.year == end.year else day(start)
    # Translators: a range of dates, both included, e.g. "16 Nov – 22 Nov 2026".
    return _("{start} – {end}").format(start=first, end=day(end))


def moment(value: datetime, tz_name: str) -> str:
    """A time of day that names its zone: ``Mon 23 Nov 2026 09:00 (Europe/Berlin)``."""
    # Translators: a date with its weekday, a time of day and the time zone's name.
    return _("{date} {time} ({zone})").format(
        date=_date(value.date(), "yMMMEd"),
        time=format_skeleton("Hm", value, locale=babel_locale()),
        zone=tz_name,
    )


def days(n: int) -> str:
    """``1 day`` / ``7 days``."""
    return ngettext("{n} day", "{n} days", n).format(n=count(n))


def per_day(value: float | None) -> str:
    """A daily rate, signed, to one decimal: ``+45.2/day``; unknown is ``n/a``."""
    if value is None:
        return _unknown()
    locale = babel_locale()
    if round(value, 1) == 0:
        rate = "±" + _decimal(0, 1, locale)
    else:
        rate = _signed(value < 0, _decimal(abs(value), 1, locale), locale)
    # Translators: a change in followers per day, e.g. "+45.2/day".
    return _("{rate}/day").format(rate=rate)


def weekly(weekday: int, at: str) -> str:
    """``Mondays at 09:00``: a weekly schedule; ``weekday`` counts from Monday = 0."""
    name = get_day_names("wide", locale=babel_locale())[weekday]
    # Translators: a weekly schedule, e.g. "Mondays at 09:00"; {weekday} is the day's name
    # ("Monday"), {time} a 24-hour time of day.
    return _("{weekday}s at {time}").format(weekday=name, time=at)


def decimal(value: float, digits: int = 1) -> str:
    """A rate or a mean with its decimals: ``7.6``, ``1,234.5``."""
    return _decimal(value, digits, babel_locale())
