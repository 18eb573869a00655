"""Fixtures: a local Discord-compatible server and the real bot connected to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest

from bot.app import NetBot, point_discord_at
from bot.config import Settings
from bot.i18n import PACKAGED, Catalogs
from bot.workers import Workers
from storage import Store
from tests.databases import drop_template, fresh_database
from tests.discord_server import FakeDiscord, FakeGuild, Perm

GUILD_A = 111_000_000_000_000_001
GUILD_B = 222_000_000_000_000_002
OWNER = 500_000_000_000_000_001  # owns guild A
MANAGER = 500_000_000_000_000_002  # Manage Server through a role, in A
MEMBER = 500_000_000_000_000_003  # no special permissions, in A and B
OWNER_B = 500_000_000_000_000_004
GENERAL_A = 700_000_000_000_000_001
DIGEST_A = 700_000_000_000_000_002
ALERTS_A = 700_000_000_000_000_003
READ_ONLY_A = 700_000_000_000_000_004
GENERAL_B = 800_000_000_000_000_001
MANAGERS_ROLE = 600_000_000_000_000_001
CREW_ROLE = 600_000_000_000_000_002  # no permissions; may be made the bot's manager role
CREW = 500_000_000_000_000_005  # has the crew role


class FakeClock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    """What an end-to-end test works with."""

    server: FakeDiscord
    bot: NetBot
    clock: FakeClock
    guild_a: FakeGuild
    guild_b: FakeGuild
    database_url: str

    async def run(
        self,
        command: str,
        options: dict[str, object] | None = None,
        *,
        user: int = OWNER,
        guild: int = GUILD_A,
        channel: int | None = None,
        attachments: dict[str, bytes] | None = None,
        unchecked: bool = False,
    ) -> object:
        """Invoke a slash command and return what Discord would show first."""
        record = await self.server.invoke(
            guild,
            user,
            command,
            options or {},
            channel_id=channel,
            attachments=attachments,
            unchecked=unchecked,
        )
        return await record.reply(timeout=10)


def build_guilds(server: FakeDiscord) -> tuple[FakeGuild, FakeGuild]:
    guild_a = server.add_guild(GUILD_A, "Glow Agency", owner_id=OWNER)
    guild_a.add_role(MANAGERS_ROLE, "Social leads", permissions=Perm.MANAGE_GUILD)
    guild_a.add_member(OWNER, "owner")
    guild_a.add_member(MANAGER, "manager", roles=(MANAGERS_ROLE,))
    guild_a.add_member(MEMBER, "member")
    guild_a.add_role(CREW_ROLE, "Crew")
    guild_a.add_member(CREW, "crew", roles=(CREW_ROLE,))
    guild_a.add_channel(GENERAL_A, "general")
    guild_a.add_channel(DIGEST_A, "digest")
    guild_a.add_channel(ALERTS_A, "alerts")
    guild_a.add_channel(READ_ONLY_A, "announcements", bot_can_send=False)
    guild_b = server.add_guild(GUILD_B, "Other Team", owner_id=OWNER_B)
    guild_b.add_member(OWNER_B, "owner-b")
    guild_b.add_member(MEMBER, "member")
    guild_b.add_channel(GENERAL_B, "general")
    return guild_a, guild_b


async def start_bot(
    server: FakeDiscord,
    database_url: str,
    clock: FakeClock,
    *,
    button_timeout: float = 180.0,
    catalogs: Catalogs = PACKAGED,
    **more_settings: object,
) -> NetBot:
    settings = Settings(
        discord_token="test-token",
        database_url=database_url,
        discord_api_base_url=server.api_base,
        discord_gateway_url=server.gateway_url,
        _env_file=None,  # type: ignore[call-arg]
        **({"web_port": 0} | more_settings),  # type: ignore[arg-type]
    )
    point_discord_at(settings)
    workers = Workers()
    bot = NetBot(
        settings=settings,
        store=Store(database_url, workers=workers, clock=clock),
        workers=workers,
        clock=clock,
        guild_ready_timeout=0.01,
        button_timeout=button_timeout,
        catalogs=catalogs,
    )
    await bot.login("test-token")
    bot.loop_task = asyncio.create_task(bot.connect())  # type: ignore[attr-defined]
    await server.wait_until_identified()
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    return bot


async def stop_bot(bot: NetBot) -> None:
    await bot.close()
    await asyncio.wait_for(bot.loop_task, 5)  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def _template_dropped_at_the_end() -> Iterator[None]:
    yield
    asyncio.run(drop_template())


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database of the test's own: SQLite, or PostgreSQL when TEST_DATABASE_URL is set."""
    async with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
async def world(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[World]:
    # Registered with monkeypatch first, so the bot's own redirection is undone afterwards.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    server = FakeDiscord()
    await server.start()
    guild_a, guild_b = build_guilds(server)
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    bot = await start_bot(server, database_url, clock)
    world = World(server, bot, clock, guild_a, guild_b, database_url)
    try:
        yield world
    finally:
        await stop_bot(world.bot)
        await server.stop()
    server.assert_clean()
