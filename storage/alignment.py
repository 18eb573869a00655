"""Exports that label the same totals one day apart: the older one is moved to line up.

Two Studio exports downloaded a week apart can disagree by a day on every day they share
(``bot.analytics.overlap`` decides that from the values). Inside the upload's transaction,
the older of the stored days and the incoming file is moved by that day, so one consistent
series is stored and the merge counts only genuine conflicts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.analytics.model import DAILY_METRICS
from bot.analytics.overlap import Shift
from storage._db import driver_rows
from storage.merge import DailyMatrix, MergeOutcome, MergePlan, moved, overlay, plan_merge
from storage.schema import snapshots
from storage.snapshots import daily_matrix, matrix_from_rows


class ExportAlignment:
    """Moves an older export's days within the transaction of the upload that showed the shift."""

    async def lined_up(
        self, conn: AsyncConnection, account_id: int, incoming: DailyMatrix, shift: Shift
    ) -> tuple[MergePlan, MergeOutcome]:
        """The merge once the older of the stored days and this file is moved by the shift
        that lines it up with the newer (the one whose days run later)."""
        first, last = int(incoming.days[0]), int(incoming.days[-1])
        stored_last = await conn.scalar(
            select(func.max(snapshots.c.day)).where(snapshots.c.account_id == account_id)
        )
        if stored_last is None or last >= stored_last.toordinal():  # this file is the newer
            older = moved(
                await _take_uploads_overlapping(conn, account_id, first, last), shift.days
            )
            combined = overlay(incoming, older)
            remaining = await daily_matrix(
                conn, account_id, int(combined.days[0]), int(combined.days[-1])
            )
            # Counted as if the older export had been stored lined up all along.
            outcome = plan_merge(overlay(older, remaining), incoming).outcome
            return plan_merge(remaining, combined), replace(
                outcome, shifted_days=len(older), shift=shift.days
            )
        incoming = moved(incoming, -shift.days)
        existing = await daily_matrix(
            conn, account_id, int(incoming.days[0]), int(incoming.days[-1])
        )
        plan = plan_merge(existing, incoming)
        return plan, replace(plan.outcome, shifted_days=len(incoming), shift=-shift.days)


async def _take_uploads_overlapping(
    conn: AsyncConnection, account_id: int, first: int, last: int
) -> DailyMatrix:
    """Remove and return every stored day of the uploads that hold a day in the range, so an
    older export is moved as a whole (days typed by hand stay where they are)."""
    overlapping = (
        select(snapshots.c.upload_id)
        .where(
            snapshots.c.account_id == account_id,
            snapshots.c.day >= date.fromordinal(first),
            snapshots.c.day <= date.fromordinal(last),
            snapshots.c.upload_id.is_not(None),
        )
        .distinct()
    )
    of_them = and_(snapshots.c.account_id == account_id, snapshots.c.upload_id.in_(overlapping))
    query = (
        select(snapshots.c.day, *(snapshots.c[name] for name in DAILY_METRICS))
        .where(of_them)
        .order_by(snapshots.c.day)
    )
    rows = await driver_rows(conn, query)
    await conn.execute(delete(snapshots).where(of_them))
    return matrix_from_rows(rows)
