"""TikTok Business Suite per-video export: each video's totals, with its post time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bot.analytics.formats import _business
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._dates import post_times
from bot.analytics.formats._posts import posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import FileNote, ImportNote, ParsedFile
from bot.analytics.model import POST_COUNTS


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return {"link", "post_time", "views"} <= _business.fields(keys)


def _counts_or_missing(table: Table, field: str) -> pd.arrays.IntegerArray:
    if table.has(field):
        return counts(table, field)
    return pd.arrays.IntegerArray(np.zeros(len(table), np.int64), np.ones(len(table), bool))


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _business.translated(table)
    posted_at, inferred = post_times(
        table.column("post_time"), table, table.label("post_time"), context
    )
    values = {field: _counts_or_missing(table, field) for field in POST_COUNTS}
    blank = np.full(len(table), "", dtype=object)
    titles = table.column("title") if table.has("title") else blank
    frame, skipped = posts(table, table.column("link"), titles, posted_at, values)
    notes += [inferred] if inferred else []
    if not frame.empty:
        notes.append(FileNote(ImportNote.POST_TIMES_UTC, table.name))
    return ParsedFile(
        name=table.name,
        format=FORMAT.name,
        daily=no_daily(),
        posts=frame,
        notes=notes,
        skipped=skipped,
    )


FORMAT = FormatSpec(
    name="tiktok_business_videos",
    label="TikTok Business Suite per-video export",
    detect=detect,
    parse=parse,
)
