"""TikTok Business Suite daily export: the one TikTok file that splits gained from lost.

Dates look like ``2026/05/10``; headers may be translated (see ``_business.HEADERS``) and may
carry trailing spaces; extra columns are ignored. ``Net growth`` is not stored (it is
``gained - lost``) but is checked against them. The follower file (``Date, New followers,
Total followers, Reached audience, Engaged audience``) has no lost followers: its totals and
new followers are stored, and a total written ``--`` is missing.
"""

from __future__ import annotations

import numpy as np

from bot.analytics.formats import _business
from bot.analytics.formats._daily import daily
from bot.analytics.formats._dates import full_dates
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table, first
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import FileNote, ImportNote, ParsedFile

_STORED = ("followers", "gained", "lost", "views", "profile_views", "likes", "comments", "shares")
# Columns a hand-kept sheet would not have: they tell this export from a sheet with gained/lost.
_ONLY_HERE = {"net", "views", "profile_views", "reached", "engaged", "website_clicks"}
_FOLLOWER_FILE = {"date", "gained", "followers", "reached"}


def detect(name: str, keys: tuple[str, ...]) -> bool:
    found = _business.fields(keys)
    return found >= _FOLLOWER_FILE or (
        {"date", "gained", "lost"} <= found and bool(found & _ONLY_HERE)
    )


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _business.translated(table)
    days = full_dates(table.column("date"), table, table.label("date"))
    values = {field: counts(table, field) for field in _STORED if table.has(field)}
    frame = daily(table, days, values, context)
    if table.has("net") and table.has("lost"):
        net = counts(table, "net")
        computed = values["gained"] - values["lost"]
        known = np.asarray(~(net.isna() | computed.isna()))
        off = known & np.asarray((net != computed).fillna(False))
        if off.any():
            notes.append(
                FileNote(
                    ImportNote.NET_DIFFERS,
                    table.name,
                    {
                        "count": int(off.sum()),
                        "known": int(known.sum()),
                        "row": int(table.rows[first(off)]),
                    },
                )
            )
    return ParsedFile(
        name=table.name, format=FORMAT.name, daily=frame, posts=no_posts(), notes=notes
    )


FORMAT = FormatSpec(
    name="tiktok_business_daily",
    label="TikTok Business Suite daily export",
    detect=detect,
    parse=parse,
)
