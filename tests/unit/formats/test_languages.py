"""Every language TikTok speaks: FollowerHistory and Content written as CLDR writes dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analytics.series import net_report
from bot.render.problems import import_problem
from tests.unit.formats.refusals import refused

from .helpers import CONTENT, FOLLOWER_HISTORY, column, parse, studio_csv
from .languages import NATIVE, WRITTEN, written

# Ten days across the leap day, exported on 3 March 2024 (the latest day 2 days before).
EXPORTED = datetime(2024, 3, 3, 9, 30, tzinfo=UTC)
FIRST = date(2024, 2, 21)
FOLLOWERS = [1000, 1004, 1010, 1009, 1015, 1021, 1030, 1032, 1040, 1047]
# Hand-worked: 21 Feb is 1000, so 23 Feb is 1010 and 1 Mar (the tenth day) 1047. The 7 days
# to 1 March are 24 Feb..1 Mar: net = F(1 Mar) - F(23 Feb) = 1047 - 1010 = 37.
NET_7D = 37
CASES = [(language, False) for language in WRITTEN] + [(language, True) for language in NATIVE]


def _history(language: str, native: bool, first: date = FIRST) -> bytes:
    rows = []
    for offset, total in enumerate(FOLLOWERS):
        change = total - FOLLOWERS[offset - 1] if offset else 0
        day = first + timedelta(days=offset)
        rows.append((written(day, language, native=native), str(total), str(change)))
    return studio_csv(FOLLOWER_HISTORY, *rows)


@pytest.mark.parametrize(("language", "native"), CASES)
def test_follower_history_in_every_language(language: str, native: bool) -> None:
    upload = parse("FollowerHistory.csv", _history(language, native), received_at=EXPORTED)
    expected = {
        f"{FIRST + timedelta(days=offset):%Y-%m-%d}": total
        for offset, total in enumerate(FOLLOWERS)
    }
    assert column(upload, "followers") == expected
    assert "2024-02-29" in expected
    report = net_report(upload.daily, 7)
    assert report is not None
    assert (report.current.start, report.current.end) == (date(2024, 2, 24), date(2024, 3, 1))
    assert report.current.net == NET_7D


@pytest.mark.parametrize(("language", "native"), CASES)
def test_year_counted_back_across_new_year_in_every_language(language: str, native: bool) -> None:
    # 27 Dec 2024 .. 5 Jan 2025, exported 7 Jan 2025: the December rows are 2024's.
    data = _history(language, native, first=date(2024, 12, 27))
    upload = parse("FollowerHistory.csv", data, received_at=datetime(2025, 1, 7, tzinfo=UTC))
    days = list(column(upload, "followers"))
    assert days[0] == "2024-12-27"
    assert days[4] == "2024-12-31"
    assert days[5] == "2025-01-01"
    assert days[-1] == "2025-01-05"


@pytest.mark.parametrize(("language", "native"), CASES)
def test_content_post_times_in_every_language(language: str, native: bool) -> None:
    link = "https://www.tiktok.com/@glowlab.studio/video/{}"
    exported, leap_day, last_year = (
        written(day, language, native=native)
        for day in (date(2024, 3, 3), date(2024, 2, 29), date(2023, 12, 30))
    )
    data = studio_csv(
        CONTENT,
        (exported, "Leap day", link.format(7301), leap_day, "120", "4", "3", "5000"),
        (exported, "Old one", link.format(7201), last_year, "10", "0", "1", "900"),
    )
    posts = parse("Content.csv", data, received_at=EXPORTED).posts
    assert posts["posted_at"].tolist() == [
        pd.Timestamp("2024-02-29", tz="UTC"),
        pd.Timestamp("2023-12-30", tz="UTC"),  # after 3 March's month-day: the year before
    ]
    assert posts["views"].tolist() == [5000, 900]
    assert posts["likes"].tolist() == [120, 10]


@pytest.mark.parametrize("language", sorted(WRITTEN))
def test_every_day_of_a_leap_year_in_every_language(language: str) -> None:
    days = [date(2024, 1, 1) + timedelta(days=offset) for offset in range(366)]
    rows = [(written(day, language), str(100 + n), "1") for n, day in enumerate(days)]
    data = studio_csv(FOLLOWER_HISTORY, *rows)
    upload = parse("FollowerHistory.csv", data, received_at=datetime(2025, 1, 2, tzinfo=UTC))
    assert list(column(upload, "followers")) == [f"{day:%Y-%m-%d}" for day in days]


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
    language=st.sampled_from(sorted(WRITTEN)),
    native=st.booleans(),
    lag=st.integers(min_value=0, max_value=2),
)
def test_any_leap_year_day_round_trips(day: date, language: str, native: bool, lag: int) -> None:
    """One day, in any language and digit system, read back from an export up to 2 days later."""
    data = studio_csv(FOLLOWER_HISTORY, (written(day, language, native=native), "7", "0"))
    received = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) + timedelta(days=lag)
    upload = parse("FollowerHistory.csv", data, received_at=received)
    assert column(upload, "followers") == {f"{day:%Y-%m-%d}": 7}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 Φεβρουαρίου", "2024-02-25"),  # Greek genitive, as a real export wrote it
        ("29 سبتمبر", "2023-09-29"),  # Arabic, from a real Overview XLSX
        ("29 أيلول", "2023-09-29"),  # Levantine Arabic
        ("٢٩ سبتمبر", "2023-09-29"),  # Arabic-Indic digits
        ("۲۹ ستمبر", "2023-09-29"),  # Urdu with Persian digits
        ("november 3.", "2023-11-03"),  # Hungarian: month first, trailing dot
        ("nov. 3.", "2023-11-03"),
        ("18 tháng Sáu", "2023-06-18"),  # Vietnamese as Studio writes it
        ("18 tháng 6", "2023-06-18"),  # ... and as CLDR does
        ("9月16日", "2023-09-16"),
        ("9월 16일", "2023-09-16"),
        ("16 בספטמבר", "2023-09-16"),  # Hebrew "in September"
        ("16 ก.ย.", "2023-09-16"),  # Thai abbreviation
        ("16 SEPTEMBRE", "2023-09-16"),  # case does not matter
        ("16 Σεπτεμβριου", "2023-09-16"),  # nor accents
    ],
)
def test_real_spellings(text: str, expected: str) -> None:
    data = studio_csv(FOLLOWER_HISTORY, (text, "5", "0"))
    upload = parse("FollowerHistory.csv", data, received_at=EXPORTED)
    assert list(column(upload, "followers")) == [expected]


def test_a_column_is_read_in_one_language() -> None:
    # "mar" is March in Spanish and Italian alike, "mai" May in French and Romanian: a column
    # that mixes languages is refused at the first cell that leaves the column's language.
    data = studio_csv(
        FOLLOWER_HISTORY,
        ("28 février", "5", "0"),
        ("1 mars", "6", "1"),
        ("2 martie", "7", "1"),
    )
    with refused("`2 martie`, a month in Romanian") as caught:
        parse("FollowerHistory.csv", data, received_at=EXPORTED)
    assert caught.value.row == 4
    assert "other dates are in French" in import_problem(caught.value)


def test_dates_in_no_language_name_the_cell_and_the_languages_tried() -> None:
    data = studio_csv(FOLLOWER_HISTORY, ("1 Foo", "5", "0"), ("2 Foo", "6", "1"))
    with refused() as caught:
        parse("FollowerHistory.csv", data, received_at=EXPORTED)
    message = import_problem(caught.value)
    assert caught.value.row == 2
    assert "`1 Foo`" in message
    for language in ("English", "Arabic", "Greek", "Hungarian", "Thai", "Vietnamese", "Khmer"):
        assert language in message
