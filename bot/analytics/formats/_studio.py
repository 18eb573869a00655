"""What TikTok Studio's files share: fixed English headers, one file per Analytics section."""

from __future__ import annotations

from bot.analytics.formats._table import Table, normalise_key, stem
from bot.analytics.formats.base import FileNote, ImportNote


def header(*labels: str) -> tuple[str, ...]:
    return tuple(normalise_key(label) for label in labels)


def matches(name: str, keys: tuple[str, ...], section: str, expected: tuple[str, ...]) -> bool:
    """Studio's exact header; or, since Studio may translate headers (unconfirmed), a file
    named after the section with as many columns and not one of them in English."""
    if keys == expected:
        return True
    return (
        stem(name).casefold() == section.casefold()
        and len(keys) == len(expected)
        and not set(keys) & set(expected)
    )


def conform(table: Table, section: str, expected: tuple[str, ...]) -> tuple[Table, list[FileNote]]:
    """The table under Studio's English keys, with a note when they were taken by position."""
    if table.keys == expected:
        return table, []
    note = FileNote(
        ImportNote.HEADERS_BY_POSITION,
        table.name,
        {"headers": tuple(table.header), "section": section},
    )
    return table.renamed(expected), [note]
