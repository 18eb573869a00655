"""TikTok Studio ``Overview``: each day's own views, profile views, likes, comments, shares.

These are daily values, not running totals; Comments can be negative (deleted comments).
"""

from __future__ import annotations

from bot.analytics.formats import _studio
from bot.analytics.formats._daily import daily
from bot.analytics.formats._dates import daily_dates
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import ParsedFile

SECTION = "Overview"
HEADER = _studio.header("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares")
METRICS = dict(
    zip(HEADER[1:], ("views", "profile_views", "likes", "comments", "shares"), strict=True)
)


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return _studio.matches(name, keys, SECTION, HEADER)


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _studio.conform(table, SECTION, HEADER)
    date = HEADER[0]
    days, inferred = daily_dates(table.column(date), table, table.label(date), context)
    values = {metric: counts(table, key) for key, metric in METRICS.items()}
    frame = daily(table, days, values, context)
    notes += [inferred] if inferred else []
    return ParsedFile(
        name=table.name, format=FORMAT.name, daily=frame, posts=no_posts(), notes=notes
    )


FORMAT = FormatSpec(
    name="tiktok_studio_overview",
    label="Overview",
    detect=detect,
    parse=parse,
)
