"""Connected data sources: the protocol they share, and the registry of those configured.

A new source is a module implementing ``DataSource`` plus one line in ``configured`` (and an
entry in ``NEEDS`` naming its settings)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from bot.config import BUSINESS_REQUIRED, TIKTOK_REQUIRED, Settings
from bot.errors import UserFacingError
from bot.render import tiktok as wording
from bot.shards import OwnedGuilds
from bot.sources.base import DataSource, SourceJob, SourceKind
from bot.sources.tiktok_business import TikTokBusiness
from bot.sources.tiktok_display import TikTokDisplay
from bot.tiktok.link import TikTokLink
from bot.tiktok.notices import Notices
from storage import Account, Store

#: The settings each source needs, all together, before it is built.
NEEDS: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.TIKTOK_DISPLAY: TIKTOK_REQUIRED,
    SourceKind.TIKTOK_BUSINESS: BUSINESS_REQUIRED,
}


class Sources:
    """The configured sources by kind (none when nothing is configured)."""

    def __init__(self, *sources: DataSource) -> None:
        self._by_kind = {source.kind: source for source in sources}

    def __contains__(self, kind: object) -> bool:
        return kind in self._by_kind

    def __iter__(self) -> Iterator[DataSource]:
        return iter(self._by_kind.values())

    def __len__(self) -> int:
        return len(self._by_kind)

    def get(self, kind: SourceKind) -> DataSource:
        """The source, or an answer telling the user which settings the operator must set."""
        source = self._by_kind.get(kind)
        if source is None:
            names = [name.upper() for name in NEEDS[kind]]
            if kind is SourceKind.TIKTOK_BUSINESS:
                raise UserFacingError(wording.business_not_configured(names))
            raise UserFacingError(wording.not_configured(names))
        return source

    def jobs(self) -> list[SourceJob]:
        return [job for source in self for job in source.jobs()]

    async def start(self) -> None:
        for source in self:
            await source.start()

    async def close(self) -> None:
        for source in self:
            await source.close()


def configured(
    settings: Settings,
    *,
    store: Store,
    notices: Notices,
    clock: Callable[[], datetime],
    after_pull: Callable[[Account], None],
    guilds: OwnedGuilds,
) -> Sources:
    """The sources whose settings are all set."""
    sources: list[DataSource] = []
    if settings.tiktok_enabled:
        link = TikTokLink(
            settings,
            store=store,
            notices=notices,
            clock=clock,
            after_pull=after_pull,
            guilds=guilds,
        )
        sources.append(TikTokDisplay(settings, link))
    if settings.tiktok_business_enabled:
        business = TikTokBusiness(
            settings,
            store=store,
            notices=notices,
            clock=clock,
            after_pull=after_pull,
            guilds=guilds,
        )
        sources.append(business)
    return Sources(*sources)


__all__ = ["DataSource", "SourceJob", "SourceKind", "Sources", "configured"]
