"""The checks every daily file shares, and the tidy daily frame they end in.

Frames are built here in one constructor call from numpy-backed arrays, already in the exact
shape of ``bot.analytics.model`` (``conform_daily`` would cost more than the whole parse).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from bot.analytics.formats._table import Context, Table, first
from bot.analytics.formats.base import ImportProblem
from bot.analytics.model import DAILY_METRICS


def _unknown(length: int) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.zeros(length, np.int64), np.ones(length, bool))


def daily_from(days: np.ndarray, values: Mapping[str, pd.arrays.IntegerArray]) -> pd.DataFrame:
    """A daily frame from sorted unique ``datetime64[ns]`` days and some metrics' arrays."""
    columns = {name: values.get(name, _unknown(len(days))) for name in DAILY_METRICS}
    return pd.DataFrame(columns, index=pd.DatetimeIndex(days, name="day"), copy=False)


# Copied, never handed out or changed: a copy costs a fraction of building a frame anew.
_NO_DAILY = daily_from(np.array([], dtype="datetime64[ns]"), {})


def no_daily() -> pd.DataFrame:
    return _NO_DAILY.copy()


def _differs(array: pd.arrays.IntegerArray) -> np.ndarray:
    """Whether each element differs from the one before it (missing equals missing)."""
    data = array.to_numpy(dtype=np.int64, na_value=0)
    missing = array.isna()
    return (missing[1:] != missing[:-1]) | (data[1:] != data[:-1])


def daily(
    table: Table,
    days: np.ndarray,
    values: Mapping[str, pd.arrays.IntegerArray],
    context: Context,
) -> pd.DataFrame:
    """One file's daily frame, refusing what cannot be right.

    A day given twice with the same values is kept once (exports overlap when re-saved); with
    different values it is an error, because nothing says which one is true. Negative totals,
    days after the upload and more days than ``max_days`` are errors naming the row.
    """
    future = days > context.latest_day
    if future.any():
        at = first(future)
        raise table.error(
            ImportProblem.FUTURE_DAY,
            at,
            day=str(days[at])[:10],
            received=f"{context.received_at:%Y-%m-%d %H:%M}",
        )
    if "followers" in values:
        negative = np.asarray(values["followers"].to_numpy(dtype=np.int64, na_value=0) < 0)
        if negative.any():
            at = first(negative)
            raise table.error(
                ImportProblem.NEGATIVE_FOLLOWERS, at, value=int(values["followers"][at])
            )
    order = np.argsort(days, kind="stable")
    days = days[order]
    values = {name: array[order] for name, array in values.items()}
    repeated = days[1:] == days[:-1]
    if repeated.any():
        differs = np.zeros(len(repeated), bool)
        for array in values.values():
            differs |= _differs(array)
        clash = repeated & differs
        if clash.any():
            at = first(clash)
            earlier, later = sorted((int(order[at]), int(order[at + 1])))
            raise table.error(
                ImportProblem.DAY_REPEATED,
                later,
                day=str(days[at])[:10],
                earlier=str(table.rows[earlier]),
                later=str(table.rows[later]),
            )
        keep = np.append(True, ~repeated)
        days = days[keep]
        values = {name: array[keep] for name, array in values.items()}
    if len(days) > context.limits.max_days:
        raise table.error(
            ImportProblem.TOO_MANY_DAYS, count=len(days), limit=context.limits.max_days
        )
    return daily_from(days, values)
