"""Dates as exports write them: localised month names, often without a year, or numeric dates.

TikTok Studio writes dates in the language of the screen and without a year (`April 12`,
`8 de marzo`, `18 tháng Sáu`, `9月16日`, `٢٩ سبتمبر`); the year is inferred from the export
moment. A column's month names are read in the one language (``_languages``) that knows them
all, so an abbreviation shared by two languages cannot change meaning mid-file.
Business Suite writes `2026/05/10`; sheets write ISO or, ambiguously, `03/04/2026`, which is
read only when the whole column tells day-first from month-first.

A column is matched in one regex pass where it is written one way throughout; the calendar
arithmetic is vectorised with numpy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

import numpy as np

from bot.analytics.formats import _languages
from bot.analytics.formats._table import Context, Table, first
from bot.analytics.formats.base import FileNote, ImportNote, ImportProblem

_FIRST_YEAR, _LAST_YEAR = 2000, 2100  # TikTok's data cannot be older; anything else is a typo
_MAX_STEP_DAYS = 31  # Studio writes one row per day: a longer step means rows out of order


_WORDS = r"[^\d \x00]+(?: [^\d \x00]+)*"  # month words; never across a NUL column joint
_NAMED_CORE = (
    r"(?:(?P<cm>\d{1,2}) ?[月월] ?(?P<cd>\d{1,2}) ?[日일]?"  # 9月16日, 9월 16일
    r"|(?P<xd>\d{1,2}) (?P<xm>\d{1,2}) ?[月월]"  # 16 9月: CLDR's `d MMMM` in Japanese, Korean
    rf"|(?P<dd>\d{{1,2}})(?:er|º|ª|st|nd|rd|th)? ?(?:de )?(?P<dm>{_WORDS}(?: \d{{1,2}})?)"
    rf"|(?P<mm>{_WORDS}) ?(?P<md>\d{{1,2}})(?:st|nd|rd|th|日|일)?"  # Hungarian `november 3.`
    r")(?: (?:de )?(?P<y>\d{4}))?"
)
_NUMERIC_CORE = (
    r"(?:(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P=s1)(?P<d>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<s2>[-/.])(?P<b>\d{1,2})(?P=s2)(?P<y2>\d{4}))"
    r"(?:[ t](?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2})(?:\.\d{1,9})?)?)?"
    r"(?: ?(?:z|utc|gmt|[+-]00:?00))?"
)
_ISO_COLUMN = re.compile(r"(?:\x00\d{4}-\d{2}-\d{2})+\x00")
_NAMED = re.compile(_NAMED_CORE)
_NUMERIC = re.compile(_NUMERIC_CORE)
# The same, over a whole column joined by NUL (no cell holds one): one pass, no per-cell call.
_NAMED_COLUMN = re.compile(rf"\x00{_NAMED_CORE}(?=\x00)")
_NUMERIC_COLUMN = re.compile(rf"\x00{_NUMERIC_CORE}(?=\x00)")

# How a cell was written; decides which of its two numbers is the month.
_MONTH_FIRST, _DAY_FIRST, _EITHER = 0, 1, 2
_Reading = tuple[int, int, int, int, int, int, int]  # kind, first, second, year, h, m, s


def _named_month(match: re.Match[str] | tuple[str, ...]) -> str:
    """The month word of a named-date match ("" when the month is a number)."""
    dm, mm = (match["dm"], match["mm"]) if isinstance(match, re.Match) else match
    return (dm or mm or "").removesuffix(" de")


def _read(cell: str, months: Mapping[str, int]) -> _Reading | None:
    """One cell's date parts; year 0 when it is not written; None when it is not a date."""
    text = _languages.ascii_digits(cell).casefold()
    if match := _NUMERIC.fullmatch(text):
        time = (int(match["hh"] or 0), int(match["mi"] or 0), int(match["ss"] or 0))
        if match["y"]:
            return (_MONTH_FIRST, int(match["m"]), int(match["d"]), int(match["y"]), *time)
        kind = _DAY_FIRST if match["s2"] == "." else _EITHER  # 19.11.2026 is never month-first
        return (kind, int(match["a"]), int(match["b"]), int(match["y2"]), *time)
    match = _NAMED.fullmatch(_languages.key(cell))
    if match is None:
        return None
    number = match["cm"] or match["xm"]
    month = int(number) if number else months.get(_named_month(match))
    if month is None:
        return None
    day = int(match["cd"] or match["xd"] or match["dd"] or match["md"])
    return (_MONTH_FIRST, month, day, int(match["y"] or 0), 0, 0, 0)


