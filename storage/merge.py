"""How a new batch of daily values merges into what is stored: per field, the newer wins."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bot.analytics.model import DAILY_METRICS, day_ordinals


@dataclass(frozen=True)
class DailyMatrix:
    """Daily values as arrays: ``days`` are ascending date ordinals, ``values`` has one column
    per metric of ``DAILY_METRICS`` with NaN for unknown. The form merges are computed in."""

    days: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, daily: pd.DataFrame) -> DailyMatrix:
        days = day_ordinals(daily.index)
        values = (
            np.column_stack(
                [daily[name].to_numpy(dtype="float64", na_value=np.nan) for name in DAILY_METRICS]
            )
            if len(daily)
            else np.empty((0, len(DAILY_METRICS)))
        )
        return cls(days, values)

    def __len__(self) -> int:
        return len(self.days)


@dataclass(frozen=True)
class MergeOutcome:
    """What a merge did, day by day: the numbers an import summary reports."""

    new: int
    updated: int
    unchanged: int
    conflicts: int
    shifted_days: int = 0  # days of an older export moved to line up with a newer one
    shift: int = 0  # how they moved: +1 a day later, -1 a day earlier, 0 not at all

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


def moved(matrix: DailyMatrix, days: int) -> DailyMatrix:
    return DailyMatrix(matrix.days + days, matrix.values)


def overlay(newer: DailyMatrix, older: DailyMatrix) -> DailyMatrix:
    """One series: every day of either, each value from ``newer`` where it has one."""
    days = np.union1d(newer.days, older.days)
    values = np.full((len(days), newer.values.shape[1]), np.nan)
    values[np.searchsorted(days, older.days)] = older.values
    at_newer = np.searchsorted(days, newer.days)
    values[at_newer] = np.where(np.isnan(newer.values), values[at_newer], newer.values)
    return DailyMatrix(days, values)


@dataclass(frozen=True)
class MergePlan:
    """Rows to insert and rows to rewrite, with the outcome they amount to."""

    inserts: DailyMatrix
    updates: DailyMatrix
    outcome: MergeOutcome


def plan_merge(existing: DailyMatrix, incoming: DailyMatrix) -> MergePlan:
    """Merge ``incoming`` over ``existing``.

    A value the incoming batch gives replaces the stored one; a value it lacks keeps the stored
    one. A day is *updated* when any of its values changed, and each stored value that a
    different one replaced counts as a conflict. Days the batch gives nothing for are ignored.
    """
    keep = ~np.isnan(incoming.values).all(axis=1)
    days, values = incoming.days[keep], incoming.values[keep]
    position = np.searchsorted(existing.days, days)
    inside = position < len(existing.days)
    found = np.zeros(len(days), dtype=bool)
    found[inside] = existing.days[position[inside]] == days[inside]

    given = ~np.isnan(values[found])
    before = existing.values[position[found]]
    after = np.where(given, values[found], before)
    same = (before == after) | (np.isnan(before) & np.isnan(after))
    changed = ~same.all(axis=1)
    conflicts = int((given & ~np.isnan(before) & ~same).sum())
    return MergePlan(
        inserts=DailyMatrix(days[~found], values[~found]),
        updates=DailyMatrix(days[found][changed], after[changed]),
        outcome=MergeOutcome(
            new=int((~found).sum()),
            updated=int(changed.sum()),
            unchanged=int(found.sum() - changed.sum()),
            conflicts=conflicts,
        ),
    )
