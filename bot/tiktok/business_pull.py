"""Pulling accounts connected through TikTok's API for Business: its daily figures become the
days' snapshots (UTC dates as TikTok gives them), its video list the posts.

The first pull backfills the 60 days TikTok keeps; later ones ask again from two days before
the newest stored day, since TikTok fills and revises a day for 24-48 hours.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.analytics.audience import AudienceSnapshot, business_audience
from bot.analytics.vocabulary import SnapshotSource, SourceKind
from bot.render import tiktok as wording
from bot.shards import OwnedGuilds
from bot.tiktok.business import (
    LOOKBACK_DAYS,
    BusinessAccount,
    BusinessClient,
    BusinessDay,
    BusinessVideo,
)
from bot.tiktok.client import AccessTokenInvalid, TikTokError
from bot.tiktok.outcomes import LossReason
from bot.tiktok.pull import VIDEO_PAGES, NotConnected, disagree, pull_connected
from bot.tiktok.tokens import ConnectionLost, TokenKeeper
from bot.tiktok.vault import UnreadableToken
from storage import Account, Store
from storage.posts import PostRow
from storage.pulls import DaysWrite
from storage.snapshots import DayFigures

log = logging.getLogger(__name__)

# Days asked again before the newest stored one: TikTok's figures arrive 24-48 h late and a
# day can change meanwhile.
REVISED_DAYS = 2


@dataclass(frozen=True)
class BusinessReport:
    """What one pull stored: the days TikTok gave (oldest, newest), the newest total, and the
    days an uploaded export kept that differ from TikTok's figure by more than 1%."""

    first: date | None
    last: date | None
    followers: int | None
    write: DaysWrite
    disagreements: tuple[date, ...]


def figures(day: BusinessDay) -> DayFigures:
    return DayFigures(
        day=day.day,
        followers=day.followers,
        gained=day.gained,
        lost=day.lost,
        views=day.views,
        profile_views=day.profile_views,
        likes=day.likes,
        comments=day.comments,
        shares=day.shares,
    )


def _post_rows(videos: Sequence[BusinessVideo]) -> list[PostRow]:
    """The videos as posts, with TikTok's own figures the diagnosis reads: the followers each
    brought, its For You share, and how much of it was watched."""
    return [
        PostRow(
            post_id=video.id,
            posted_at=datetime.fromtimestamp(video.created, UTC) if video.created else None,
            title=video.caption,
            views=video.views,
            likes=video.likes,
            comments=video.comments,
            shares=video.shares,
            new_followers=video.new_followers,
            reach=video.reach,
            for_you_share=video.for_you_share,
            full_watch_rate=video.full_watch_rate,
            average_watch_seconds=video.average_watch_seconds,
        )
        for video in videos
    ]


def _audience(found: BusinessAccount) -> AudienceSnapshot | None:
    """The audience as of the newest day TikTok gave hourly activity for, with its genders and
    countries; None when TikTok gave none of them (accounts under 100 followers)."""
    active = [day for day in found.days if day.activity]
    if not active and not (found.audience.genders or found.audience.countries):
        return None
    newest = active[-1] if active else (found.days[-1] if found.days else None)
    if newest is None:
        return None
    try:
        snapshot = business_audience(
            newest.day,
            activity=[{"hour": hour, "count": count} for hour, count in newest.activity],
            genders=[{"gender": k, "percentage": v} for k, v in found.audience.genders.items()],
            countries=[
                {"country": k, "percentage": v} for k, v in found.audience.countries.items()
            ],
        )
    except ValueError as error:
        log.warning("TikTok's audience for @%s was unreadable: %s", found.username, error)
        return None
    return None if snapshot.empty else snapshot


def window(today: date, last_stored: date | None) -> tuple[date, date]:
    """The UTC days to ask for: from 60 days back (or two days before the newest stored day)
    to yesterday, the newest day TikTok can have."""
    earliest = today - timedelta(days=LOOKBACK_DAYS)
    end = today - timedelta(days=1)
    if last_stored is None:
        return earliest, end
    return max(earliest, min(last_stored, end) - timedelta(days=REVISED_DAYS)), end


