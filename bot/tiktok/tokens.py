"""Access tokens kept fresh: refreshed before they expire, rotations stored, losses told once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.render import tiktok as wording
from bot.tiktok.client import GrantRejected, TikTokClient, Tokens
from bot.tiktok.notices import Notices
from bot.tiktok.vault import TokenVault, UnreadableToken
from storage import Account
from storage.connections import Connection, ConnectionStore, SealedTokens

log = logging.getLogger(__name__)

# Refresh this long before the access token expires, so a pull never starts with one that
# lapses mid-way.
ACCESS_MARGIN = timedelta(minutes=10)
# A refresh token this close to its end is announced, so someone reconnects in time.
EXPIRY_NOTICE = timedelta(days=7)


class ConnectionLost(Exception):
    """TikTok no longer accepts the account's tokens; it has been marked disconnected."""


def seal(vault: TokenVault, tokens: Tokens) -> SealedTokens:
    return SealedTokens(
        open_id=tokens.open_id,
        scopes=tokens.scopes,
        access_token=vault.seal(tokens.access_token),
        access_expires_at=tokens.access_expires_at,
        refresh_token=vault.seal(tokens.refresh_token),
        refresh_expires_at=tokens.refresh_expires_at,
    )


class TokenKeeper:
    """Hands out a working access token for a connection, refreshing it when needed."""

    def __init__(
        self,
        *,
        connections: ConnectionStore,
        client: TikTokClient,
        vault: TokenVault,
        notices: Notices,
        clock: Callable[[], datetime],
    ) -> None:
        self._connections, self._client, self._vault = connections, client, vault
        self._notices, self._clock = notices, clock

    async def access_token(
        self, account: Account, connection: Connection, *, force_refresh: bool = False
    ) -> str:
        """The access token in clear, refreshed first when it is close to expiry (or refused)."""
        tokens = connection.tokens
        try:
            if not force_refresh and tokens.access_expires_at - self._clock() > ACCESS_MARGIN:
                await self._announce_expiry(account, tokens.refresh_expires_at)
                return self._vault.open(tokens.access_token)
            refresh_token = self._vault.open(tokens.refresh_token)
        except UnreadableToken:
            await self.lose(account, "tokens sealed under another TOKEN_ENCRYPTION_KEY")
            raise ConnectionLost(account.handle) from None
        try:
            fresh = await self._client.refresh(refresh_token)
        except GrantRejected:
            await self.lose(account, "refresh refused by TikTok (revoked or expired)")
            raise ConnectionLost(account.handle) from None
        await self._connections.replace_tokens(account.id, seal(self._vault, fresh))
        log.info("Refreshed the TikTok tokens of @%s", account.handle)
        await self._announce_expiry(account, fresh.refresh_expires_at)
        return fresh.access_token

    async def lose(self, account: Account, reason: str) -> None:
        """Mark the connection disconnected and, the first time only, say so."""
        if await self._connections.mark_disconnected(account.id, reason):
            log.warning("TikTok connection of @%s lost: %s", account.handle, reason)
            await self._notices.tell_account(account, wording.revoked_notice(account.handle))

    async def _announce_expiry(self, account: Account, refresh_expires_at: datetime) -> None:
        if refresh_expires_at - self._clock() > EXPIRY_NOTICE:
            return
        if await self._connections.note_expiry_notice(account.id, refresh_expires_at):
            await self._notices.tell_account(
                account, wording.expiry_notice(account.handle, refresh_expires_at)
            )
