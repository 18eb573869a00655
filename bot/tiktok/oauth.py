"""Connecting an account: the consent link, and TikTok's redirect back to the bot.

The ``state`` is unguessable, works once, expires after ten minutes and is bound to the guild,
the account and the member who asked; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.analytics.handles import InvalidHandle, normalise_handle
from bot.analytics.vocabulary import SourceKind
from bot.i18n import _
from bot.render import tiktok as wording
from bot.tiktok.client import TikTokError, Tokens
from bot.tiktok.notices import Notices
from bot.tiktok.outcomes import Revocation
from bot.tiktok.tokens import seal
from bot.tiktok.vault import TokenVault, UnreadableToken
from storage import Account, Store

log = logging.getLogger(__name__)

STATE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class Page:
    """What the browser is shown after TikTok sends it back."""

    status: int
    title: str
    text: str


class ConsentClient(Protocol):
    """What a connector asks of a TikTok API's client."""

    def authorize_url(self, state: str) -> str: ...

    async def exchange_code(self, code: str) -> Tokens: ...

    async def username(self, tokens: Tokens) -> str: ...

    async def refresh(self, refresh_token: str) -> Tokens: ...

    async def revoke(self, token: str) -> None: ...


# After a connection is stored: more work for the new connection (the Business backfill), and
# a sentence about it for the member, or None.
AfterConnect = Callable[[Account], Awaitable[str | None]]


def state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


class Connector:
    """Starts and finishes TikTok consents for one API; revokes its connections."""

    def __init__(
        self,
        *,
        store: Store,
        client: ConsentClient,
        vault: TokenVault,
        notices: Notices,
        clock: Callable[[], datetime],
        api: SourceKind = SourceKind.TIKTOK_DISPLAY,
        after_connect: AfterConnect | None = None,
    ) -> None:
        self._store, self._client, self._vault = store, client, vault
        self._notices, self._clock = notices, clock
        self._api, self._after_connect = api, after_connect

    async def consent_url(self, account: Account, user_id: int) -> str:
        state = secrets.token_urlsafe(32)
        now = self._clock()
        await self._store.oauth_states.add(
            state_hash(state),
            guild_id=account.guild_id,
            account_id=account.id,
            user_id=user_id,
            now=now,
            expires_at=now + STATE_TTL,
        )
        return self._client.authorize_url(state)

    async def complete(self, query: Mapping[str, str]) -> Page:
        """Handle the redirect: check the state, exchange the code, check the username."""
        state = query.get("state", "")
        binding = await self._store.oauth_states.take(state_hash(state)) if state else None
        if binding is None or binding.expires_at <= self._clock():
            return Page(400, _("Link expired"), _(wording.STALE_LINK))
        account = next(
            (
                candidate
                for candidate in await self._store.accounts.list(binding.guild_id)
                if candidate.id == binding.account_id
            ),
            None,
        )
        if account is None:
            return Page(410, _("Account removed"), _(wording.STALE_LINK))
        async with self._notices.speaking(account.guild_id):
            return await self._connect(account, binding.user_id, query)

    async def _connect(self, account: Account, user: int, query: Mapping[str, str]) -> Page:
        """Exchange the code and check the username; the page and the DM say how it went."""
        # Login Kit sends ``code``; the API for Business's page may send ``auth_code``.
        code = query.get("code") or query.get("auth_code")
        if "error" in query or not code:
            await self._notices.tell_user(user, wording.declined(account.handle))
            return Page(200, _("Not connected"), wording.declined(account.handle))
        try:
            tokens = await self._client.exchange_code(code)
            username = await self._client.username(tokens)
        except TikTokError as error:
            log.warning("TikTok consent for @%s failed: %s", account.handle, error)
            await self._notices.tell_user(user, wording.connect_failed(account.handle))
            return Page(502, _("Not connected"), wording.connect_failed(account.handle))
        if _handle(username) != account.handle:
            # TikTok revokes a user's grant as a whole: not while another server uses it.
            shared = await self._store.connections.in_use(tokens.open_id, self._api)
            if not shared:
                await self._revoke(tokens.access_token, account)
            text = wording.wrong_account(account.handle, username, revoked=not shared)
            await self._notices.tell_user(user, text)
            return Page(403, _("Wrong TikTok account"), text)
        await self._store.connections.save(
            account.id,
            seal(self._vault, tokens),
            connected_by=user,
            now=self._clock(),
            api=self._api,
        )
        log.info("@%s connected to TikTok (%s) by user %s", account.handle, self._api, user)
        text = wording.connected(account.handle)
        if self._after_connect is not None:
            more = await self._after_connect(account)
            text = f"{text} {more}" if more else text
        await self._notices.tell_user(user, text)
        return Page(200, _("Connected"), text)

    async def disconnect(self, account: Account) -> Revocation | None:
        """Forget the tokens, and revoke them at TikTok unless another server's connection uses
        the same TikTok account (TikTok revokes a user's grant as a whole). Revoked whatever
        the connection's state, when the token can be read; None when there was none."""
        connection = await self._store.connections.get(account.id)
        if connection is None or connection.api is not self._api:
            return None
        await self._store.connections.forget(account.id)
        log.info("@%s disconnected from TikTok", account.handle)
        if await self._store.connections.in_use(connection.tokens.open_id, self._api):
            return Revocation.SHARED
        try:
            access = self._vault.open(connection.tokens.access_token)
            refresh = self._vault.open(connection.tokens.refresh_token)
        except UnreadableToken:
            log.warning("The TikTok token of @%s is unreadable: not revoked", account.handle)
            return Revocation.FAILED
        try:
            if connection.tokens.access_expires_at <= self._clock():
                # Expired: a fresh access token still revokes the grant (the row is gone, so
                # no one else spends this refresh token meanwhile).
                access = (await self._client.refresh(refresh)).access_token
            await self._client.revoke(access)
        except TikTokError as error:
            return self._not_revoked(account, error)
        return Revocation.REVOKED

    @staticmethod
    def _not_revoked(account: Account, error: TikTokError) -> Revocation:
        log.warning("Could not revoke the TikTok access of @%s: %s", account.handle, error)
        return Revocation.FAILED

    async def _revoke(self, access_token: str, account: Account) -> None:
        try:
            await self._client.revoke(access_token)
        except TikTokError as error:
            self._not_revoked(account, error)


def _handle(username: str) -> str:
    try:
        return normalise_handle(username)
    except InvalidHandle:
        return ""
