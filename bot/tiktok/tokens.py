"""Access tokens kept fresh: refreshed before they expire, rotations stored, losses told once.

TikTok may rotate the refresh token on every refresh, the old one stopping at once. So a
connection is refreshed by one caller at a time in every process (a claim stored on the
connection), a refused refresh is checked against the stored token before the connection is
given up, and a refresh whose answer was lost is not sent again while the access token works.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.render import tiktok as wording
from bot.tiktok.client import AnswerLost, GrantRejected, TikTokUnavailable, Tokens
from bot.tiktok.notices import Notices
from bot.tiktok.outcomes import LossReason
from bot.tiktok.vault import TokenVault
from storage import Account
from storage.connections import Connection, ConnectionStore, SealedTokens

log = logging.getLogger(__name__)

# Refresh this long before the access token expires, so a pull never starts with one that
# lapses mid-way.
ACCESS_MARGIN = timedelta(minutes=10)
# A refresh token this close to its end is announced, so someone reconnects in time.
EXPIRY_NOTICE = timedelta(days=7)
# How long a refresh claim holds: longer than a refresh with every retry takes.
CLAIM = timedelta(minutes=3)
# Waiting for another process's refresh: this many looks, this far apart (seconds).
CLAIM_LOOKS = 600
CLAIM_PAUSE = 0.1


class ConnectionLost(Exception):
    """TikTok no longer accepts the account's tokens; it has been marked disconnected."""

    def __init__(self, handle: str, reason: LossReason) -> None:
        super().__init__(handle)
        self.reason = reason


class Refresher(Protocol):
    """The one thing a keeper asks of a TikTok API's client; raises ``GrantRejected`` when the
    refresh token no longer works and ``AnswerLost`` when the answer never came."""

    async def refresh(self, refresh_token: str) -> Tokens: ...


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
        client: Refresher,
        vault: TokenVault,
        notices: Notices,
        clock: Callable[[], datetime],
        pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._connections, self._client, self._vault = connections, client, vault
        self._notices, self._clock, self._pause = notices, clock, pause
        self._refreshing: dict[int, asyncio.Lock] = {}

    async def access_token(
        self, account: Account, connection: Connection, *, force_refresh: bool = False
    ) -> str:
        """The access token in clear, refreshed first when it is close to expiry (or refused).

        After a lost refresh answer the access token is used to its very end: refreshing again
        sends a refresh token TikTok may already have spent."""
        tokens = connection.tokens
        margin = ACCESS_MARGIN if connection.refresh_unanswered_at is None else timedelta(0)
        if not force_refresh and tokens.access_expires_at - self._clock() > margin:
            await self._announce_expiry(account, tokens.refresh_expires_at)
            return self._vault.open(tokens.access_token)
        lock = self._refreshing.setdefault(account.id, asyncio.Lock())
        async with lock:
            return await self._refresh(account, stale=tokens.access_token, refused=force_refresh)

    async def lose(self, account: Account, reason: LossReason) -> None:
        """Mark the connection disconnected and, the first time only, say so."""
        if await self._connections.mark_disconnected(account.id, reason.value):
            log.warning("TikTok connection of @%s lost: %s", account.handle, reason.value)
            async with self._notices.speaking(account.guild_id):
                text = wording.lost_notice(account.handle, reason)
            await self._notices.tell_account(account, text)

    async def _refresh(self, account: Account, *, stale: str, refused: bool) -> str:
        """Refresh unless another caller already replaced ``stale``; wait while one is at it.
        ``refused``: TikTok refused ``stale``, so it is no fallback if the answer is lost."""
        for _ in range(CLAIM_LOOKS):
            current = await self._connections.get(account.id)
            if current is None or not current.connected:
                # Given up meanwhile, by another caller that has told why.
                reasons = {reason.value: reason for reason in LossReason}
                why = reasons.get(current.reason or "") if current else None
                raise ConnectionLost(account.handle, why or LossReason.REFUSED)
            if current.tokens.access_token != stale:
                return self._vault.open(current.tokens.access_token)
            claim = secrets.token_hex(16)
            now = self._clock()
            claimed = await self._connections.claim_refresh(
                account.id, claim, now=now, until=now + CLAIM
            )
            if claimed is None:
                await self._pause(CLAIM_PAUSE)
                continue
            if claimed.tokens.access_token != stale:
                await self._connections.release_refresh(account.id, claim)
                return self._vault.open(claimed.tokens.access_token)
            return await self._refresh_claimed(account, claimed, claim, refused=refused)
        raise TikTokUnavailable("refresh_busy", 0)

    async def _refresh_claimed(
        self, account: Account, claimed: Connection, claim: str, *, refused: bool
    ) -> str:
        spent = claimed.tokens.refresh_token
        try:
            fresh = await self._client.refresh(self._vault.open(spent))
        except GrantRejected:
            await self._connections.release_refresh(account.id, claim)
            current = await self._connections.get(account.id)
            if current is not None and current.connected and current.tokens.refresh_token != spent:
                # Refreshed meanwhile by a process whose claim had lapsed: its tokens stand.
                return self._vault.open(current.tokens.access_token)
            reason = (
                LossReason.REFUSED
                if claimed.refresh_unanswered_at is None
                else LossReason.ANSWER_LOST
            )
            await self.lose(account, reason)
            raise ConnectionLost(account.handle, reason) from None
        except AnswerLost:
            now = self._clock()
            await self._connections.release_refresh(account.id, claim, unanswered_at=now)
            log.warning("A TikTok refresh for @%s got no answer; not sent again", account.handle)
            if not refused and claimed.tokens.access_expires_at > now:
                return self._vault.open(claimed.tokens.access_token)
            raise
        except BaseException:
            await self._connections.release_refresh(account.id, claim)
            raise
        sealed = seal(self._vault, fresh)
        if not await self._connections.finish_refresh(account.id, spent=spent, tokens=sealed):
            log.warning("Refreshed tokens of @%s arrived after newer ones", account.handle)
        else:
            log.info("Refreshed the TikTok tokens of @%s", account.handle)
        await self._announce_expiry(account, fresh.refresh_expires_at)
        return fresh.access_token

    async def _announce_expiry(self, account: Account, refresh_expires_at: datetime) -> None:
        if refresh_expires_at - self._clock() > EXPIRY_NOTICE:
            return
        if await self._connections.note_expiry_notice(account.id, refresh_expires_at):
            async with self._notices.speaking(account.guild_id):
                text = wording.expiry_notice(account.handle, refresh_expires_at)
            await self._notices.tell_account(account, text)
