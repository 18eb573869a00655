"""The TikTok connection of a running bot: one HTTP session, one rate limiter, one client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import aiohttp

from bot.config import Settings
from bot.shards import OwnedGuilds
from bot.tiktok.client import TikTokClient
from bot.tiktok.notices import Notices
from bot.tiktok.oauth import Connector
from bot.tiktok.pull import Puller
from bot.tiktok.ratelimit import HEADROOM, RateLimiter
from bot.tiktok.tokens import TokenKeeper
from bot.tiktok.vault import KeysDontFit, TokenVault, UnreadableToken
from storage import Account, Store
from storage.connections import StoredSeal

# TikTok answers in well under a second; a stuck connection must not hold a pull for long.
TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5)


class TikTokLink:
    """Built when the settings configure TikTok; ``start`` opens the session on the loop."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: Store,
        notices: Notices,
        clock: Callable[[], datetime],
        after_pull: Callable[[Account], None],
        guilds: OwnedGuilds,
        limiter: RateLimiter | None = None,
    ) -> None:
        assert settings.tiktok_client_secret is not None
        assert settings.token_encryption_keys is not None
        assert settings.tiktok_client_key is not None
        self._settings, self._store, self._notices = settings, store, notices
        self._clock, self._after_pull, self._guilds = clock, after_pull, guilds
        # TikTok's limits are the app's: each process keeps to its share of them.
        self._limiter = limiter or RateLimiter(headroom=HEADROOM * guilds.share)
        self._vault = TokenVault(settings.token_encryption_keys)
        self._session: aiohttp.ClientSession | None = None
        self.connector: Connector | None = None
        self.puller: Puller | None = None

    async def start(self) -> None:
        """Refuse to start with keys that cannot read the stored tokens (every connection
        would otherwise look lost), then open the session."""
        sealed = await self._store.connections.sealed()
        unreadable = sum(not readable(self._vault, row) for row in sealed)
        if unreadable:
            raise KeysDontFit(unreadable, len(sealed))
        settings = self._settings
        assert settings.tiktok_client_key is not None
        assert settings.tiktok_client_secret is not None
        self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        client = TikTokClient(
            session=self._session,
            limiter=self._limiter,
            clock=self._clock,
            auth_url=settings.tiktok_auth_url,
            api_base_url=settings.tiktok_api_base_url,
            client_key=settings.tiktok_client_key,
            client_secret=settings.tiktok_client_secret,
            redirect_uri=settings.redirect_uri,
        )
        tokens = TokenKeeper(
            connections=self._store.connections,
            client=client,
            vault=self._vault,
            notices=self._notices,
            clock=self._clock,
        )
        self.connector = Connector(
            store=self._store,
            client=client,
            vault=self._vault,
            notices=self._notices,
            clock=self._clock,
        )
        self.puller = Puller(
            store=self._store,
            client=client,
            tokens=tokens,
            clock=self._clock,
            after_pull=self._after_pull,
            guilds=self._guilds,
        )

    async def pull_all(self) -> int:
        """Pull every connected account (the scheduler's job); 0 before ``start``."""
        return await self.puller.pull_all() if self.puller is not None else 0

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def readable(vault: TokenVault, row: StoredSeal) -> bool:
    try:
        vault.open(row.access_token)
        vault.open(row.refresh_token)
    except UnreadableToken:
        return False
    return True
