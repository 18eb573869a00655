"""The translation template and the catalogs kept in step with it.

``python -m bot.i18n.catalog extract`` writes ``bot/locale/bot.pot``: every sentence the package
marks (``_``, ``N_``, ``ngettext``, ``pgettext``, with their ``# Translators:`` comments) and
the wording of every slash command, read from the command tree the cogs build, each kind under
its own context. ``update`` merges the template into every ``<locale>/LC_MESSAGES/bot.po``,
keeping the translations, marking changed sentences fuzzy and dropping the ones that are gone.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterable, Sequence
from pathlib import Path

import discord
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from discord import app_commands
from discord.ext import commands

from bot.extensions import EXTENSIONS
from bot.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from bot.i18n.translator import CHOICE, CONTEXTS, DESCRIPTION, NAME, OPTION

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = ("bot", "cogs")
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("Translators:",)
#: What translators are told about each kind of command wording.
COMMAND_NOTES = {
    NAME: "A slash command's name: lowercase letters, digits, - or _, no spaces, 1-32 characters.",
    OPTION: "A slash command option's name: lowercase letters, digits, - or _, no spaces, "
    "1-32 characters.",
    CHOICE: "One choice of a slash command option, as the list shows it: 1-100 characters.",
    DESCRIPTION: "A slash command's or option's description: 1-100 characters.",
}
Message = tuple[str, str]  # (context, English text)


class _Recorder(app_commands.Translator):
    """Notes the command wording discord.py asks to translate, and translates nothing."""

    def __init__(self) -> None:
        self.seen: dict[Message, None] = {}

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        kind = CONTEXTS.get(context.location)
        if kind is not None:
            self.seen[(kind, string.message)] = None
        return None


async def command_tree(extensions: Sequence[str] = EXTENSIONS) -> app_commands.CommandTree:
    """The slash commands the cogs define, loaded offline: no login, no database."""
    client = commands.Bot(
        command_prefix=commands.when_mentioned, intents=discord.Intents.none(), help_command=None
    )
    for extension in extensions:
        await client.load_extension(extension)
    return client.tree


async def command_messages(tree: app_commands.CommandTree) -> list[Message]:
    """The wording of every command, group, option and choice, in the tree's order."""
    recorder = _Recorder()
    for command in tree.get_commands():
        await command.get_translated_payload(tree, recorder)
    return list(recorder.seen)


def template(messages: Iterable[Message], root: Path = ROOT) -> Catalog:
    """The catalog template: the package's marked sentences, then the command wording."""
    catalog = Catalog(project="netfollowers-bot", domain=DOMAIN, charset="utf-8")
    method_map = [("**.py", "python")]
    for source in SOURCES:
        found = extract_from_dir(
            root / source,
            method_map,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=False,
        )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                None,
                [(f"{source}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    for context, message in messages:
        catalog.add(
            message,
            None,
            [("commands", 0)],
            auto_comments=[COMMAND_NOTES[context]],
            context=context,
        )
    return catalog


async def fresh_template(root: Path = ROOT) -> Catalog:
    """The template as the source is now."""
    return template(await command_messages(await command_tree()), root)


def catalog_paths(directory: Path = LOCALE_DIR) -> list[Path]:
    """Every translated catalog in ``directory``."""
    return sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path: Path) -> Catalog:
    """A translated catalog; its folder names its Discord locale."""
    locale = path.parent.parent.name
    with path.open("rb") as source:
        return read_po(source, locale=LANGUAGES.get(locale, locale.replace("-", "_")))


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(
            out, catalog, width=100, include_lineno=False, ignore_obsolete=True, sort_output=False
        )


def update(new: Catalog, directory: Path = LOCALE_DIR) -> list[Path]:
    """Merge the template into every catalog in ``directory``; the catalogs written."""
    paths = catalog_paths(directory)
    for path in paths:
        catalog = read_catalog(path)
        catalog.update(new)
        write(catalog, path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n.catalog", description=__doc__)
    parser.add_argument("action", choices=("extract", "update"))
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    new = asyncio.run(fresh_template())
    if args.action == "extract":
        write(new, args.locale_dir / f"{DOMAIN}.pot")
        print(f"{len(new)} messages in {args.locale_dir / f'{DOMAIN}.pot'}")
        return 0
    for path in update(new, args.locale_dir):
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
