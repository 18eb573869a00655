"""The language a server's scheduled posts (digests, alerts, news, notices) are written in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

import discord

from bot.i18n import PACKAGED, Catalogs, use_locale
from storage.settings import SettingsStore


class GuildLookup(Protocol):
    def get_guild(self, id: int, /) -> discord.Guild | None: ...


class ServerLanguages:
    """The language chosen with /settings language, else the server's community language
    (Discord's ``preferred_locale``), else English: always one the bot writes in."""

    def __init__(
        self, settings: SettingsStore, guilds: GuildLookup, catalogs: Catalogs = PACKAGED
    ) -> None:
        self._settings = settings
        self._guilds = guilds
        self.catalogs = catalogs

    async def of(self, guild_id: int) -> str:
        chosen = (await self._settings.get(guild_id)).language
        guild = self._guilds.get_guild(guild_id)
        preferred = guild.preferred_locale.value if guild is not None else None
        return self.catalogs.supported(chosen or preferred)

    @asynccontextmanager
    async def speaking(self, guild_id: int) -> AsyncIterator[None]:
        """Write what is rendered inside the block in the server's language."""
        with use_locale(await self.of(guild_id), self.catalogs):
            yield
