"""What each TikTok pull saw, stored with its effects in one transaction; ``store.pulls``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.analytics.vocabulary import SnapshotSource
from storage._db import Database, as_utc
from storage.connections import ConnectionStore
from storage.posts import PostRow, PostStore
from storage.schema import tiktok_observations
from storage.snapshots import DayFigures, DaysKept, SnapshotStore


@dataclass(frozen=True)
class Observation:
    """One pull's user info (and the listed videos' summed views) on the guild's day."""

    day: date
    observed_at: datetime
    followers: int
    following: int
    likes_total: int
    videos: int
    video_views_total: int | None


@dataclass(frozen=True)
class PullWrite:
    """What storing a pull did. ``export_followers``: the uploaded export's figure for the day,
    which won over the observation."""

    export_followers: int | None
    views_estimated: int | None
    posts_new: int
    posts_updated: int


@dataclass(frozen=True)
class DaysWrite:
    """What storing a pull of daily figures did: the days, and the posts."""

    days: DaysKept
    posts_new: int
    posts_updated: int


class PullStore:
    """Observations, one per account and day; a pull's snapshot, posts and connection stamp go
    through their own repositories, in the pull's transaction."""

    def __init__(
        self,
        db: Database,
        *,
        snapshots: SnapshotStore,
        posts: PostStore,
        connections: ConnectionStore,
    ) -> None:
        self._db = db
        self._snapshots = snapshots
        self._posts = posts
        self._connections = connections

    async def record(
        self, account_id: int, observation: Observation, pulled: Sequence[PostRow]
    ) -> PullWrite:
        """Store one pull in one transaction: the day's observation (the last one of the day
        wins), the day's follower total unless an uploaded export already gives it, the posts."""
        db = self._db
        async with db.writes.begin() as conn:
            estimated = await _estimated_views(conn, account_id, observation)
            values = {
                "observed_at": observation.observed_at,
                "followers": observation.followers,
                "following": observation.following,
                "likes_total": observation.likes_total,
                "videos": observation.videos,
                "video_views_total": observation.video_views_total,
                "views_estimated": estimated,
            }
            seen = db.insert(tiktok_observations).values(
                account_id=account_id, day=observation.day, **values
            )
            await conn.execute(
                seen.on_conflict_do_update(index_elements=["account_id", "day"], set_=values)
            )
            export = await self._snapshots.keep_followers(
                conn,
                account_id,
                observation.day,
                observation.followers,
                source=SnapshotSource.PULL,
            )
            posts_new, posts_updated = await self._posts.upsert(
                conn, account_id, pulled, source=SnapshotSource.PULL
            )
            await self._connections.mark_pulled(conn, account_id, observation.observed_at)
        return PullWrite(export, estimated, posts_new, posts_updated)

    async def record_days(
        self,
        account_id: int,
        days: Sequence[DayFigures],
        pulled: Sequence[PostRow],
        *,
        source: SnapshotSource,
        at: datetime,
    ) -> DaysWrite:
        """Store a pull of whole days (TikTok's API for Business) in one transaction: the days
        under the source precedence, the posts, the connection's stamp."""
        async with self._db.writes.begin() as conn:
            kept = await self._snapshots.keep_days(conn, account_id, days, source=source)
            posts_new, posts_updated = await self._posts.upsert(
                conn, account_id, pulled, source=source
            )
            await self._connections.mark_pulled(conn, account_id, at)
        return DaysWrite(kept, posts_new, posts_updated)

    async def observation(self, account_id: int, day: date) -> Observation | None:
        async with self._db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(tiktok_observations).where(
                        tiktok_observations.c.account_id == account_id,
                        tiktok_observations.c.day == day,
                    )
                )
            ).first()
        if row is None:
            return None
        return Observation(
            day=row.day,
            observed_at=as_utc(row.observed_at),
            followers=row.followers,
            following=row.following,
            likes_total=row.likes_total,
            videos=row.videos,
            video_views_total=row.video_views_total,
        )


async def _estimated_views(
    conn: AsyncConnection, account_id: int, observation: Observation
) -> int | None:
    """The change in the listed videos' views since the day before: an estimate, since videos
    beyond the listed pages and deleted videos are not counted."""
    if observation.video_views_total is None:
        return None
    before = await conn.scalar(
        select(tiktok_observations.c.video_views_total).where(
            tiktok_observations.c.account_id == account_id,
            tiktok_observations.c.day == observation.day - timedelta(days=1),
        )
    )
    if before is None:
        return None
    return max(0, observation.video_views_total - before)
