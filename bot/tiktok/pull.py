"""Pulling connected accounts: user info becomes the day's snapshot, the video list the posts."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.analytics.vocabulary import SourceKind
from bot.clock import local_today
from bot.shards import OwnedGuilds
from bot.tiktok.client import AccessTokenInvalid, TikTokClient, TikTokError, UserInfo, Video
from bot.tiktok.outcomes import LossReason
from bot.tiktok.tokens import ConnectionLost, TokenKeeper
from bot.tiktok.vault import UnreadableToken
from storage import Account, Store
from storage.posts import PostRow
from storage.pulls import Observation, PullWrite

log = logging.getLogger(__name__)

# The newest 100 videos: enough for cadence and reach over any window /why looks at, and a
# bounded cost per account against the per-minute limit.
VIDEO_PAGES = 5
# Accounts pulled at once; the rate limiter, not this, sets the pace against TikTok.
PULL_CONCURRENCY = 8


class NotConnected(Exception):
    """The account has no working TikTok connection."""


@dataclass(frozen=True)
class PullReport:
    day: date
    followers: int
    write: PullWrite


def observation(day: date, now: datetime, info: UserInfo, videos: Sequence[Video]) -> Observation:
    views = [video.views for video in videos if video.views is not None]
    return Observation(
        day=day,
        observed_at=now,
        followers=info.followers,
        following=info.following,
        likes_total=info.likes,
        videos=info.videos,
        video_views_total=sum(views) if videos else None,
    )


def pulled_posts(videos: Sequence[Video]) -> list[PostRow]:
    return [
        PostRow(
            post_id=video.id,
            posted_at=datetime.fromtimestamp(video.created, UTC) if video.created else None,
            title=video.title,
            views=video.views,
            likes=video.likes,
            comments=video.comments,
            shares=video.shares,
        )
        for video in videos
    ]


class Puller:
    """Pulls one account or all connected ones; alerts are evaluated after each pull."""

    def __init__(
        self,
        *,
        store: Store,
        client: TikTokClient,
        tokens: TokenKeeper,
        clock: Callable[[], datetime],
        after_pull: Callable[[Account], None],
        guilds: OwnedGuilds,
    ) -> None:
        """``guilds``: whose accounts ``pull_all`` pulls (the other processes pull the rest)."""
        self._store, self._client, self._tokens = store, client, tokens
        self._guilds = guilds
        self._clock, self._after_pull = clock, after_pull
        # Concurrent pulls overlap their requests but write one at a time: SQLite has one
        # writer, and a queue of them waiting on its lock outlasts its busy timeout.
        self._writing = asyncio.Lock()

    async def pull(self, account: Account) -> PullReport:
        connection = await self._store.connections.get(account.id)
        if connection is None or not connection.connected:
            raise NotConnected(account.handle)
        if connection.api is not SourceKind.TIKTOK_DISPLAY:
            raise NotConnected(account.handle)
        access = await self._tokens.access_token(account, connection)
        try:
            info, videos = await self._read(access)
        except AccessTokenInvalid:
            access = await self._tokens.access_token(account, connection, force_refresh=True)
            try:
                info, videos = await self._read(access)
            except AccessTokenInvalid:
                await self._tokens.lose(account, LossReason.TOKEN_REFUSED)
                raise ConnectionLost(account.handle, LossReason.TOKEN_REFUSED) from None
        now = self._clock()
        settings = await self._store.settings.get(account.guild_id)
        day = local_today(settings.timezone, now)
        async with self._writing:
            write = await self._store.pulls.record(
                account.id, observation(day, now, info, videos), pulled_posts(videos)
            )
        if write.export_followers is not None and disagree(write.export_followers, info.followers):
            log.info(
                "@%s: export gives %d followers for %s, TikTok's API %d (export kept)",
                account.handle,
                write.export_followers,
                day,
                info.followers,
            )
        self._after_pull(account)
        return PullReport(day, info.followers, write)

    async def pull_all(self) -> int:
        """Pull every Display-connected account of the owned guilds; returns how many."""
        return await pull_connected(self._store, self._guilds, SourceKind.TIKTOK_DISPLAY, self.pull)

    async def _read(self, access: str) -> tuple[UserInfo, list[Video]]:
        info = await self._client.user_info(access)
        videos = await self._client.videos(access, max_pages=VIDEO_PAGES)
        return info, videos


async def pull_connected(
    store: Store,
    guilds: OwnedGuilds,
    api: SourceKind,
    pull: Callable[[Account], Awaitable[object]],
) -> int:
    """Pull every account of the owned guilds connected through ``api``, a few at a time (the
    rate limiter, not this, sets the pace); one account's failure is logged and the round
    goes on. Returns how many were pulled."""
    connected = set(await store.connections.connected_accounts(api))
    queue: asyncio.Queue[Account] = asyncio.Queue()
    for account in await store.accounts.all():
        if account.id in connected and guilds.owns(account.guild_id):
            queue.put_nowait(account)
    pulled, queue_size = 0, queue.qsize()

    async def work() -> None:
        nonlocal pulled
        while not queue.empty():
            account = queue.get_nowait()
            try:
                await pull(account)
                pulled += 1
            except (NotConnected, ConnectionLost):
                continue
            except TikTokError as error:
                log.warning("Pulling @%s from TikTok failed: %s", account.handle, error)
            except UnreadableToken:
                log.error("The TikTok tokens of @%s are sealed under another key", account.handle)

    await asyncio.gather(*(work() for _ in range(PULL_CONCURRENCY)))
    log.info("Pulled %d of %d accounts connected through %s", pulled, queue_size, api)
    return pulled


def disagree(export_followers: int, pulled: int) -> bool:
    """Whether a pulled follower total is more than 1% off an export's for the same day."""
    return abs(pulled - export_followers) > export_followers / 100
