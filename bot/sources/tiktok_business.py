"""TikTok's API for Business ("TikTok Accounts") as a data source: 60 days of daily gained,
lost and totals at once, then a pull every ``TIKTOK_PULL_EVERY_HOURS``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

import aiohttp

from bot.config import BUSINESS_CALLBACK_PATH, Settings
from bot.shards import OwnedGuilds
from bot.sources.base import SourceJob, SourceKind
from bot.tiktok.business import BusinessClient
from bot.tiktok.business_pull import BusinessPuller, BusinessReport
from bot.tiktok.link import TIMEOUT, readable
from bot.tiktok.notices import Notices
from bot.tiktok.oauth import Connector, Page
from bot.tiktok.outcomes import Revocation
from bot.tiktok.ratelimit import HEADROOM, RateLimiter
from bot.tiktok.tokens import TokenKeeper
from bot.tiktok.vault import KeysDontFit, TokenVault
from storage import Account, Store

log = logging.getLogger(__name__)

PULL_JOB = "tiktok-business-pull"


class NotStarted(RuntimeError):
    """The source was used before ``start`` opened its session."""


class TikTokBusiness:
    """Consents on TikTok's authorization page for the Business app; backfills on connect."""

    kind = SourceKind.TIKTOK_BUSINESS
    callback_path = BUSINESS_CALLBACK_PATH

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
        assert settings.token_encryption_keys is not None
        self._settings, self._store, self._notices = settings, store, notices
        self._clock, self._after_pull, self._guilds = clock, after_pull, guilds
        # The app's limits are shared by every process: each keeps to its share of them.
        self._limiter = limiter or RateLimiter(
            limit=settings.tiktok_business_requests_per_minute, headroom=HEADROOM * guilds.share
        )
        self._vault = TokenVault(settings.token_encryption_keys)
        self._session: aiohttp.ClientSession | None = None
        self._connector: Connector | None = None
        self._puller: BusinessPuller | None = None

    async def start(self) -> None:
        """Refuse to start with keys that cannot read the stored tokens, then open the session."""
        sealed = await self._store.connections.sealed()
        unreadable = sum(not readable(self._vault, row) for row in sealed)
        if unreadable:
            raise KeysDontFit(unreadable, len(sealed))
        settings = self._settings
        assert settings.tiktok_business_client_id is not None
        assert settings.tiktok_business_client_secret is not None
        if settings.business_redirect_uri.startswith("http://"):
            log.warning("PUBLIC_URL is plain http: TikTok only redirects to https addresses")
        self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        client = BusinessClient(
            session=self._session,
            limiter=self._limiter,
            clock=self._clock,
            auth_url=settings.tiktok_business_auth_url,
            api_base_url=settings.tiktok_business_api_base_url,
            client_id=settings.tiktok_business_client_id,
            client_secret=settings.tiktok_business_client_secret,
            redirect_uri=settings.business_redirect_uri,
        )
        tokens = TokenKeeper(
            connections=self._store.connections,
            client=client,
            vault=self._vault,
            notices=self._notices,
            clock=self._clock,
        )
        self._puller = BusinessPuller(
            store=self._store,
            client=client,
            tokens=tokens,
            clock=self._clock,
            after_pull=self._after_pull,
            guilds=self._guilds,
        )
        self._connector = Connector(
            store=self._store,
            client=client,
            vault=self._vault,
            notices=self._notices,
            clock=self._clock,
            api=self.kind,
            after_connect=self._puller.backfill,
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def consent_link(self, account: Account, user_id: int) -> str:
        return await self._started_connector().consent_url(account, user_id)

    async def complete_consent(self, query: Mapping[str, str]) -> Page:
        return await self._started_connector().complete(query)

    async def pull(self, account: Account) -> BusinessReport:
        return await self._started_puller().pull(account)

    async def disconnect(self, account: Account) -> Revocation | None:
        return await self._started_connector().disconnect(account)

    async def pull_all(self) -> int:
        """Pull every Business-connected account (the scheduler's job); 0 before ``start``."""
        return await self._puller.pull_all() if self._puller is not None else 0

    def jobs(self) -> list[SourceJob]:
        every = timedelta(hours=self._settings.tiktok_pull_every_hours)
        return [SourceJob(PULL_JOB, every, self.pull_all)]

    def _started_connector(self) -> Connector:
        if self._connector is None:
            raise NotStarted(self.kind)
        return self._connector

    def _started_puller(self) -> BusinessPuller:
        if self._puller is None:
            raise NotStarted(self.kind)
        return self._puller
