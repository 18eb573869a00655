"""Replies in the team's language: /settings language, each member's own language for answers,
and slash commands that carry their translations to Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import discord
import pytest

from bot.i18n import Catalogs
from bot.i18n.catalog import fresh_template
from bot.scheduler import digest_job_id
from tests.catalogs import GERMAN, empty_catalog, write_catalog
from tests.conftest import (
    DIGEST_A,
    GUILD_A,
    MANAGER,
    MEMBER,
    FakeClock,
    World,
    build_guilds,
    start_bot,
    stop_bot,
)
from tests.discord_server import FakeDiscord, FakeMessage
from tests.e2e.test_digest_and_alerts import MONDAY_9, falling, seed, set_digest_channel

CHANGE = "change with `/settings language`"


async def ask(
    world: World,
    command: str,
    options: dict[str, object] | None = None,
    *,
    user: int = MANAGER,
    locale: str = "en-US",
) -> FakeMessage:
    """Run a slash command from a Discord client set to ``locale``; the first reply."""
    record = await world.server.invoke(GUILD_A, user, command, options or {}, locale=locale)
    return await record.reply(timeout=10)


async def test_settings_language_offers_what_the_bot_writes_and_refuses_the_rest(
    world: World,
) -> None:
    """The shipped catalogs: every language by its own name, English first."""
    choices = await world.server.autocomplete(GUILD_A, MANAGER, "settings language", {}, "language")
    assert choices == [
        {"name": "English", "value": "en-US"},
        {"name": "Español (España)", "value": "es-ES"},
        {"name": "Português (Brasil)", "value": "pt-BR"},
        {"name": "Français", "value": "fr"},
        {"name": "Deutsch", "value": "de"},
        {"name": "Indonesia", "value": "id"},
        {"name": "日本語", "value": "ja"},
        {"name": "한국어", "value": "ko"},
        {"name": "Tiếng Việt", "value": "vi"},
        {"name": "Türkçe", "value": "tr"},
    ]

    refused = await ask(world, "settings language", {"language": "Klingon"}, user=MANAGER)
    assert refused.ephemeral and refused.content == (
        "`Klingon` is not a language the bot writes in: pick one from the list (English, "
        "Español (España), Português (Brasil), Français, Deutsch, Indonesia, 日本語, 한국어, "
        "Tiếng Việt, Türkçe). Nothing was changed."
    )
    assert (await world.bot.store.settings.get(GUILD_A)).language is None
    not_allowed = await ask(world, "settings language", {"language": "en-US"}, user=MEMBER)
    assert not_allowed.ephemeral and "Manage Server" in not_allowed.content

    shown = await ask(world, "settings show", user=MEMBER)
    assert shown.content.splitlines()[-1] == (
        f"Language of digests and alerts: English, the server's language in Discord · {CHANGE}"
    )
    done = await ask(world, "settings language", {"language": "en-US"}, user=MANAGER)
    assert done.content.startswith("Digests, alerts and other posts of this server are now ")
    assert (await world.bot.store.settings.get(GUILD_A)).language == "en-US"
    shown = await ask(world, "settings show", user=MEMBER)
    assert shown.content.splitlines()[-1] == f"Language of digests and alerts: English · {CHANGE}"


@pytest.fixture
async def german_server(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[World]:
    """The bot with a German and an (untranslated) Spanish catalog, in a server whose
    community language is German."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    source = await fresh_template()
    write_catalog(tmp_path / "locale", source, "de", GERMAN)
    empty_catalog(tmp_path / "locale", "es-ES")
    server = FakeDiscord()
    await server.start()
    guild_a, guild_b = build_guilds(server)
    guild_a.locale = "de"
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    bot = await start_bot(server, database_url, clock, catalogs=Catalogs(tmp_path / "locale"))
    world = World(server, bot, clock, guild_a, guild_b, database_url)
    try:
        yield world
    finally:
        await stop_bot(world.bot)
        await server.stop()
    server.assert_clean()