def _day_first(a: np.ndarray, b: np.ndarray, table: Table, label: str) -> bool:
    """Whether `03/04/2026`-style dates are day-first, decided by the whole column or refused."""
    a_big, b_big = bool((a > 12).any()), bool((b > 12).any())
    if a_big and b_big:
        raise table.error(ImportProblem.MIXED_DATE_ORDER, column=label)
    if a_big or b_big:
        return a_big
    if (a == b).all():
        return True
    raise table.error(
        ImportProblem.AMBIGUOUS_DATE_ORDER, column=label, first=str(a[0]), second=str(b[0])
    )


def _joined(cells: np.ndarray, *, as_keys: bool) -> str:
    """The column as one NUL-joined string (no cell holds a NUL), in ASCII digits; keyed like
    ``_languages.key`` if asked."""
    text = "\x00".join(cells)
    if as_keys:
        text = " ".join(_languages.fold(text).split())
        text = text.replace(" \x00", "\x00").replace("\x00 ", "\x00")
    else:
        text = _languages.ascii_digits(text).casefold()
    return f"\x00{text}\x00"


def _language(
    words: Sequence[str], cells: np.ndarray, table: Table, label: str
) -> Mapping[str, int]:
    """The month names of the one language the column is written in, judged on all its month
    words ("" for a cell without one), so `mar` or `mai` cannot change language mid-file."""
    named = {word for word in words if word}
    if not named:
        return {}
    language = _languages.language_of(named)
    if language is not None:
        return _languages.month_names(language)
    best = _languages.best_language(list(named))
    months = _languages.month_names(best)
    at = next(at for at, word in enumerate(words) if word and word not in months)
    elsewhere = _languages.language_of({words[at]})
    if elsewhere is not None:
        raise table.error(
            ImportProblem.MIXED_LANGUAGES,
            at,
            column=label,
            value=cells[at][:40],
            language=elsewhere,
            other=best,
        )
    raise table.error(ImportProblem.NOT_A_DATE, at, column=label, value=cells[at][:40])


def _numbers(texts: Iterable[str]) -> np.ndarray:
    """Digit strings ("" for none, as regex groups give) as integers, in two numpy calls."""
    column = np.array(list(texts), dtype=object)
    if not len(column):
        return np.zeros(0, np.int64)
    return np.where(column == "", "0", column).astype(np.int64)


