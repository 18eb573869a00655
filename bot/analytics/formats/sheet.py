"""A hand-kept sheet (CSV or XLSX): a date column, a followers column, optionally gained,
lost and views, under whatever reasonable header the team chose."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.analytics.formats._daily import daily
from bot.analytics.formats._dates import full_dates
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import (
    FileNote,
    ImportFileError,
    ImportNote,
    ImportProblem,
    ParsedFile,
)

# What teams write -> the field it holds; compared after ``sheet_key``.
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "date": ("date", "day", "datum", "fecha", "data", "jour"),
    "followers": (
        "followers", "follower", "follower count", "followers count", "total followers",
        "followers total", "total follower count", "follower total", "fans",
    ),
    "gained": (
        "gained", "gain", "gains", "new followers", "followers gained", "new", "follows",
        "new follows",
    ),
    "lost": (
        "lost", "loss", "losses", "unfollows", "unfollowed", "unfollowers", "lost followers",
        "followers lost",
    ),
    "views": ("views", "video views", "daily views"),
}  # fmt: skip
_FIELD_OF = {text: field for field, texts in SYNONYMS.items() for text in texts}
_NOISE = re.compile(r"\([^)]*\)|[_\-./#:]")  # "Date (YYYY-MM-DD)", "follower_count"
_VALUES = ("followers", "gained", "lost", "views")


def sheet_key(key: str) -> str:
    return " ".join(_NOISE.sub(" ", key).split())


def columns(keys: tuple[str, ...]) -> dict[str, int]:
    """Field -> position of the first column holding it."""
    found: dict[str, int] = {}
    for position, key in enumerate(keys):
        field = _FIELD_OF.get(sheet_key(key))
        if field is not None:
            found.setdefault(field, position)
    return found


def with_fields(table: Table, found: Mapping[str, int]) -> Table:
    keys = list(table.keys)
    for field, position in found.items():
        keys[position] = field
    return table.renamed(tuple(keys))


def missing_column(
    name: str, row: int, keys: tuple[str, ...], header: tuple[str, ...]
) -> ImportFileError | None:
    """For a header that is half a sheet: which column is missing, what was found instead."""
    found = columns(keys)
    if ("date" in found) == ("followers" in found):
        return None
    missing = "followers" if "date" in found else "date"
    return ImportFileError(
        ImportProblem.MISSING_COLUMN,
        file=name,
        row=row,
        missing=missing,
        names=tuple(SYNONYMS[missing][:3]),
        found=tuple(text.strip() for text in header if text.strip()),
    )


def detect(name: str, keys: tuple[str, ...]) -> bool:
    found = columns(keys)
    return "date" in found and "followers" in found


def parse(table: Table, context: Context) -> ParsedFile:
    found = columns(table.keys)
    table = with_fields(table, found)
    days = full_dates(table.column("date"), table, table.label("date"))
    values = {field: counts(table, field) for field in _VALUES if field in found}
    frame = daily(table, days, values, context)
    ignored = [
        text.strip()
        for position, text in enumerate(table.header)
        if text.strip() and position not in found.values()
    ]
    skipped = []
    if ignored:
        skipped.append(
            FileNote(ImportNote.COLUMNS_NOT_IMPORTED, table.name, {"columns": tuple(ignored)})
        )
    return ParsedFile(
        name=table.name, format=FORMAT.name, daily=frame, posts=no_posts(), skipped=skipped
    )


FORMAT = FormatSpec(
    name="sheet",
    label="hand-kept sheet",
    detect=detect,
    parse=parse,
)
