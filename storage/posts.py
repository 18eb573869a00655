"""Posts: one upsert for uploads and pulls alike, with what each source may overwrite."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.analytics.model import POST_COUNTS
from bot.analytics.vocabulary import SnapshotSource
from storage._db import Database, batches
from storage.schema import posts


@dataclass(frozen=True)
class PostRow:
    """One post as a source gives it; ``None`` for a figure it does not give."""

    post_id: str
    posted_at: datetime | None
    title: str
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None


@dataclass(frozen=True)
class PostMerge:
    """What a write from one source does to a post already stored: ``replaced`` columns take
    the incoming value even when it is blank, ``filled`` ones only a known value; every other
    column keeps what is stored."""

    replaced: tuple[str, ...]
    filled: tuple[str, ...]


MERGE_POLICY: dict[SnapshotSource, PostMerge] = {
    # An export's file may lack a column another file had: it never blanks a stored figure,
    # and the post now comes from this upload.
    SnapshotSource.UPLOAD: PostMerge(
        replaced=("title", "upload_id"), filled=("posted_at", *POST_COUNTS)
    ),
    # A pull gives TikTok's current word on each listed video, blanks included; the upload a
    # post came from stays recorded.
    SnapshotSource.PULL: PostMerge(replaced=("posted_at", "title", *POST_COUNTS), filled=()),
    # The API for Business lists the account's videos with TikTok's current figures, likewise.
    SnapshotSource.BUSINESS: PostMerge(replaced=("posted_at", "title", *POST_COUNTS), filled=()),
}


class PostStore:
    """Every write of posts, inside the transaction of the upload or pull that brings them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def upsert(
        self,
        conn: AsyncConnection,
        account_id: int,
        rows: Sequence[PostRow],
        *,
        source: SnapshotSource,
        upload_id: int | None = None,
    ) -> tuple[int, int]:
        """Insert new posts and merge known ones by ``source``'s policy: (new, updated)."""
        if not rows:
            return 0, 0
        known: set[str] = set()
        for ids in batches([row.post_id for row in rows]):
            found = await conn.execute(
                select(posts.c.post_id).where(
                    posts.c.account_id == account_id, posts.c.post_id.in_(ids)
                )
            )
            known.update(found.scalars())
        policy = MERGE_POLICY[source]
        stmt = self._db.insert(posts)
        stmt = stmt.on_conflict_do_update(
            index_elements=["account_id", "post_id"],
            set_={name: stmt.excluded[name] for name in policy.replaced}
            | {name: func.coalesce(stmt.excluded[name], posts.c[name]) for name in policy.filled},
        )
        values = [_values(account_id, row, upload_id) for row in rows]
        for some in batches(values, per_item=len(values[0])):
            await conn.execute(stmt, list(some))
        return len(rows) - len(known), len(known)


def _values(account_id: int, row: PostRow, upload_id: int | None) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "post_id": row.post_id,
        "posted_at": row.posted_at,
        "title": row.title,
        "views": row.views,
        "likes": row.likes,
        "comments": row.comments,
        "shares": row.shares,
        "upload_id": upload_id,
    }
