"""A local Discord-compatible server for end-to-end tests (Discord API v10, discord.py 2.7).

One aiohttp application on one loopback port serves the REST API (``/api/v10/...``), the gateway
websocket (``/``) and a CDN for attachments (``/attachments/...``). A real discord.py bot talks to
it after two patches::

    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)

It is strict like Discord: a second initial interaction response gets 40060, an initial response
later than 3 s gets 10062, messages over Discord's limits get 50035, options that do not match the
synced command schema raise ``AssertionError`` in the test, unknown routes get 404. Each broken
rule is kept in :attr:`FakeDiscord.violations`, every request in :attr:`FakeDiscord.requests`;
:meth:`FakeDiscord.assert_clean` fails a test on a violation or an unknown route.

Typical use (``tests/e2e/test_discord_server.py`` has a complete bot fixture)::

    server = FakeDiscord()
    guild = server.add_guild(1, "Team", owner_id=10)
    guild.add_channel(2, "general")
    await server.start()
    ...  # patch discord.py, bot.login(), create_task(bot.connect()), bot.wait_until_ready()
    record = await server.invoke(1, 10, "net", {"account": "acme"})
    assert "+12" in (await record.reply()).text

The modules, by concern: ``models`` (ids, permissions, users, guilds, messages), ``errors`` and
``limits`` (Discord's error answers and the limits it enforces), ``commands`` (synced commands),
``transport`` and ``rest`` (HTTP plumbing and routes), ``messages``, ``callbacks`` (the bot's
answers to interactions), ``gateway``, ``interactions`` and ``options`` (what a test dispatches),
``faults`` (injected failures), ``waiting``, and ``server`` (FakeDiscord, which mixes them).
"""

from tests.discord_server.commands import SyncedCommands
from tests.discord_server.errors import DiscordAPIError
from tests.discord_server.interactions import InteractionRecord
from tests.discord_server.models import (
    FakeChannel,
    FakeFile,
    FakeGuild,
    FakeMember,
    FakeMessage,
    FakeRole,
    FakeUser,
    Perm,
    RecordedRequest,
    Violation,
)
from tests.discord_server.server import FakeDiscord

__all__ = [
    "DiscordAPIError",
    "FakeChannel",
    "FakeDiscord",
    "FakeFile",
    "FakeGuild",
    "FakeMember",
    "FakeMessage",
    "FakeRole",
    "FakeUser",
    "InteractionRecord",
    "Perm",
    "RecordedRequest",
    "SyncedCommands",
    "Violation",
]
