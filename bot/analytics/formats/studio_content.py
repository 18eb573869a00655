"""TikTok Studio ``Content``: the ~13-15 most recent videos with their lifetime totals.

``Post time`` has no year (inferred per row from the export moment) and no time of day.
Real exports sometimes leave commas in a title unquoted, which shifts the row: such rows are
re-aligned on the video link, the one cell that is always recognisable.
"""

from __future__ import annotations

import re

import numpy as np

from bot.analytics.formats import _studio
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._dates import post_times
from bot.analytics.formats._posts import posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import FileNote, ImportNote, ImportProblem, ParsedFile

SECTION = "Content"
HEADER = _studio.header(
    "Time", "Video title", "Video link", "Post time",
    "Total likes", "Total comments", "Total shares", "Total views",
)  # fmt: skip
_TIME, TITLE, LINK, POST_TIME, LIKES, COMMENTS, SHARES, VIEWS = HEADER
_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)
_AFTER_LINK = len(HEADER) - HEADER.index(LINK) - 1


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return _studio.matches(name, keys, SECTION, HEADER)


def _realigned(table: Table) -> tuple[Table, list[FileNote]]:
    """Rows with more cells than the header, rebuilt around the link cell, or an error."""
    width = len(HEADER)
    if len(table.columns) == width:
        return table, []
    broken = np.logical_or.reduce([column != "" for column in table.columns[width:]])
    fixed = [column.copy() for column in table.columns[:width]]
    for at in np.flatnonzero(broken):
        cells = [str(column[at]) for column in table.columns]
        link = next((i for i in range(2, len(cells)) if _LINK.match(cells[i])), None)
        after = [] if link is None else cells[link + 1 :]
        if link is None or len(after) < _AFTER_LINK or any(after[_AFTER_LINK:]):
            raise table.error(
                ImportProblem.RAGGED_ROW,
                int(at),
                count=sum(1 for cell in cells if cell),
                width=width,
            )
        row = [cells[0], ", ".join(cells[1:link]), *cells[link : link + 1 + _AFTER_LINK]]
        for column, cell in zip(fixed, row, strict=True):
            column[at] = cell
    note = FileNote(ImportNote.TITLES_REALIGNED, table.name, {"count": int(broken.sum())})
    realigned = Table(table.name, table.header, table.keys, tuple(fixed), table.rows)
    return realigned, [note] if broken.any() else []


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _studio.conform(table, SECTION, HEADER)
    table, realigned = _realigned(table)
    posted_at, inferred = post_times(
        table.column(POST_TIME), table, table.label(POST_TIME), context
    )
    values = {
        "views": counts(table, VIEWS),
        "likes": counts(table, LIKES),
        "comments": counts(table, COMMENTS),
        "shares": counts(table, SHARES),
    }
    frame, skipped = posts(table, table.column(LINK), table.column(TITLE), posted_at, values)
    notes += realigned + ([inferred] if inferred else [])
    if not frame.empty:
        notes.append(FileNote(ImportNote.POSTS_AT_MIDNIGHT, table.name))
    return ParsedFile(
        name=table.name,
        format=FORMAT.name,
        daily=no_daily(),
        posts=frame,
        notes=notes,
        skipped=skipped,
    )


FORMAT = FormatSpec(
    name="tiktok_studio_content",
    label="Content",
    detect=detect,
    parse=parse,
    ragged=True,
)
