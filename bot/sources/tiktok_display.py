"""TikTok's Login Kit and Display API as a data source: an adapter over ``bot.tiktok``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from bot.config import CALLBACK_PATH, Settings
from bot.sources.base import SourceJob, SourceKind
from bot.tiktok.link import TikTokLink
from bot.tiktok.oauth import Connector, Page
from bot.tiktok.outcomes import Revocation
from bot.tiktok.pull import Puller, PullReport
from storage import Account

log = logging.getLogger(__name__)

PULL_JOB = "tiktok-pull"


class NotStarted(RuntimeError):
    """The source was used before ``start`` opened its session."""


class TikTokDisplay:
    """Consents through Login Kit; pulls each connected account every
    ``TIKTOK_PULL_EVERY_HOURS``."""

    kind = SourceKind.TIKTOK_DISPLAY
    callback_path = CALLBACK_PATH

    def __init__(self, settings: Settings, link: TikTokLink) -> None:
        self._settings, self._link = settings, link

    async def start(self) -> None:
        await self._link.start()
        if self._settings.redirect_uri.startswith("http://"):
            log.warning("PUBLIC_URL is plain http: TikTok only redirects to https addresses")

    async def close(self) -> None:
        await self._link.close()

    async def consent_link(self, account: Account, user_id: int) -> str:
        return await self._connector().consent_url(account, user_id)

    async def complete_consent(self, query: Mapping[str, str]) -> Page:
        return await self._connector().complete(query)

    async def pull(self, account: Account) -> PullReport:
        return await self._puller().pull(account)

    async def disconnect(self, account: Account) -> Revocation | None:
        return await self._connector().disconnect(account)

    def jobs(self) -> list[SourceJob]:
        every = timedelta(hours=self._settings.tiktok_pull_every_hours)
        return [SourceJob(PULL_JOB, every, self._link.pull_all)]

    def _connector(self) -> Connector:
        if self._link.connector is None:
            raise NotStarted(self.kind)
        return self._link.connector

    def _puller(self) -> Puller:
        if self._link.puller is None:
            raise NotStarted(self.kind)
        return self._link.puller