def _read_column(cells: np.ndarray, table: Table, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Every cell's reading as an (n, 7) array, and which cells were dates at all.

    A column written one way throughout (the usual case) is matched in one regex pass over
    the joined column, its groups transposed at C speed; a mixed or bad one is read cell by
    cell.
    """
    count = len(cells)
    found = _NUMERIC_COLUMN.findall(_joined(cells, as_keys=False))
    if len(found) == count:
        y, _, m, d, a, s2, b, y2, hh, mi, ss = zip(*found, strict=True) if found else [()] * 11
        iso = np.array([bool(year) for year in y], dtype=bool)
        dotted = np.array([sep == "." for sep in s2], dtype=bool)
        kind = np.where(iso, _MONTH_FIRST, np.where(dotted, _DAY_FIRST, _EITHER))
        first_numbers = _numbers(map(max, m, a))  # one of each pair is ""
        second_numbers = _numbers(map(max, d, b))
        years = _numbers(map(max, y, y2))
        times = [
            _numbers(part) if any(part) else np.zeros(count, np.int64) for part in (hh, mi, ss)
        ]
        read = [kind, first_numbers, second_numbers, years, *times]
        return np.column_stack(read), np.ones(count, bool)
    found = _NAMED_COLUMN.findall(_joined(cells, as_keys=True))
    if len(found) == count:
        cm, cd, xd, xm, dd, dm, mm, md, y = zip(*found, strict=True) if found else [()] * 9
        words = [_named_month(pair) for pair in zip(dm, mm, strict=True)]
        months = _language(words, cells, table, label)
        month = np.fromiter(
            (
                int(number_a or number_b) if number_a or number_b else months.get(word, 0)
                for number_a, number_b, word in zip(cm, xm, words, strict=True)
            ),
            np.int64,
            count,
        )
        days = _numbers(map(max, cd, xd, dd, md))
        zeros = np.zeros(count, np.int64)
        read = [zeros + _MONTH_FIRST, month, days, _numbers(y), zeros, zeros, zeros]
        return np.column_stack(read), month != 0
    distinct = set(cells)
    matches = {cell: _NAMED.fullmatch(_languages.key(cell)) for cell in distinct}
    words = [_named_month(match) if (match := matches[cell]) else "" for cell in cells]
    months = _language(words, cells, table, label)
    readings = {cell: _read(cell, months) for cell in distinct}
    valid = np.array([readings[cell] is not None for cell in cells], dtype=bool)
    rows = [readings[cell] or (0, 0, 0, 0, 0, 0, 0) for cell in cells]
    return np.array(rows, dtype=np.int64).reshape(-1, 7), valid


def _parts(cells: np.ndarray, table: Table, label: str) -> np.ndarray:
    """An (n, 6) array: year (0 when not written), month, day, hour, minute, second."""
    read, valid = _read_column(cells, table, label)
    if not valid.all():
        at = first(~valid)
        raise table.error(ImportProblem.NOT_A_DATE, at, column=label, value=cells[at][:40])
    kind, parts = read[:, 0], read[:, [3, 1, 2, 4, 5, 6]]
    swap = kind == _DAY_FIRST
    either = kind == _EITHER
    if either.any() and _day_first(read[either, 1], read[either, 2], table, label):
        swap |= either
    parts[swap, 1], parts[swap, 2] = read[swap, 2], read[swap, 1]
    years = parts[:, 0]
    odd = (years != 0) & ((years < _FIRST_YEAR) | (years > _LAST_YEAR))
    if odd.any():
        at = first(odd)
        raise table.error(
            ImportProblem.BAD_YEAR, at, column=label, year=str(years[at]), value=cells[at][:40]
        )
    return parts


def _assemble(parts: np.ndarray, cells: np.ndarray, table: Table, label: str) -> np.ndarray:
    """``datetime64[ns]`` from parts; a day that does not exist is an error naming its row."""
    year, month, day, hour, minute, second = parts.T
    valid = (
        (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
        & (hour <= 23) & (minute <= 59) & (second <= 59)
    )  # fmt: skip
    months = np.where(valid, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + np.where(valid, day - 1, 0).astype("timedelta64[D]")
    valid &= days.astype("datetime64[M]") == months  # 31 April would roll into May
    if not valid.all():
        at = first(~valid)
        raise table.error(
            ImportProblem.NOT_A_DAY, at, column=label, value=cells[at][:40], year=str(year[at])
        )
    seconds = (hour * 3600 + minute * 60 + second).astype("timedelta64[s]")
    return (days.astype("datetime64[s]") + seconds).astype("datetime64[ns]")


def _midnight(stamps: np.ndarray) -> np.ndarray:
    return stamps.astype("datetime64[D]").astype("datetime64[ns]")


def _iso_days(cells: np.ndarray) -> np.ndarray | None:
    """``YYYY-MM-DD`` or ``YYYY/MM/DD`` throughout, parsed by numpy in C; None otherwise (or
    if any day is impossible or out of range, which the general path then reports by row)."""
    joined = _joined(cells, as_keys=False).replace("/", "-")
    if not _ISO_COLUMN.fullmatch(joined):
        return None
    try:
        days = np.array(joined.strip("\x00").split("\x00"), dtype="datetime64[D]")
    except ValueError:
        return None
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if len(days) and (years.min() < _FIRST_YEAR or years.max() > _LAST_YEAR):
        return None
    return days.astype("datetime64[ns]")


def full_dates(cells: np.ndarray, table: Table, label: str) -> np.ndarray:
    """Dates that must carry their year (sheets, Social Blade, Business Suite): midnight each."""
    iso = _iso_days(cells)
    if iso is not None:
        return iso
    parts = _parts(cells, table, label)
    no_year = parts[:, 0] == 0
    if no_year.any():
        at = first(no_year)
        raise table.error(ImportProblem.NO_YEAR, at, column=label, value=cells[at][:40])
    return _midnight(_assemble(parts, cells, table, label))


def inferred_note(table: Table, context: Context) -> FileNote:
    return FileNote(
        ImportNote.YEARS_COUNTED_BACK,
        table.name,
        {"source": context.export_source, "at": f"{context.export_at:%Y-%m-%d %H:%M}"},
    )


def _after(month: np.ndarray, day: np.ndarray, limit_month: int, limit_day: int) -> np.ndarray:
    return (month > limit_month) | ((month == limit_month) & (day > limit_day))


def daily_dates(
    cells: np.ndarray, table: Table, label: str, context: Context
) -> tuple[np.ndarray, FileNote | None]:
    """Studio's daily dates, rows oldest to newest, the year inferred backwards if not written.

    The last row takes the export moment's year unless that would put it after the export
    (then the year before); walking back, every step where month and day go up instead of
    down crosses December -> January and is one year earlier. A step of more than a month
    means the rows are not one per day in order, so the years cannot be trusted: an error.
    """
    parts = _parts(cells, table, label)
    has_year = parts[:, 0] != 0
    if has_year.all():
        return _midnight(_assemble(parts, cells, table, label)), None
    if has_year.any():
        at = first(has_year)
        raise table.error(ImportProblem.SOME_YEARS, at, column=label)
    month, day = parts[:, 1], parts[:, 2]
    ordinal = month * 32 + day
    wraps = np.append(ordinal[:-1] > ordinal[1:], False).astype(np.int64)
    back = np.cumsum(wraps[::-1])[::-1]
    limit = (context.export_at + timedelta(days=1)).date()
    last_year = limit.year - int(_after(month[-1:], day[-1:], limit.month, limit.day)[0])
    parts[:, 0] = last_year - back
    days = _midnight(_assemble(parts, cells, table, label))
    jumps = np.diff(days, prepend=days[:1]) > np.timedelta64(_MAX_STEP_DAYS, "D")
    if jumps.any():
        at = first(jumps)
        raise table.error(ImportProblem.DATES_OUT_OF_ORDER, at, column=label, value=cells[at][:40])
    return days, inferred_note(table, context)


def post_times(
    cells: np.ndarray, table: Table, label: str, context: Context
) -> tuple[np.ndarray, FileNote | None]:
    """When each video was posted (naive UTC); a date without a year is the latest such date
    not after the export (videos come in any order, so each row is inferred on its own)."""
    parts = _parts(cells, table, label)
    no_year = parts[:, 0] == 0
    if not no_year.any():
        return _assemble(parts, cells, table, label), None
    limit = (context.export_at + timedelta(days=1)).date()
    later = _after(parts[:, 1], parts[:, 2], limit.month, limit.day)
    parts[no_year, 0] = limit.year - later[no_year]
    return _assemble(parts, cells, table, label), inferred_note(table, context)
