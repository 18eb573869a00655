"""The translation template and the catalogs kept in step with it.

``python -m bot.i18n.catalog extract`` writes ``bot/locale/bot.pot``: every sentence the package
marks (``_``, ``N_``, ``ngettext``, ``pgettext``, with their ``# Translators:`` comments) and
the wording of every slash command, read from the command tree the cogs build, each kind under
its own context. ``update`` merges the template into every ``<locale>/LC_MESSAGES/bot.po``,
keeping the translations, marking changed sentences fuzzy and dropping the ones that are gone.
``check`` lists what keeps a catalog from translating every sentence the bot writes today.

A translated sentence names commands as its language's members see them in Discord: ``update``
rewrites ``/account connect account:{handle}`` with the catalog's own names for the command and
its options, and ``check`` flags a sentence that still names one in English.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import discord
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from discord import app_commands
from discord.ext import commands

from bot.extensions import EXTENSIONS
from bot.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from bot.i18n.translator import CHOICE, CONTEXTS, DESCRIPTION, NAME, OPTION, valid

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
#: Each command's English path (``account connect``) -> the English names of its options.
Commands = Mapping[str, tuple[str, ...]]
# A slash and a word, not inside a path or an address (``PUBLIC_URL/tiktok/callback``).
_SLASH = re.compile(r"(?<![\w/.:-])/([a-z][a-z0-9_-]*)(?![\w/-])")
_SUBCOMMAND = re.compile(r" ([a-z][a-z0-9_-]*)(?![\w/-])")
_OPTION = re.compile(r" ([a-z][a-z0-9_-]*):([^\s`]*)")


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
        command_prefix=commands.when_mentioned,
        intents=discord.Intents(guilds=True),
        help_command=None,
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


def command_paths(tree: app_commands.CommandTree) -> dict[str, tuple[str, ...]]:
    """Every command and group by its English path, with its options' English names."""
    return {
        command.qualified_name: (
            tuple(parameter.name for parameter in command.parameters)
            if isinstance(command, app_commands.Command)
            else ()
        )
        for command in tree.walk_commands()
    }


def localised_references(text: str, commands: Commands, name: Callable[[str, str], str]) -> str:
    """``text`` with every command it names (``/account connect account:{handle}``) written
    with ``name(context, english)``: the command's and its options' names in one language."""
    pieces, done = [], 0
    for match in _SLASH.finditer(text):
        if match.start() < done:
            continue
        path, end = match[1], match.end()
        sub = _SUBCOMMAND.match(text, end)
        if sub and f"{path} {sub[1]}" in commands:
            path, end = f"{path} {sub[1]}", sub.end()
        elif path not in commands:
            continue
        written = "/" + " ".join(name(NAME, part) for part in path.split())
        while (option := _OPTION.match(text, end)) and option[1] in commands[path]:
            written += f" {name(OPTION, option[1])}:{option[2]}"
            end = option.end()
        pieces += [text[done : match.start()], written]
        done = end
    return "".join([*pieces, text[done:]])


def _names_in(catalog: Catalog) -> Callable[[str, str], str]:
    """The catalog's name for a command or option, or the English one it keeps."""

    def name(context: str, english: str) -> str:
        found = catalog.get(english, context)
        if found is None or found.fuzzy or not isinstance(found.string, str):
            return english
        return found.string if found.string and valid(context, found.string) else english

    return name


def _localise(catalog: Catalog, commands: Commands) -> None:
    name = _names_in(catalog)
    for message in catalog:
        if not message.id or not message.string or message.context in COMMAND_NOTES:
            continue
        forms = [localised_references(form, commands, name) for form in _forms(message.string)]
        message.string = forms[0] if isinstance(message.string, str) else tuple(forms)


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


def update(
    new: Catalog, directory: Path = LOCALE_DIR, commands: Commands | None = None
) -> list[Path]:
    """Merge the template into every catalog in ``directory``, and name ``commands`` as each
    language does; the catalogs written."""
    paths = catalog_paths(directory)
    for path in paths:
        catalog = read_catalog(path)
        catalog.update(new)
        if commands is not None:
            _localise(catalog, commands)
        write(catalog, path)
    return paths


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a sentence meant for ``str.format``."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)


def _label(context: str | None, msgid: str) -> str:
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def problems(catalog: Catalog, source: Catalog, commands: Commands | None = None) -> list[str]:
    """What keeps ``catalog`` from translating the bot as ``source`` (a fresh template) is:
    a missing, untranslated, fuzzy or stale entry, a placeholder lost or added, the wrong
    number of plural forms, command wording Discord would refuse, or a sentence naming one of
    ``commands`` otherwise than the catalog names it."""
    found: list[str] = []
    name = _names_in(catalog)
    plural = get_plural(catalog.locale)
    if catalog.num_plurals != plural.num_plurals or catalog.plural_expr != plural.plural_expr:
        found.append(
            f"plural forms: {catalog.num_plurals} ({catalog.plural_expr}), the language has "
            f"{plural.num_plurals} ({plural.plural_expr})"
        )
    for message in source:
        if not message.id:
            continue
        ids = _forms(message.id)
        label = _label(message.context, ids[0])
        translated = catalog.get(message.id, message.context)
        if translated is None:
            found.append(f"missing: {label}")
            continue
        forms = _forms(translated.string)
        if translated.fuzzy:
            found.append(f"fuzzy: {label}")
        if not all(forms):
            found.append(f"untranslated: {label}")
            continue
        if len(ids) > 1 and len(forms) != plural.num_plurals:
            found.append(f"{len(forms)} plural forms instead of {plural.num_plurals}: {label}")
        wanted = set().union(*(placeholders(text) for text in ids))
        for form in forms:
            if placeholders(form) != wanted:
                found.append(f"placeholders {sorted(placeholders(form))} in {form!r}: {label}")
        if message.context in COMMAND_NOTES and not valid(message.context, forms[0]):
            found.append(f"not valid on Discord: {forms[0]!r} for {label}")
        elif commands is not None and message.context not in COMMAND_NOTES:
            found.extend(
                f"names a command as in English: {form!r}, not {localised!r}: {label}"
                for form in forms
                if (localised := localised_references(form, commands, name)) != form
            )
    for message in catalog:
        if message.id and source.get(message.id, message.context) is None:
            found.append(f"stale: {_label(message.context, _forms(message.id)[0])}")
    found.extend(
        f"obsolete: {_label(m.context, _forms(m.id)[0])}" for m in catalog.obsolete.values()
    )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n.catalog", description=__doc__)
    parser.add_argument("action", choices=("extract", "update", "check"))
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    tree = asyncio.run(command_tree())
    new = template(asyncio.run(command_messages(tree)))
    commands = command_paths(tree)
    if args.action == "extract":
        path = args.locale_dir / TEMPLATE.name
        write(new, path)
        print(f"{len(new)} messages in {path}")
        return 0
    if args.action == "update":
        for path in update(new, args.locale_dir, commands):
            print(f"updated {path}")
        return 0
    failed = 0
    for path in catalog_paths(args.locale_dir):
        for problem in problems(read_catalog(path), new, commands):
            print(f"{path}: {problem}")
            failed = 1
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
