"""CSV export: text that a spreadsheet would run is neutralised, numbers stay numbers."""

from __future__ import annotations

import pandas as pd

from bot.analytics.model import daily_frame, posts_frame
from bot.render.export import neutralise, posts_csv, snapshots_csv


def test_formula_starts_are_neutralised() -> None:
    for text in ("=1+1", "+cmd", "-5 tips", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("plain title") == "plain title"


def test_numbers_stay_plain_and_missing_is_empty() -> None:
    daily = daily_frame([{"day": "2026-11-20", "followers": 1200, "comments": -1}])
    assert snapshots_csv("acct", daily).decode().splitlines() == [
        "handle,date,followers,gained,lost,views,profile_views,likes,comments,shares",
        "acct,2026-11-20,1200,,,,,,-1,",
    ]


def test_post_titles_and_handles_are_neutralised() -> None:
    posts = posts_frame(
        [
            {
                "post_id": "v1",
                "posted_at": pd.Timestamp("2026-11-20", tz="UTC"),
                "title": "-50% off today",
                "views": 10,
                "likes": -1,
            }
        ]
    )
    line = posts_csv("@handle", posts).decode().splitlines()[1]
    assert line == "'@handle,v1,2026-11-20T00:00:00+00:00,'-50% off today,10,-1,,"
