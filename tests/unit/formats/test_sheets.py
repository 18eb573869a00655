"""Hand-kept sheets and Social Blade-style histories."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.unit.formats.refusals import refused, worded

from .helpers import column, parse, xlsx_bytes


@pytest.mark.parametrize(
    ("date", "followers"),
    [
        ("date", "followers"),
        ("Day", "Follower count"),
        ("DATE (YYYY-MM-DD)", "Total followers"),
        ("day", "follower_count"),
    ],
)
def test_reasonable_headers(date: str, followers: str) -> None:
    upload = parse("log.csv", f"{date},{followers}\n2026-11-19,812\n".encode())
    assert upload.files[0].format == "sheet"
    assert column(upload, "followers") == {"2026-11-19": 812}


def test_optional_columns_thousands_separators_title_row_and_semicolons() -> None:
    text = (
        "Pixel pets: follower log\n"
        "\n"
        "Date;Followers;New followers;Unfollows;Views;Notes\n"
        "2026-11-17;12.480;25;4;3 100;good day\n"
        "2026-11-18;12.501;;;;\n"  # a blank day: missing, not 0
        "2026-11-19;12.530;31;2;2 950;\n"
    )
    upload = parse("pets.csv", text.encode("cp1252"))
    assert column(upload, "followers") == {
        "2026-11-17": 12480,
        "2026-11-18": 12501,
        "2026-11-19": 12530,
    }
    assert column(upload, "gained") == {"2026-11-17": 25, "2026-11-18": None, "2026-11-19": 31}
    assert column(upload, "lost") == {"2026-11-17": 4, "2026-11-18": None, "2026-11-19": 2}
    assert column(upload, "views") == {"2026-11-17": 3100, "2026-11-18": None, "2026-11-19": 2950}
    assert any("Notes" in item for item in worded(upload.skipped))


def test_xlsx_sheet_with_text_cells() -> None:
    rows: list[list[object]] = [
        ["Date", "Followers", "Gained", "Lost", "Views"],
        ["2026-11-18", "1,204", "10", "3", "900"],
        ["2026-11-19", "1,210", "9", "3", "1,020"],
    ]
    upload = parse("pets.xlsx", xlsx_bytes({"Log": rows}))
    assert column(upload, "followers") == {"2026-11-18": 1204, "2026-11-19": 1210}
    assert column(upload, "views") == {"2026-11-18": 900, "2026-11-19": 1020}


def test_xlsx_sheet_with_real_dates_and_numbers() -> None:
    rows: list[list[object]] = [
        ["Date", "Followers", "Views"],
        [datetime(2026, 11, 18), 1204, 900.0],
        [datetime(2026, 11, 19), 1210, None],
    ]
    upload = parse("pets.xlsx", xlsx_bytes({"Log": rows}, as_text=False))
    assert column(upload, "followers") == {"2026-11-18": 1204, "2026-11-19": 1210}
    assert column(upload, "views") == {"2026-11-18": 900, "2026-11-19": None}


def test_social_blade_keeps_followers_and_never_stores_lifetime_likes() -> None:
    text = (
        "date,followers,following,likes,uploads\n"
        "2026-11-18,8412,312,412300,214\n"
        "2026-11-19,8409,312,412455,215\n"
    )
    upload = parse("trailmix.csv", text.encode())
    assert upload.files[0].format == "socialblade"
    assert column(upload, "followers") == {"2026-11-18": 8412, "2026-11-19": 8409}
    assert upload.daily.drop(columns="followers").isna().all().all()  # likes is a running total
    assert any("running totals" in item for item in worded(upload.skipped))


def test_decimal_follower_counts_are_not_whole_numbers() -> None:
    with refused("whole number") as caught:
        parse("log.csv", b"date,followers\n2026-11-18,1204\n2026-11-19,1204.5\n")
    assert caught.value.row == 3
