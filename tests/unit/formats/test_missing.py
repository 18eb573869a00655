"""Missing cells in every spelling exports and sheets use: missing, never 0, never an error."""

from __future__ import annotations

import pytest

from .helpers import FOLLOWER_HISTORY, OVERVIEW, column, parse, studio_csv

SPELLINGS = ["", "undefined", "--", "-", "–", "—", "NAN", "NaN", "nan", "N/A", "n/a", "#N/A",
             "null", "NULL", "Undefined"]  # fmt: skip


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_missing_total_is_missing(spelling: str) -> None:
    data = studio_csv(
        FOLLOWER_HISTORY,
        ("November 17", "500", "0"),
        ("November 18", spelling, spelling),
        ("November 19", "510", "10"),
    )
    upload = parse("FollowerHistory.csv", data)
    assert column(upload, "followers") == {
        "2026-11-17": 500,
        "2026-11-18": None,
        "2026-11-19": 510,
    }


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_missing_daily_values_are_missing(spelling: str) -> None:
    data = studio_csv(
        OVERVIEW,
        ("November 18", spelling, "3", spelling, "1", "0"),
        ("November 19", "40", spelling, "6", "2", "1"),
    )
    upload = parse("Overview.csv", data)
    assert column(upload, "views") == {"2026-11-18": None, "2026-11-19": 40}
    assert column(upload, "profile_views") == {"2026-11-18": 3, "2026-11-19": None}
    assert column(upload, "likes") == {"2026-11-18": None, "2026-11-19": 6}


def test_trailing_spaces_in_any_header_are_ignored() -> None:
    header = ("Date ", "Followers  ", "Difference in followers from previous day ")
    data = studio_csv(header, ("November 18", "5", "0"), ("November 19", "7", "2"))
    upload = parse("FollowerHistory.csv", data)
    assert upload.files[0].format == "tiktok_studio_follower_history"
    assert column(upload, "followers") == {"2026-11-18": 5, "2026-11-19": 7}


def test_native_digits_in_counts() -> None:
    data = studio_csv(FOLLOWER_HISTORY, ("١٨ نوفمبر", "١٢٠٥", "٠"))
    assert column(parse("FollowerHistory.csv", data), "followers") == {"2026-11-18": 1205}
