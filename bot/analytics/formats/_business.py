"""TikTok Business Suite headers in every screen language seen, as one translation table.

Add a language by adding one dict. Business Suite translates its headers into the screen
language: the Swedish follower headers are from real exports; the other Swedish ones are
unconfirmed.
Headers not listed (clicks, GMV, leads, app downloads ...) are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.analytics.formats._table import Table, normalise_key

HEADERS: Mapping[str, Mapping[str, str]] = {
    "en": {
        # daily export
        "Date": "date",
        "Video views": "views",
        "Profile views": "profile_views",
        "Likes": "likes",
        "Comments": "comments",
        "Shares": "shares",
        "Net growth": "net",
        "New followers": "gained",
        "Lost followers": "lost",
        "Followers": "followers",
        "Total followers": "followers",
        "Reached audience": "reached",
        "Website clicks": "website_clicks",
        # per-video export
        "Video title": "title",
        "Video link": "link",
        "Post time": "post_time",
        "Add to Favorites": "favorites",
    },
    "sv": {
        "Datum": "date",
        "Nettotillväxt": "net",
        "Nya följare": "gained",
        "Tappade följare": "lost",
        "Videovisningar": "views",  # unconfirmed
        "Profilvisningar": "profile_views",  # unconfirmed
        "Gilla-markeringar": "likes",  # unconfirmed
        "Kommentarer": "comments",  # unconfirmed
        "Delningar": "shares",  # unconfirmed
        "Följare": "followers",  # unconfirmed
    },
}

FIELDS: Mapping[str, str] = MappingProxyType(
    {
        normalise_key(text): field
        for language in HEADERS.values()
        for text, field in language.items()
    }
)


def fields(keys: tuple[str, ...]) -> set[str]:
    return {FIELDS[key] for key in keys if key in FIELDS}


def translated(table: Table) -> Table:
    """The table under field names, so the parsers never see a language."""
    return table.renamed(tuple(FIELDS.get(key, key) for key in table.keys))