class BusinessPuller:
    """Pulls one account or all Business-connected ones; alerts are evaluated after each."""

    def __init__(
        self,
        *,
        store: Store,
        client: BusinessClient,
        tokens: TokenKeeper,
        clock: Callable[[], datetime],
        after_pull: Callable[[Account], None],
        guilds: OwnedGuilds,
    ) -> None:
        self._store, self._client, self._tokens = store, client, tokens
        self._clock, self._after_pull, self._guilds = clock, after_pull, guilds
        # Writes one at a time, as the Display pull does: SQLite has one writer.
        self._writing = asyncio.Lock()

    async def pull(self, account: Account) -> BusinessReport:
        connection = await self._store.connections.get(account.id)
        if connection is None or not connection.connected:
            raise NotConnected(account.handle)
        if connection.api is not SourceKind.TIKTOK_BUSINESS:
            raise NotConnected(account.handle)
        business_id = connection.tokens.open_id
        last = await self._store.snapshots.last_day(account.id, SnapshotSource.BUSINESS)
        start, end = window(self._clock().astimezone(UTC).date(), last)
        access = await self._tokens.access_token(account, connection)
        try:
            found, videos = await self._read(access, business_id, start, end)
        except AccessTokenInvalid:
            access = await self._tokens.access_token(account, connection, force_refresh=True)
            try:
                found, videos = await self._read(access, business_id, start, end)
            except AccessTokenInvalid:
                await self._tokens.lose(account, LossReason.TOKEN_REFUSED)
                raise ConnectionLost(account.handle, LossReason.TOKEN_REFUSED) from None
        days = [figures(day) for day in found.days if start <= day.day <= end]
        audience = _audience(found)
        async with self._writing:
            write = await self._store.pulls.record_days(
                account.id,
                days,
                _post_rows(videos),
                source=SnapshotSource.BUSINESS,
                at=self._clock(),
            )
            if audience is not None:
                await self._store.audience.replace(account.id, audience)
        noted = tuple(self._note_disagreements(account, days, write))
        self._after_pull(account)
        return BusinessReport(
            first=days[0].day if days else None,
            last=days[-1].day if days else None,
            followers=next((d.followers for d in reversed(days) if d.followers is not None), None),
            write=write,
            disagreements=noted,
        )

    async def backfill(self, account: Account) -> str | None:
        """The first pull, right after consent: what it stored, for the member's message."""
        try:
            report = await self.pull(account)
        except (TikTokError, ConnectionLost, NotConnected, UnreadableToken) as error:
            log.warning(
                "Backfilling @%s from TikTok's API for Business failed: %s", account.handle, error
            )
            return wording.backfill_later()
        except Exception:
            # The grant is stored already: the member must hear so, and the next pull retries.
            log.exception("Backfilling @%s from TikTok's API for Business failed", account.handle)
            return wording.backfill_later()
        if report.first is None or report.last is None:
            return wording.backfill_later()
        stored = report.write.days.new + report.write.days.revised + report.write.days.unchanged
        return wording.backfilled(stored, report.first, report.last)

    async def pull_all(self) -> int:
        """Pull every Business-connected account of the owned guilds; returns how many."""
        return await pull_connected(
            self._store, self._guilds, SourceKind.TIKTOK_BUSINESS, self.pull
        )

    async def _read(
        self, access: str, business_id: str, start: date, end: date
    ) -> tuple[BusinessAccount, list[BusinessVideo]]:
        found = await self._client.account(access, business_id, start=start, end=end)
        videos = await self._client.videos(access, business_id, max_pages=VIDEO_PAGES)
        return found, videos

    @staticmethod
    def _note_disagreements(
        account: Account, days: Sequence[DayFigures], write: DaysWrite
    ) -> list[date]:
        """Days an uploaded export kept whose total is more than 1% off TikTok's: logged."""
        noted = []
        for day in days:
            export = write.days.kept.get(day.day)
            if export is None or day.followers is None or not disagree(export, day.followers):
                continue
            log.info(
                "@%s: export gives %d followers for %s, TikTok's API for Business %d (export kept)",
                account.handle,
                export,
                day.day,
                day.followers,
            )
            noted.append(day.day)
        return noted
