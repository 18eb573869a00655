"""TikTok Business Suite headers in every screen language seen, as one translation table.

Add a language by adding one dict. Business Suite translates its headers into the screen
language. Only what real exports showed is in ``HEADERS``; ``GUESSED`` holds translations taken
from the interface's usual wording and not yet seen in an export, and the import summary says
when one of them was used. Headers not listed (clicks, GMV, leads, app downloads ...) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from bot.analytics.formats._table import Table, normalise_key
from bot.analytics.formats.base import FileNote, ImportFileError, ImportNote, ImportProblem

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
        "Engaged audience": "engaged",
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
    },
}

# Guesses: the interface's wording, never seen in an export (marked as such in the summary).
GUESSED: Mapping[str, Mapping[str, str]] = {
    "sv": {
        "Videovisningar": "views",
        "Profilvisningar": "profile_views",
        "Gilla-markeringar": "likes",
        "Kommentarer": "comments",
        "Delningar": "shares",
        "Följare": "followers",
        "Totalt antal följare": "followers",
    },
    "de": {
        "Datum": "date",
        "Videoaufrufe": "views",
        "Profilaufrufe": "profile_views",
        "Nettowachstum": "net",
        "Neue Follower": "gained",
        "Verlorene Follower": "lost",
        "Follower gesamt": "followers",
    },
    "es": {
        "Fecha": "date",
        "Visualizaciones de vídeos": "views",
        "Visualizaciones del perfil": "profile_views",
        "Crecimiento neto": "net",
        "Nuevos seguidores": "gained",
        "Seguidores perdidos": "lost",
        "Seguidores totales": "followers",
    },
    "fr": {
        "Vues de vidéos": "views",
        "Vues du profil": "profile_views",
        "Croissance nette": "net",
        "Nouveaux followers": "gained",
        "Followers perdus": "lost",
        "Total des followers": "followers",
    },
    "pt": {
        "Data": "date",
        "Visualizações de vídeos": "views",
        "Visualizações do perfil": "profile_views",
        "Crescimento líquido": "net",
        "Novos seguidores": "gained",
        "Seguidores perdidos": "lost",
        "Total de seguidores": "followers",
    },
    "id": {
        "Tanggal": "date",
        "Penayangan video": "views",
        "Penayangan profil": "profile_views",
        "Pertumbuhan bersih": "net",
        "Pengikut baru": "gained",
        "Pengikut yang hilang": "lost",
        "Total pengikut": "followers",
    },
}


def _fields(table: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    return {
        normalise_key(text): field
        for language in table.values()
        for text, field in language.items()
    }


_CONFIRMED = _fields(HEADERS)
FIELDS: Mapping[str, str] = MappingProxyType({**_fields(GUESSED), **_CONFIRMED})
_DATE = re.compile(r"\d{4}/\d{1,2}/\d{1,2}")  # how Business Suite writes its dates
_EXPECTED = ("Date", "Video views", "Profile views", "Likes", "Comments", "Shares",
             "Net growth", "New followers", "Lost followers", "Total followers")  # fmt: skip


def fields(keys: tuple[str, ...]) -> set[str]:
    return {FIELDS[key] for key in keys if key in FIELDS}


def translated(table: Table) -> tuple[Table, list[FileNote]]:
    """The table under field names, so the parsers never see a language; with a note when a
    guessed translation was relied on."""
    guessed = [
        table.header[at].strip()
        for at, key in enumerate(table.keys)
        if key in FIELDS and key not in _CONFIRMED
    ]
    notes = (
        [FileNote(ImportNote.HEADERS_GUESSED, table.name, {"headers": tuple(guessed)})]
        if guessed
        else []
    )
    return table.renamed(tuple(FIELDS.get(key, key) for key in table.keys)), notes


def untranslated(
    name: str, header: Sequence[str], below: Sequence[Sequence[str]]
) -> ImportFileError | None:
    """Why a file that looks like Business Suite's (dates like 2025/10/31 under a first column
    and several more columns) was not read: its language is not in the table."""
    rows = [row for row in below if row and row[0].strip()]
    if len(header) < 3 or not rows or not all(_DATE.fullmatch(row[0].strip()) for row in rows):
        return None
    return ImportFileError(
        ImportProblem.UNTRANSLATED_EXPORT,
        file=name,
        headers=tuple(cell.strip() for cell in header[:8]),
        expected=tuple(_EXPECTED),
    )
