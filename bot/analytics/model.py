"""The shapes every part of the domain agrees on: the tidy daily frame and the posts frame.

Daily frame: index ``day`` (``datetime64[ns]``, midnight, naive, sorted, unique); one nullable
``Int64`` column per name in ``DAILY_METRICS``; ``pd.NA`` means "not known", never zero.
``followers`` is the closing total of that day; the others are that day's own values.

Posts frame: one row per video, columns ``POST_COLUMNS``; ``posted_at`` is
``datetime64[ns, UTC]`` (``NaT`` when unknown), counts are ``Int64``; then the figures only
TikTok's API for Business gives per video (``VIDEO_FIGURES``), ``Int64`` counts and ``Float64``
shares and seconds, ``pd.NA`` where the source did not give them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

DAILY_METRICS: tuple[str, ...] = (
    "followers",
    "gained",
    "lost",
    "views",
    "profile_views",
    "likes",
    "comments",
    "shares",
)
# Days are often carried as proleptic ordinals; numpy counts them from 1970-01-01.
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
POST_COUNTS: tuple[str, ...] = ("views", "likes", "comments", "shares")
POST_COLUMNS: tuple[str, ...] = ("post_id", "posted_at", "title", *POST_COUNTS)
# Per video, from TikTok's API for Business: the followers the video brought (TikTok's own
# count), the accounts it reached, the share of its views from the For You feed, the share of
# views that watched to the end (both 0-1), and the mean seconds watched.
VIDEO_COUNTS: tuple[str, ...] = ("new_followers", "reach")
VIDEO_RATES: tuple[str, ...] = ("for_you_share", "full_watch_rate", "average_watch_seconds")
VIDEO_FIGURES: tuple[str, ...] = (*VIDEO_COUNTS, *VIDEO_RATES)


def day_ordinals(days: Any) -> np.ndarray:
    """Days (a DatetimeIndex, or dates and datetime64 values in an array) as proleptic ordinals
    (``date.toordinal()``), the form array code compares and subtracts."""
    return np.asarray(days).astype("datetime64[D]").astype(np.int64) + EPOCH_ORDINAL


def empty_daily() -> pd.DataFrame:
    """A daily frame with no rows."""
    frame = pd.DataFrame(
        {name: pd.Series([], dtype="Int64") for name in DAILY_METRICS},
        index=pd.DatetimeIndex([], name="day"),
    )
    return frame


def daily_frame(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Build a daily frame from mappings with a ``day`` key (date or ISO string) and metrics.

    Missing metrics become ``pd.NA``; rows are sorted by day. Duplicated days are a caller bug.
    """
    records = list(rows)
    if not records:
        return empty_daily()
    frame = pd.DataFrame.from_records(records)
    frame["day"] = pd.to_datetime(frame["day"]).dt.normalize()
    frame = frame.set_index("day").sort_index()
    if frame.index.has_duplicates:
        raise ValueError("daily_frame: duplicated day")
    return conform_daily(frame)


def conform_daily(frame: pd.DataFrame) -> pd.DataFrame:
    """Give any day-indexed frame the exact daily-frame columns and dtypes."""
    if tuple(frame.columns) == DAILY_METRICS and all(dtype == "Int64" for dtype in frame.dtypes):
        return frame
    out = pd.DataFrame(index=frame.index.copy())
    out.index.name = "day"
    for name in DAILY_METRICS:
        if name in frame.columns:
            out[name] = pd.to_numeric(frame[name], errors="raise").astype("Int64")
        else:
            out[name] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    return out


def daily_from_arrays(days: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    """A daily frame from ascending ``datetime64[D]`` days and an ``(n, len(DAILY_METRICS))``
    float matrix with NaN for unknown: the fast way in from a database."""
    known = ~np.isnan(values)
    whole = np.where(known, values, 0).astype(np.int64)
    return pd.DataFrame(
        {
            name: pd.arrays.IntegerArray(whole[:, i], ~known[:, i])
            for i, name in enumerate(DAILY_METRICS)
        },
        index=pd.DatetimeIndex(days.astype("datetime64[ns]"), name="day"),
    )


def empty_posts() -> pd.DataFrame:
    """A posts frame with no rows."""
    return pd.DataFrame(
        {
            "post_id": pd.Series([], dtype="object"),
            "posted_at": pd.Series([], dtype="datetime64[ns, UTC]"),
            "title": pd.Series([], dtype="object"),
            **{name: pd.Series([], dtype="Int64") for name in (*POST_COUNTS, *VIDEO_COUNTS)},
            **{name: pd.Series([], dtype="Float64") for name in VIDEO_RATES},
        }
    )


def posts_frame(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Build a posts frame from mappings with the keys of ``POST_COLUMNS`` (counts and
    ``VIDEO_FIGURES`` optional)."""
    records = list(rows)
    if not records:
        return empty_posts()
    frame = pd.DataFrame.from_records(records)
    out = pd.DataFrame({"post_id": frame["post_id"].astype(str)})
    out["posted_at"] = pd.to_datetime(frame.get("posted_at"), utc=True)
    out["title"] = frame.get("title", pd.Series("", index=frame.index)).fillna("").astype(str)
    for name in (*POST_COUNTS, *VIDEO_COUNTS):
        out[name] = pd.to_numeric(_column(frame, name)).astype("Int64")
    for name in VIDEO_RATES:
        out[name] = pd.to_numeric(_column(frame, name)).astype("Float64")
    return out.reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``frame``, or an unknown one when the rows do not give it."""
    return frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index)
