"""Translated catalogs written in a test's own folder: the bot's loader, checks and command
translations are proved on them, never on bot/locale."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog

from bot.i18n import LANGUAGES
from bot.i18n.catalog import write

#: A few German translations, by (context, English); plural entries by their singular.
GERMAN: dict[tuple[str | None, str], str | tuple[str, ...]] = {
    ("command name", "settings"): "einstellungen",
    ("description", "This server's bot settings"): "Die Einstellungen des Bots für diesen Server",
    ("command name", "language"): "sprache",
    ("option name", "language"): "sprache",
    (
        "description",
        "Set the language of this server's digests and alerts",
    ): "Die Sprache der Übersichten und Warnungen dieses Servers festlegen",
    (None, "{n} day"): ("{n} Tag", "{n} Tage"),
    (None, "{weekday}s at {time}"): "jeden {weekday} um {time}",
    (None, "{rate}/day"): "{rate}/Tag",
    (
        None,
        "Digests, alerts and other posts of this server are now written in {language}. "
        "Answers to commands stay in each member's own Discord language.",
    ): (
        "Übersichten, Warnungen und andere Beiträge dieses Servers sind jetzt auf {language}. "
        "Antworten auf Befehle bleiben in der Discord-Sprache jedes Mitglieds."
    ),
}
FRENCH: dict[tuple[str | None, str], str | tuple[str, ...]] = {
    (None, "{weekday}s at {time}"): "le {weekday} à {time}",
    (None, "{rate}/day"): "{rate}/jour",
}
JAPANESE: dict[tuple[str | None, str], str | tuple[str, ...]] = {
    (None, "{n} day"): ("{n}日",),
    (None, "{weekday}s at {time}"): "毎週{weekday} {time}",
    (None, "{rate}/day"): "1日あたり{rate}",
}


def translated(
    source: Catalog,
    locale: str,
    translations: Mapping[tuple[str | None, str], str | tuple[str, ...]],
) -> Catalog:
    """Every message of ``source`` in ``locale``: the given translations, the English text
    (the same in every plural form) for the rest."""
    catalog = Catalog(locale=LANGUAGES[locale], domain="bot", charset="utf-8")
    for message in source:
        if not message.id:
            continue
        first = message.id if isinstance(message.id, str) else message.id[0]
        text = translations.get((message.context, first))
        if isinstance(message.id, str):
            string: str | tuple[str, ...] = text if isinstance(text, str) else message.id
        else:
            forms = catalog.num_plurals
            string = (
                text
                if isinstance(text, tuple)
                else tuple(message.id[min(i, 1)] for i in range(forms))
            )
        catalog.add(message.id, string, context=message.context)
    return catalog


def po_path(directory: Path, locale: str) -> Path:
    return directory / locale / "LC_MESSAGES" / "bot.po"


def write_catalog(
    directory: Path,
    source: Catalog,
    locale: str,
    translations: Mapping[tuple[str | None, str], str | tuple[str, ...]],
) -> Path:
    """A complete catalog for ``locale`` in ``directory``; its path."""
    path = po_path(directory, locale)
    write(translated(source, locale, translations), path)
    return path


def empty_catalog(directory: Path, locale: str) -> Path:
    """A catalog that translates nothing: replies in ``locale`` keep the English sentences
    and follow the language's own way of writing numbers and dates."""
    path = po_path(directory, locale)
    write(Catalog(locale=LANGUAGES[locale], domain="bot", charset="utf-8"), path)
    return path
