"""A Social Blade-style history: date, followers, following, likes, uploads, as running totals.

Only followers is stored. Likes here is the account's lifetime total, not the day's likes:
storing it as daily ``likes`` would wreck every engagement figure, so it is left out.
"""

from __future__ import annotations

from bot.analytics.formats import sheet
from bot.analytics.formats._daily import daily
from bot.analytics.formats._dates import full_dates
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import FileNote, ImportNote, ParsedFile

_TOTALS = ("following", "likes", "uploads", "videos")


def detect(name: str, keys: tuple[str, ...]) -> bool:
    plain = {sheet.sheet_key(key) for key in keys}
    return sheet.detect(name, keys) and bool(plain & {"following", "uploads", "videos"})


def parse(table: Table, context: Context) -> ParsedFile:
    found = sheet.columns(table.keys)
    table = sheet.with_fields(table, {k: v for k, v in found.items() if k in ("date", "followers")})
    days = full_dates(table.column("date"), table, table.label("date"))
    frame = daily(table, days, {"followers": counts(table, "followers")}, context)
    totals = [
        text.strip() for text, key in zip(table.header, table.keys, strict=True)
        if sheet.sheet_key(key) in _TOTALS
    ]  # fmt: skip
    skipped = []
    if totals:
        skipped.append(FileNote(ImportNote.RUNNING_TOTALS, table.name, {"columns": tuple(totals)}))
    return ParsedFile(
        name=table.name, format=FORMAT.name, daily=frame, posts=no_posts(), skipped=skipped
    )


FORMAT = FormatSpec(
    name="socialblade",
    label="Social Blade-style history",
    detect=detect,
    parse=parse,
)
