"""CSV exports that are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pandas as pd

from bot.analytics.model import DAILY_METRICS, POST_COLUMNS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def snapshots_csv(handle: str, daily: pd.DataFrame) -> bytes:
    rows = [
        [handle, day.date().isoformat(), *(None if pd.isna(v) else int(v) for v in values)]
        for day, values in zip(
            daily.index, daily[list(DAILY_METRICS)].to_numpy(dtype=object), strict=True
        )
    ]
    return _csv(["handle", "date", *DAILY_METRICS], rows)


def posts_csv(handle: str, posts: pd.DataFrame) -> bytes:
    rows = []
    for record in posts[list(POST_COLUMNS)].itertuples(index=False):
        posted = record.posted_at
        rows.append(
            [
                handle,
                record.post_id,
                posted.isoformat() if isinstance(posted, pd.Timestamp) else None,
                record.title,
                *(None if pd.isna(v) else int(v) for v in record[3:]),
            ]
        )
    return _csv(["handle", *POST_COLUMNS], rows)
