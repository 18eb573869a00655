"""Properties: whatever arrives, an import returns tidy frames or raises ImportFileError."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest
from babel.dates import format_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.analytics.formats import ImportFileError, ParsedUpload, parse_upload
from bot.analytics.model import DAILY_METRICS, POST_COLUMNS
from tests.unit.formats.refusals import refused

from .helpers import FOLLOWER_HISTORY, RECEIVED, studio_csv, xlsx_bytes, zip_bytes

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# One header per parser, as parse_upload must route it.
HEADERS = {
    "tiktok_studio_follower_history": list(FOLLOWER_HISTORY),
    "tiktok_studio_overview": [
        "Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares",
    ],
    "tiktok_studio_content": [
        "Time", "Video title", "Video link", "Post time",
        "Total likes", "Total comments", "Total shares", "Total views",
    ],
    "tiktok_studio_follower_activity": ["Date", "Hour", "Active followers"],
    "tiktok_studio_follower_gender": ["Gender", "Distribution"],
    "tiktok_studio_follower_territories": ["Top territories", "Distribution"],
    "tiktok_studio_viewers": ["Date", "Total Viewers", "New Viewers", "Returning Viewers"],
    "tiktok_business_daily": [
        "Date", "Video views", "Net growth", "New followers", "Lost followers",
    ],
    "tiktok_business_videos": [
        "Video title", "Video link", "Post time", "Video views", "Likes", "Comments", "Shares",
    ],
    "socialblade": ["date", "followers", "following", "likes", "uploads"],
    "sheet": ["date", "followers", "gained", "lost", "views"],
}  # fmt: skip

PLAUSIBLE = [
    "", "undefined", "0", "-1", "12", "1,234", "1.234", "12 480", "99999999999999999999", "1e5",
    "0.59", "59%", "November 19", "19 de noviembre", "9月16日", "18 tháng Sáu", "February 30",
    "2026-11-19", "2026/11/18", "19/11/2026", "11/19/2026", "2030-01-01", "1999-01-01",
    "https://www.tiktok.com/@x/video/7301234567890123456", "Female", "US", "=1+1", "\u00a0",
    "Tips, tricks", '"quoted"', "23", "24",
]  # fmt: skip
cells = st.one_of(st.sampled_from(PLAUSIBLE), st.text(max_size=12))
# Worksheets cannot hold control characters at all, so a workbook is built without them.
sheet_cells = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


def _check(upload: ParsedUpload) -> None:
    """What every successful import promises (bot.analytics.model)."""
    daily = upload.daily
    assert list(daily.columns) == list(DAILY_METRICS)
    assert daily.index.is_monotonic_increasing and daily.index.is_unique
    assert all(str(daily[name].dtype) == "Int64" for name in DAILY_METRICS)
    assert not (daily["followers"] < 0).fillna(False).any()
    if len(daily):
        assert daily.index.max() <= pd.Timestamp(RECEIVED.date()) + pd.Timedelta(days=1)
    assert list(upload.posts.columns) == list(POST_COLUMNS)
    assert upload.posts["post_id"].is_unique


def _try(name: str, data: bytes) -> ParsedUpload | None:
    try:
        upload = parse_upload(name, data, received_at=RECEIVED)
    except ImportFileError:
        return None
    _check(upload)
    return upload


@FAST
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "b.xlsx", "c.zip", "d"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    _try(name, data)


@FAST
@given(data=st.binary(min_size=1, max_size=64), at=st.integers(min_value=0))
def test_damaged_zips(data: bytes, at: int) -> None:
    valid = zip_bytes(
        [("FollowerHistory.csv", studio_csv(FOLLOWER_HISTORY, ("November 19", "5", "0")))]
    )
    position = at % len(valid)
    _try("Followers_x.zip", valid[:position] + data + valid[position + len(data) :])


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@pytest.mark.parametrize("expected", list(HEADERS))
@FAST
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=9), max_size=8))
def test_every_parser_with_arbitrary_rows(expected: str, rows: list[list[str]]) -> None:
    upload = _try("file.csv", _csv(HEADERS[expected], rows))
    if upload is not None:
        assert [parsed.format for parsed in upload.files] == [expected]


@pytest.mark.parametrize("expected", ["tiktok_studio_follower_history", "sheet"])
@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.lists(sheet_cells, min_size=2, max_size=5), max_size=5))
def test_xlsx_with_arbitrary_text_cells(expected: str, rows: list[list[str]]) -> None:
    table: list[list[object]] = [list(HEADERS[expected])]
    table += [list[object](row) for row in rows]
    upload = _try("book.xlsx", xlsx_bytes({"Sheet": table}))
    if upload is not None:
        assert [parsed.format for parsed in upload.files] == [expected]


# Studio date patterns of several screen languages (Babel writes the month names).
PATTERNS = [
    ("en", "MMMM d"), ("en", "d MMMM"), ("es", "d 'de' MMMM"), ("pt", "d 'de' MMMM"),
    ("fr", "d MMMM"), ("de", "d. MMMM"), ("it", "d MMMM"), ("id", "d MMMM"),
    ("vi", "d MMMM"), ("ja", "M月d日"), ("ko", "M월 d일"),
]  # fmt: skip


@FAST
@given(
    last=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    lag=st.integers(min_value=0, max_value=2),
    followers=st.lists(st.one_of(st.none(), st.integers(0, 10**9)), min_size=1, max_size=366),
    pattern=st.sampled_from(PATTERNS),
)
def test_studio_history_round_trips_in_any_language(
    last: date, lag: int, followers: list[int | None], pattern: tuple[str, str]
) -> None:
    locale, form = pattern
    days = [last - timedelta(days=len(followers) - 1 - i) for i in range(len(followers))]
    rows = [
        (format_date(day, form, locale=locale), "undefined" if value is None else value, "0")
        for day, value in zip(days, followers, strict=True)
    ]
    exported = datetime.combine(last + timedelta(days=lag), time(10), UTC)
    data = studio_csv(FOLLOWER_HISTORY, *rows)
    if all(value is None for value in followers):
        with refused("nothing to import"):
            parse_upload("FollowerHistory.csv", data, received_at=exported)
        return
    upload = parse_upload("FollowerHistory.csv", data, received_at=exported)
    assert upload.daily.index.tolist() == [pd.Timestamp(day) for day in days]
    got = upload.daily["followers"].to_numpy(dtype=float, na_value=np.nan)
    want = np.array([np.nan if value is None else value for value in followers], dtype=float)
    np.testing.assert_array_equal(got, want)
