"""Telling people in Discord how their TikTok connection went, in their server's language;
never fatal."""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from typing import Protocol

import discord

from bot.i18n.servers import ServerLanguages
from storage import Account, Store

log = logging.getLogger(__name__)


class Notices(Protocol):
    async def tell_user(self, user_id: int, text: str) -> None: ...

    async def tell_account(self, account: Account, text: str) -> None: ...

    def speaking(self, guild_id: int) -> AbstractAsyncContextManager[None]:
        """Word the notices written inside the block in the server's language."""
        ...


class DiscordNotices:
    """DMs a user; an account's notices go to its owner, else the alert channel, else whoever
    connected it."""

    def __init__(self, client: discord.Client, store: Store, languages: ServerLanguages) -> None:
        self._client, self._store = client, store
        self.speaking = languages.speaking

    async def tell_user(self, user_id: int, text: str) -> None:
        try:
            channel = await self._client.create_dm(discord.Object(id=user_id))
            await channel.send(text)
        except discord.HTTPException as error:
            log.warning("Could not DM user %s about TikTok: %s", user_id, error.status)

    async def tell_account(self, account: Account, text: str) -> None:
        if account.owner_id is not None:
            await self.tell_user(account.owner_id, text)
            return
        settings = await self._store.settings.get(account.guild_id)
        if settings.alert_channel_id is not None:
            try:
                await self._client.get_partial_messageable(settings.alert_channel_id).send(text)
                return
            except discord.HTTPException as error:
                log.warning("Could not post a TikTok notice for @%s: %s", account.handle, error)
        connection = await self._store.connections.get(account.id)
        if connection is not None:
            await self.tell_user(connection.connected_by, text)