async def test_commands_reach_discord_with_their_translations(german_server: World) -> None:
    settings = german_server.server.commands.get("settings")
    assert settings is not None
    assert settings["name"] == "settings"  # the English name stays the command's own
    assert settings["name_localizations"] == {"de": "einstellungen"}
    assert settings["description_localizations"] == {
        "de": "Die Einstellungen des Bots für diesen Server"
    }
    language = next(o for o in settings["options"] if o["name"] == "language")
    assert language["name_localizations"] == {"de": "sprache"}
    assert language["options"][0]["name_localizations"] == {"de": "sprache"}
    account = german_server.server.commands.get("account")
    assert account is not None and not account.get("name_localizations")  # not translated


async def test_the_server_language_defaults_to_its_community_language(
    german_server: World,
) -> None:
    world = german_server
    shown = await ask(world, "settings show", user=MEMBER)
    assert shown.content.splitlines()[-1] == (
        f"Language of digests and alerts: Deutsch, the server's language in Discord · {CHANGE}"
    )
    choices = await world.server.autocomplete(
        GUILD_A, MANAGER, "settings language", {"language": "deu"}, "language"
    )
    assert choices == [{"name": "Deutsch", "value": "de"}]
    everything = await world.server.autocomplete(
        GUILD_A, MANAGER, "settings language", {}, "language"
    )
    assert [c["value"] for c in everything] == ["en-US", "es-ES", "de"]

    # The answer is in the manager's own language; the choice is the server's.
    done = await ask(world, "settings language", {"language": "es-ES"}, locale="de")
    assert done.content == (
        "Übersichten, Warnungen und andere Beiträge dieses Servers sind jetzt auf "
        "Español (España). Antworten auf Befehle bleiben in der Discord-Sprache jedes Mitglieds."
    )
    assert (await world.bot.store.settings.get(GUILD_A)).language == "es-ES"
    assert await world.bot.languages.of(GUILD_A) == "es-ES"

    unknown = await ask(world, "settings language", {"language": "Klingon"}, locale="en-US")
    assert unknown.content == (
        "`Klingon` is not a language the bot writes in: pick one from the list (English, "
        "Español (España), Deutsch). Nothing was changed."
    )
    french = await ask(world, "settings language", {"language": "fr"}, locale="es-419")
    assert french.content.startswith("`fr` is not a language the bot writes in")
    assert (await world.bot.store.settings.get(GUILD_A)).language == "es-ES"


async def test_scheduled_posts_are_written_in_the_server_language(german_server: World) -> None:
    """The test catalog keeps the English sentences; its figures and dates are German."""
    world = german_server
    await seed(world, "grower", falling(date(2026, 11, 21), 20, 1000, 10))
    await seed(world, "shrinker", falling(date(2026, 11, 21), 20, 5000, -30))
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    posted: FakeMessage = world.server.messages[DIGEST_A][-1]
    summary, accounts = posted.embeds
    assert summary["title"] == "Weekly net-follower digest · 23. Nov. 2026"
    values = {f["name"]: f["value"] for f in summary["fields"]}
    assert values["Team total"] == "5.620 followers"
    assert values["Top 1"] == "@grower +70 (+6,2\u00a0%)"
    assert accounts["title"].endswith("over 15. Nov. – 21. Nov. 2026")

    # A preview shows the post as the server will read it, whoever asks.
    preview = await ask(world, "digest preview", user=MEMBER)
    assert preview.embeds[0]["title"] == "Weekly net-follower digest · 23. Nov. 2026"

    await ask(world, "settings language", {"language": "en-US"}, user=MANAGER)
    preview = await ask(world, "digest preview", user=MEMBER)
    assert preview.embeds[0]["title"] == "Weekly net-follower digest · 23 Nov 2026"
    values = {f["name"]: f["value"] for f in preview.embeds[0]["fields"]}
    assert values["Team total"] == "5,620 followers"
