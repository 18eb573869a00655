"""Imports: an upload's record, its daily rows merged over the stored ones, and its posts."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import bindparam

from bot.analytics.model import DAILY_METRICS, conform_daily
from bot.analytics.overlap import one_day_shift
from bot.analytics.vocabulary import SnapshotSource
from storage._db import BulkStatement, Database
from storage.alignment import ExportAlignment
from storage.merge import DailyMatrix, MergeOutcome, plan_merge
from storage.offload import Offload
from storage.posts import PostRow, PostStore
from storage.schema import snapshots, uploads
from storage.snapshots import daily_matrix


@dataclass(frozen=True)
class ImportOutcome:
    """What storing one upload did; ``already_imported`` means nothing changed at all."""

    already_imported: bool
    days: MergeOutcome
    posts_new: int = 0
    posts_updated: int = 0


class UploadStore:
    """Writes of daily values, and of an upload's posts through the posts repository; each
    upload recorded once by its content hash."""

    def __init__(
        self, db: Database, alignment: ExportAlignment, workers: Offload, posts: PostStore
    ) -> None:
        self._db = db
        self._posts = posts
        self._workers = workers
        self._alignment = alignment
        self._bulk_statements: dict[str, BulkStatement] = {}

    async def merge_daily(
        self, account_id: int, daily: pd.DataFrame, *, source: SnapshotSource
    ) -> MergeOutcome:
        """Merge values typed by hand (or from any source without a file) into the snapshots."""
        async with self._db.writes.begin() as conn:
            return await self._merge_daily(conn, account_id, daily, source=source, upload_id=None)

    async def ingest(
        self,
        account_id: int,
        *,
        sha256: str,
        filename: str,
        formats: Sequence[str],
        received_at: datetime,
        daily: pd.DataFrame,
        posts_frame: pd.DataFrame,
    ) -> ImportOutcome:
        """Store one upload in one transaction; the same file twice changes nothing."""
        claim = (
            self._db.insert(uploads)
            .values(
                account_id=account_id,
                sha256=sha256,
                filename=filename[:255],
                formats=", ".join(formats),
                received_at=received_at,
            )
            .on_conflict_do_nothing(index_elements=["account_id", "sha256"])
            .returning(uploads.c.id)
        )
        async with self._db.writes.begin() as conn:
            upload_id = await conn.scalar(claim)
            if upload_id is None:
                return ImportOutcome(already_imported=True, days=MergeOutcome(0, 0, 0, 0))
            days = await self._merge_daily(
                conn, account_id, daily, source=SnapshotSource.UPLOAD, upload_id=upload_id
            )
            posts_new, posts_updated = await self._merge_posts(
                conn, account_id, posts_frame, upload_id
            )
        return ImportOutcome(False, days, posts_new, posts_updated)

    async def _merge_daily(
        self,
        conn: AsyncConnection,
        account_id: int,
        daily: pd.DataFrame,
        *,
        source: SnapshotSource,
        upload_id: int | None,
    ) -> MergeOutcome:
        incoming = await self._workers.run(lambda: DailyMatrix.of(conform_daily(daily)))
        if not len(incoming):
            return MergeOutcome(0, 0, 0, 0)
        first, last = int(incoming.days[0]), int(incoming.days[-1])
        # A day either side, so a stored series one day off is compared on every shared day.
        existing = await daily_matrix(conn, account_id, first - 1, last + 1)
        shift = one_day_shift(existing.days, existing.values, incoming.days, incoming.values)
        if shift is None:
            plan = plan_merge(existing, incoming)
            outcome = plan.outcome
        else:
            plan, outcome = await self._alignment.lined_up(conn, account_id, incoming, shift)
        extra = {"account_id": account_id, "source": source, "upload_id": upload_id}
        if len(plan.inserts):
            await self._bulk("insert", conn).executemany(conn, _columns(plan.inserts, "day", extra))
        if len(plan.updates):
            await self._bulk("update", conn).executemany(
                conn, _columns(plan.updates, "b_day", {**extra, "b_account": account_id})
            )
        return outcome

    def _bulk(self, kind: str, conn: AsyncConnection) -> BulkStatement:
        """The snapshot INSERT or UPDATE, compiled once per store."""
        if kind not in self._bulk_statements:
            stmt: Any
            if kind == "insert":
                stmt = insert(snapshots)
            else:
                stmt = (
                    update(snapshots)
                    .where(
                        snapshots.c.account_id == bindparam("b_account"),
                        snapshots.c.day == bindparam("b_day"),
                    )
                    .values(
                        {name: bindparam(name) for name in (*DAILY_METRICS, "source", "upload_id")}
                    )
                )
            self._bulk_statements[kind] = BulkStatement.compile(stmt, conn.dialect)
        return self._bulk_statements[kind]

    async def _merge_posts(
        self, conn: AsyncConnection, account_id: int, frame: pd.DataFrame, upload_id: int
    ) -> tuple[int, int]:
        plain = frame.astype(object).where(frame.notna(), None)
        rows = [
            PostRow(
                **{
                    **row,
                    "posted_at": row["posted_at"].to_pydatetime() if row["posted_at"] else None,
                }
            )
            for row in plain.to_dict("records")
        ]
        return await self._posts.upsert(
            conn, account_id, rows, source=SnapshotSource.UPLOAD, upload_id=upload_id
        )


def _columns(matrix: DailyMatrix, day_key: str, constants: dict[str, Any]) -> dict[str, Any]:
    """A matrix as bind values by name: Python ints, ``None`` for unknown, ``date`` days."""
    known = ~np.isnan(matrix.values)
    whole = np.where(known, matrix.values, 0).astype(np.int64).astype(object)
    whole[~known] = None
    columns: dict[str, Any] = {name: whole[:, i] for i, name in enumerate(DAILY_METRICS)}
    columns[day_key] = [date.fromordinal(int(day)) for day in matrix.days]
    return columns | {key: itertools.repeat(value) for key, value in constants.items()}
