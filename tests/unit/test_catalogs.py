"""Every catalog in bot/locale translates every sentence and command the bot has today, and the
checks that say so catch each way a catalog goes wrong (proved on catalogs written here)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
import pytest
from babel.messages.catalog import Catalog, Message
from discord import app_commands

from bot.i18n import ENGLISH, Catalogs, _, ngettext, use_locale
from bot.i18n.catalog import (
    catalog_paths,
    command_messages,
    command_tree,
    fresh_template,
    placeholders,
    problems,
    read_catalog,
    template,
    update,
    write,
)
from bot.i18n.translator import CatalogTranslator
from tests.catalogs import GERMAN, empty_catalog, po_path, translated, write_catalog
from tests.discord_server.commands import validate_commands
from tests.discord_server.errors import DiscordAPIError

SETTINGS = ("command name", "settings")


@pytest.fixture(scope="module")
def source() -> Catalog:
    return asyncio.run(fresh_template())


def _get(catalog: Catalog, msgid: str | tuple[str, str], context: str | None = None) -> Message:
    message = catalog.get(msgid, context)
    assert message is not None, msgid
    return message


def _keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_the_template_holds_sentences_and_every_command(source: Catalog) -> None:
    keys = _keys(source)
    assert {
        (None, "{n} day"),
        (None, "n/a"),
        ("command name", "settings"),
        ("command name", "language"),
        ("option name", "language"),
        ("description", "Set the language of this server's digests and alerts"),
    } <= keys
    weekly = _get(source, "{weekday}s at {time}")
    assert any("Mondays at 09:00" in c for c in weekly.auto_comments)
    assert _get(source, ("{n} day", "{n} days")).pluralizable
    names = {msgid for context, msgid in keys if context == "command name"}
    assert {"account", "add", "net", "digest", "settings", "timezone"} <= names


def test_every_shipped_catalog_translates_the_bot_as_it_is(source: Catalog) -> None:
    """Each bot/locale/<language>/LC_MESSAGES/bot.po, as many as translators added."""
    found = {
        path.parent.parent.name: problems(read_catalog(path), source) for path in catalog_paths()
    }
    assert {language: listed for language, listed in found.items() if listed} == {}


def test_a_complete_catalog_has_no_problems(source: Catalog, tmp_path: Path) -> None:
    path = write_catalog(tmp_path, source, "de", GERMAN)
    assert problems(read_catalog(path), source) == []
    assert catalog_paths(tmp_path) == [path]


def test_missing_untranslated_fuzzy_and_stale_entries_are_caught(
    source: Catalog, tmp_path: Path
) -> None:
    catalog = translated(source, "de", GERMAN)
    catalog.delete("settings", "command name")
    catalog["n/a"].string = ""
    _get(catalog, "{rate}/day").flags.add("fuzzy")
    catalog.add("A sentence the bot no longer writes", "Ein Satz von früher")
    catalog.obsolete["Gone"] = _get(catalog, "A sentence the bot no longer writes")
    write(catalog, po_path(tmp_path, "de"))
    found = problems(catalog, source)
    assert "missing: [command name] 'settings'" in found
    assert "untranslated: 'n/a'" in found
    assert "fuzzy: '{rate}/day'" in found
    assert "stale: 'A sentence the bot no longer writes'" in found
    assert "obsolete: 'A sentence the bot no longer writes'" in found
    # Written out, obsolete entries are dropped; the stale one is still reported.
    reread = problems(read_catalog(po_path(tmp_path, "de")), source)
    assert "stale: 'A sentence the bot no longer writes'" in reread
    assert not any(p.startswith("obsolete") for p in reread)


def test_placeholders_must_match_in_every_form(source: Catalog) -> None:
    assert placeholders("{n} Tage bis {date}") == {"n", "date"}
    catalog = translated(
        source,
        "de",
        {
            **GERMAN,
            (None, "{n} day"): ("{n} Tag", "viele Tage"),
            (None, "{rate}/day"): "{rate}/{unit}",
        },
    )
    found = problems(catalog, source)
    assert "placeholders [] in 'viele Tage': '{n} day'" in found
    assert "placeholders ['rate', 'unit'] in '{rate}/{unit}': '{rate}/day'" in found


def test_plural_forms_follow_the_language(source: Catalog, tmp_path: Path) -> None:
    japanese = translated(source, "ja", {})
    assert japanese.num_plurals == 1 and problems(japanese, source) == []
    wrong = translated(source, "ja", {(None, "{n} day"): ("{n}日", "{n}日")})
    assert "2 plural forms instead of 1: '{n} day'" in problems(wrong, source)
    path = write_catalog(tmp_path, source, "fr", {})
    assert problems(read_catalog(path), source) == []
    text = path.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith('"Plural-Forms:'))
    # The older gettext rule for French: two forms, where Babel's CLDR data has three.
    path.write_text(
        text.replace(header, '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'), encoding="utf-8"
    )
    found = problems(read_catalog(path), source)
    assert found[0].startswith("plural forms: 2 ((n > 1)), the language has 3")


def test_command_wording_discord_refuses_is_caught(source: Catalog) -> None:
    bad = {
        **GERMAN,
        SETTINGS: "Einstellungen",  # Discord wants names in lower case
        ("option name", "language"): "die sprache",  # and without spaces
        ("description", "This server's bot settings"): "x" * 101,
    }
    found = problems(translated(source, "de", bad), source)
    assert "not valid on Discord: 'Einstellungen' for [command name] 'settings'" in found
    assert "not valid on Discord: 'die sprache' for [option name] 'language'" in found
    assert f"not valid on Discord: {'x' * 101!r} for [description] " in "\n".join(found)


def test_update_keeps_translations_and_drops_what_is_gone(source: Catalog, tmp_path: Path) -> None:
    older = translated(source, "de", GERMAN)
    older.delete("n/a")  # a sentence added since
    older.add("A sentence the bot no longer writes", "Ein Satz von früher")
    path = po_path(tmp_path, "de")
    write(older, path)
    assert update(source, tmp_path) == [path]
    merged = read_catalog(path)
    assert _get(merged, "settings", "command name").string == "einstellungen"
    assert _get(merged, "n/a").string == ""
    assert merged.get("A sentence the bot no longer writes") is None
    assert problems(merged, source) == ["untranslated: 'n/a'"]


async def test_extraction_reads_marked_sentences_with_their_notes(tmp_path: Path) -> None:
    (tmp_path / "bot").mkdir()
    (tmp_path / "cogs").mkdir()
    (tmp_path / "bot" / "words.py").write_text(
        "from bot.i18n import N_, _, ngettext, pgettext\n"
        "GOAL = N_('Goal')\n"
        "# Translators: the account's handle follows.\n"
        "_('Net followers for @{handle}')\n"
        "ngettext('{n} post', '{n} posts', 2)\n"
        "pgettext('button', 'Why')\n",
        encoding="utf-8",
    )
    extracted = template([("command name", "net")], tmp_path)
    assert _keys(extracted) == {
        (None, "Goal"),
        (None, "Net followers for @{handle}"),
        (None, "{n} post"),
        ("button", "Why"),
        ("command name", "net"),
    }
    assert _get(extracted, "Net followers for @{handle}").auto_comments == [
        "Translators: the account's handle follows."
    ]


async def test_the_translator_gives_valid_names_or_english(
    source: Catalog, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_catalog(tmp_path, source, "de", {**GERMAN, ("option name", "language"): "Die Sprache"})
    translator = CatalogTranslator(Catalogs(tmp_path))
    assert translator.lookup("settings", "de", "command name") == "einstellungen"
    assert translator.lookup("settings", "es-ES", "command name") is None  # no catalog
    assert translator.lookup("settings", ENGLISH, "command name") is None
    assert translator.lookup("account", "de", "command name") is None  # kept as in English
    with caplog.at_level(logging.WARNING):
        assert translator.lookup("language", "de", "option name") is None
    assert "'Die Sprache' (de) of 'language' is not valid on Discord" in caplog.text

    tree = await command_tree()
    payload = [
        await command.get_translated_payload(tree, translator) for command in tree.get_commands()
    ]
    validate_commands(payload)  # what the local Discord accepts, as Discord does
    settings = next(c for c in payload if c["name"] == "settings")
    assert settings["name_localizations"] == {"de": "einstellungen"}
    language = next(o for o in settings["options"] if o["name"] == "language")
    assert language["name_localizations"] == {"de": "sprache"}  # the command, not the option
    assert not language["options"][0].get("name_localizations")  # the invalid one: English


async def test_the_local_discord_refuses_bad_translations_as_discord_does() -> None:
    tree = await command_tree()
    payload = [command.to_dict(tree) for command in tree.get_commands()]
    settings = next(c for c in payload if c["name"] == "settings")
    settings["name_localizations"] = {"de": "Einstellungen", "xx": "x"}
    settings["options"][0]["name_localizations"] = {"de": "zeigen"}
    settings["options"][1]["name_localizations"] = {"de": "zeigen"}  # two options, one name
    settings["description_localizations"] = {"de": ""}
    with pytest.raises(DiscordAPIError) as refused:
        validate_commands(payload)
    text = str(refused.value.errors)
    for code in (
        "APPLICATION_COMMAND_INVALID_NAME",
        "LOCALE_INVALID",
        "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
        "BASE_TYPE_BAD_LENGTH",
    ):
        assert code in text


def test_replies_read_the_catalog_of_their_language(source: Catalog, tmp_path: Path) -> None:
    write_catalog(tmp_path, source, "de", GERMAN)
    empty_catalog(tmp_path, "es-ES")
    empty_catalog(tmp_path, "pt-BR")
    catalogs = Catalogs(tmp_path)
    assert catalogs.available() == [ENGLISH, "es-ES", "pt-BR", "de"]
    assert catalogs.supported("pt-PT") == ENGLISH  # European Portuguese is written apart
    assert catalogs.supported("es") == ENGLISH  # no catalog is plain "es"
    assert catalogs.supported("de") == "de"
    assert catalogs.supported("es-419") == "es-ES"  # Latin American Spanish reads Spain's
    assert catalogs.supported("en-GB") == ENGLISH
    assert catalogs.supported("fr") == ENGLISH  # no catalog yet
    assert catalogs.supported(None) == ENGLISH
    assert catalogs.find("Deutsch") == "de" and catalogs.find(" DE ") == "de"
    assert catalogs.find("español (España)") == "es-ES"
    assert catalogs.find("Klingon") is None and catalogs.find("fr") is None
    with use_locale("de", catalogs):
        assert ngettext("{n} day", "{n} days", 3).format(n=3) == "3 Tage"
        assert _("n/a") == "n/a"  # translated as the English text in this catalog
    with use_locale("de-AT", catalogs):
        assert ngettext("{n} day", "{n} days", 1).format(n=1) == "1 Tag"
    assert ngettext("{n} day", "{n} days", 3).format(n=3) == "3 days"
    assert discord.Locale("es-419").value == "es-419"  # a locale Discord really sends
    assert app_commands.locale_str("settings").message == "settings"


async def test_command_messages_follow_the_tree() -> None:
    messages = await command_messages(await command_tree(["cogs.settings"]))
    assert messages[:2] == [
        ("command name", "settings"),
        ("description", "This server's bot settings"),
    ]
    assert ("option name", "language") in messages
