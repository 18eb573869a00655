"""TikTok Studio ``Viewers``: recognised and deliberately not stored.

Total/new/returning *viewers* count people who watched, not video views and not followers:
storing them as ``views`` would corrupt follows-per-view, so the import says it skipped them.
"""

from __future__ import annotations

from bot.analytics.formats import _studio
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats.base import FileNote, ImportNote, ParsedFile

SECTION = "Viewers"
HEADER = _studio.header("Date", "Total Viewers", "New Viewers", "Returning Viewers")


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return _studio.matches(name, keys, SECTION, HEADER)


def parse(table: Table, context: Context) -> ParsedFile:
    skipped = FileNote(ImportNote.VIEWERS_NOT_STORED, table.name, {"rows": len(table)})
    return ParsedFile(
        name=table.name, format=FORMAT.name, daily=no_daily(), posts=no_posts(), skipped=[skipped]
    )


FORMAT = FormatSpec(
    name="tiktok_studio_viewers",
    label="Viewers",
    detect=detect,
    parse=parse,
)
