"""Dates: every Studio screen language, year inference, and numeric dates in sheets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.analytics.formats._languages import LANGUAGES, VIETNAMESE_WORDS, month_names
from tests.unit.formats.refusals import refused, worded

from .helpers import EXPORT_EPOCH, FOLLOWER_HISTORY, OVERVIEW, column, parse, studio_csv, zip_bytes


def _one_day(date_text: str, *, received_at: datetime) -> str:
    """The day a one-row Overview file lands on."""
    data = studio_csv(OVERVIEW, (date_text, "10", "1", "2", "0", "0"))
    upload = parse("Overview.csv", data, received_at=received_at)
    (only,) = column(upload, "views")
    return only


AUGUST = datetime(2026, 12, 1, tzinfo=UTC)  # every case below is a day in 2026


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 12", "2026-04-12"),  # English, month first
        ("28 August", "2026-08-28"),  # English, day first
        ("Apr 12", "2026-04-12"),
        ("Sept 3", "2026-09-03"),
        ("8 de marzo", "2026-03-08"),  # Spanish
        ("17 de dezembro", "2025-12-17"),  # Portuguese: December 17 2026 is after Dec 1 2026
        ("12 avril", "2026-04-12"),  # French
        ("1er mai", "2026-05-01"),
        ("12. April", "2026-04-12"),  # German
        ("3. März", "2026-03-03"),
        ("12 aprile", "2026-04-12"),  # Italian
        ("18 tháng Sáu", "2026-06-18"),  # Vietnamese, month as a word
        ("18 tháng 6", "2026-06-18"),  # Vietnamese, month as a number
        ("18 tháng Mười Hai", "2025-12-18"),
        ("9月16日", "2026-09-16"),  # Japanese
        ("9월 16일", "2026-09-16"),  # Korean
        ("12 Agustus", "2026-08-12"),  # Indonesian
        ("10 января", "2026-01-10"),  # Russian, genitive as Studio writes it
    ],
)
def test_each_language(text: str, expected: str) -> None:
    assert _one_day(text, received_at=AUGUST) == expected


def test_month_names_agree_across_languages() -> None:
    """No spelling means one month in one language and another month elsewhere."""
    seen: dict[str, int] = {}
    for code in LANGUAGES:
        for name, number in month_names(code).items():
            assert seen.setdefault(name, number) == number, (code, name)
    assert VIETNAMESE_WORDS["sáu"] == 6


def test_december_to_january_rollover_walking_back_from_the_export() -> None:
    data = studio_csv(
        FOLLOWER_HISTORY,
        ("December 30", "100", "0"),
        ("December 31", "101", "1"),
        ("January 1", "103", "2"),
        ("January 2", "106", "3"),
    )
    upload = parse("FollowerHistory.csv", data, received_at=datetime(2027, 1, 3, 9, tzinfo=UTC))
    assert column(upload, "followers") == {
        "2026-12-30": 100,
        "2026-12-31": 101,
        "2027-01-01": 103,
        "2027-01-02": 106,
    }
    assert any(
        "counted back from the upload time, 2027-01-03 09:00 UTC" in n for n in worded(upload.notes)
    )


def test_a_last_day_after_the_export_moment_belongs_to_the_year_before() -> None:
    data = studio_csv(FOLLOWER_HISTORY, ("November 28", "5", "0"), ("November 29", "6", "1"))
    upload = parse("FollowerHistory.csv", data, received_at=datetime(2026, 11, 21, tzinfo=UTC))
    assert list(column(upload, "followers")) == ["2025-11-28", "2025-11-29"]


def test_overview_zip_epoch_is_the_moment_years_are_counted_back_from() -> None:
    # Exported 2026-11-21 10:00 UTC but uploaded on 2027-02-01: the rows are from 2026.
    overview = studio_csv(OVERVIEW, ("November 18", "5", "0", "0", "0", "0"))
    name = f"Overview_2026-10-23_{EXPORT_EPOCH}_glowlab.studio (1).zip"
    upload = parse(
        name, zip_bytes([("Overview.csv", overview)]), received_at=datetime(2027, 2, 1, tzinfo=UTC)
    )
    assert column(upload, "views") == {"2026-11-18": 5}
    assert {parsed.handle for parsed in upload.files} == {"glowlab.studio"}
    assert any(
        "the Overview ZIP's export time, 2026-11-21 10:00 UTC" in n for n in worded(upload.notes)
    )


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("2026-11-18", "2026-11-19"), ["2026-11-18", "2026-11-19"]),
        (("2026/11/18", "2026/11/19"), ["2026-11-18", "2026-11-19"]),
        (("18/11/2026", "03/11/2026"), ["2026-11-03", "2026-11-18"]),  # 18 settles day-first
        (("11/18/2026", "11/03/2026"), ["2026-11-03", "2026-11-18"]),  # 18 settles month-first
        (("18.11.2026", "03.11.2026"), ["2026-11-03", "2026-11-18"]),  # dotted: day-first
        (("Nov 18, 2026", "19 November 2026"), ["2026-11-18", "2026-11-19"]),
    ],
)
def test_sheet_dates(cells: tuple[str, str], expected: list[str]) -> None:
    text = "date,followers\n" + "\n".join(f'"{cell}",{n}' for n, cell in enumerate(cells, 1))
    assert list(column(parse("log.csv", text.encode()), "followers")) == expected


def test_day_month_order_that_nothing_settles_is_refused() -> None:
    with refused("YYYY-MM-DD"):
        parse("log.csv", b"date,followers\n03/04/2026,5\n04/03/2026,6\n")


def test_mixed_day_first_and_month_first_is_refused() -> None:
    with refused("mixes day-first and month-first"):
        parse("log.csv", b"date,followers\n18/04/2026,5\n04/18/2026,6\n")


def test_a_day_that_does_not_exist_names_its_row() -> None:
    with refused("not a day in 2026") as caught:
        parse("log.csv", b"date,followers\n2026-02-28,5\n2026-02-30,6\n")
    assert caught.value.row == 3
