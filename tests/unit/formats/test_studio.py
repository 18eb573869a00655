"""TikTok Studio files: values, the traps of real exports, and the notes they leave."""

from __future__ import annotations

import pandas as pd

from bot.analytics.model import DAILY_METRICS, POST_COLUMNS
from tests.unit.formats.refusals import refused, worded

from .helpers import (
    CONTENT,
    FOLLOWER_HISTORY,
    OVERVIEW,
    column,
    parse,
    studio_csv,
    xlsx_bytes,
    zip_bytes,
)


def test_follower_history_stores_followers_only_and_undefined_is_missing() -> None:
    data = studio_csv(
        FOLLOWER_HISTORY,
        ("November 16", "1000", "4"),
        ("November 17", "1004", "4"),
        ("November 18", "undefined", "0"),
        ("November 19", "1010", "6"),
    )
    upload = parse("FollowerHistory.csv", data)
    assert [f.format for f in upload.files] == ["tiktok_studio_follower_history"]
    assert column(upload, "followers") == {
        "2026-11-16": 1000,
        "2026-11-17": 1004,
        "2026-11-18": None,  # `undefined` is missing, never 0
        "2026-11-19": 1010,
    }
    assert upload.daily.drop(columns="followers").isna().all().all()
    assert list(upload.daily.columns) == list(DAILY_METRICS)
    assert str(upload.daily.index.dtype) == "datetime64[ns]"
    assert upload.daily.index.name == "day"
    assert all(str(upload.daily[m].dtype) == "Int64" for m in DAILY_METRICS)


def _history_note(*rows: tuple[str, str, str]) -> str:
    upload = parse("FollowerHistory.csv", studio_csv(FOLLOWER_HISTORY, *rows))
    (note,) = [n for n in worded(upload.notes) if "Difference column" in n]
    return note


def test_difference_column_matching_change_since_previous_day() -> None:
    # F = 100, 103, 107, 112: F[D]-F[D-1] = _, 3, 4, 5
    note = _history_note(
        ("November 16", "100", "2"),
        ("November 17", "103", "3"),
        ("November 18", "107", "4"),
        ("November 19", "112", "5"),
    )
    assert note == (
        "The Difference column matched each day's change since the day before on every day "
        "checked (3 days); it is not stored: daily change is computed from Followers."
    )
    assert "F[" not in note


def test_difference_column_matching_change_to_next_day() -> None:
    # F[D+1]-F[D] = 3, 4, 5, _
    note = _history_note(
        ("November 16", "100", "3"),
        ("November 17", "103", "4"),
        ("November 18", "107", "5"),
        ("November 19", "112", "9"),
    )
    assert note == (
        "The Difference column matched each day's change to the next day on every day "
        "checked (3 days); it is not stored: daily change is computed from Followers."
    )
    assert "F[" not in note


def test_difference_column_that_fits_neither_is_a_note_not_an_error() -> None:
    upload = parse(
        "FollowerHistory.csv",
        studio_csv(
            FOLLOWER_HISTORY,
            ("November 17", "100", "50"),
            ("November 18", "103", "not a number"),
            ("November 19", "107", "-2"),
        ),
    )
    (note,) = [n for n in worded(upload.notes) if "Difference column" in n]
    assert "disagreed" in note and "0 of 1 day" in note and "F[" not in note
    assert column(upload, "followers") == {"2026-11-17": 100, "2026-11-18": 103, "2026-11-19": 107}


def test_overview_daily_values_and_negative_comments() -> None:
    data = studio_csv(
        OVERVIEW,
        ("November 18", "1200", "40", "90", "-1", "3"),
        ("November 19", "undefined", "undefined", "undefined", "undefined", "undefined"),
    )
    upload = parse("Overview.csv", data)
    assert column(upload, "views") == {"2026-11-18": 1200, "2026-11-19": None}
    assert column(upload, "profile_views")["2026-11-18"] == 40
    assert column(upload, "likes")["2026-11-18"] == 90
    assert column(upload, "comments")["2026-11-18"] == -1
    assert column(upload, "shares")["2026-11-18"] == 3
    assert upload.daily["followers"].isna().all()


def test_content_posts_with_year_inferred_per_row() -> None:
    data = studio_csv(
        CONTENT,
        (
            "November 21",
            "Glass skin, explained #skincare",
            "https://www.tiktok.com/@glowlab.studio/video/7301234567890123456",
            "November 3",
            "1234",
            "56",
            "7",
            "45000",
        ),
        (
            "November 21",
            "Old one",
            "https://www.tiktok.com/@glowlab.studio/video/7201234567890123456",
            "December 30",  # after the export's month-day: last year
            "10",
            "0",
            "1",
            "900",
        ),
    )
    upload = parse("Content.csv", data)
    posts = upload.posts
    assert list(posts.columns) == list(POST_COLUMNS)
    assert posts["post_id"].tolist() == ["7301234567890123456", "7201234567890123456"]
    assert posts["posted_at"].tolist() == [
        pd.Timestamp("2026-11-03", tz="UTC"),
        pd.Timestamp("2025-12-30", tz="UTC"),
    ]
    assert posts["title"].tolist() == ["Glass skin, explained #skincare", "Old one"]
    assert posts["views"].tolist() == [45000, 900]
    assert posts["likes"].tolist() == [1234, 10]
    assert posts["comments"].tolist() == [56, 0]
    assert posts["shares"].tolist() == [7, 1]
    assert str(posts["posted_at"].dtype) == "datetime64[ns, UTC]"
    assert upload.daily.empty


def test_content_row_shifted_by_an_unquoted_comma_is_lined_up_by_its_link() -> None:
    text = (
        '\ufeff"Time","Video title","Video link","Post time","Total likes","Total comments",'
        '"Total shares","Total views"\n'
        '"November 21","Tips, tricks"," and more","https://www.tiktok.com/@x.y/video/12345678",'
        '"November 2","5,431","24","461","289568"'
    )
    upload = parse("Content.csv", text.encode())
    post = upload.posts.iloc[0]
    assert post["post_id"] == "12345678"
    assert post["likes"] == 5431 and post["views"] == 289568 and post["shares"] == 461
    assert post["title"].startswith("Tips,")
    assert any("lined up by the video link" in note for note in worded(upload.notes))


def test_audience_files_from_a_followers_zip() -> None:
    activity = [("November 18", str(h), str(10 * h)) for h in range(24)]
    activity += [("November 19", str(h), str(10 * h + 2)) for h in range(24)]
    data = zip_bytes(
        [
            ("FollowerActivity.csv", studio_csv(("Date", "Hour", "Active followers"), *activity)),
            (
                "FollowerGender.csv",
                studio_csv(("Gender", "Distribution"), ("Female", "0.59"), ("Male", "0.41")),
            ),
            (
                "FollowerTopTerritories.csv",
                studio_csv(("Top territories", "Distribution"), ("BR", "0.852"), ("Others", "15%")),
            ),
        ]
    )
    upload = parse("Followers_glowlab.studio.zip", data)
    audience = upload.audience
    assert audience["follower_gender"] == {"Female": 0.59, "Male": 0.41}
    assert audience["follower_territories"] == {"BR": 0.852, "Others": 0.15}
    assert audience["follower_active_hours"]["0"] == 1.0  # (0 + 2) / 2
    assert audience["follower_active_hours"]["23"] == 231.0  # (230 + 232) / 2
    assert upload.daily.empty and upload.posts.empty


def test_viewers_are_recognised_and_skipped_with_a_reason() -> None:
    data = studio_csv(
        ("Date", "Total Viewers", "New Viewers", "Returning Viewers"),
        ("November 19", "500", "300", "200"),
    )
    upload = parse("Viewers.csv", data)
    assert upload.files[0].format == "tiktok_studio_viewers"
    assert upload.daily.empty
    assert "not video views or followers" in worded(upload.skipped)[0]


def test_xlsx_export_with_every_cell_as_text() -> None:
    data = xlsx_bytes(
        {
            "FollowerHistory": [
                list(FOLLOWER_HISTORY),
                ["November 18", "2500", "10"],
                ["November 19", "2507", "7"],
            ]
        }
    )
    upload = parse("FollowerHistory.xlsx", data)
    assert column(upload, "followers") == {"2026-11-18": 2500, "2026-11-19": 2507}


def test_translated_headers_are_read_by_position_when_the_file_name_says_which() -> None:
    data = studio_csv(
        ("Fecha", "Seguidores", "Diferencia de seguidores respecto al día anterior"),
        ("18 de noviembre", "2500", "10"),
        ("19 de noviembre", "2507", "7"),
    )
    upload = parse("FollowerHistory.csv", data)
    assert column(upload, "followers") == {"2026-11-18": 2500, "2026-11-19": 2507}
    assert any("read in Studio's order" in note for note in worded(upload.notes))
    with refused("no followers column"):  # no name, no guess
        parse("renamed.csv", data)


def test_studio_rows_out_of_order_are_refused() -> None:
    data = studio_csv(FOLLOWER_HISTORY, ("November 19", "10", "0"), ("November 18", "9", "0"))
    with refused("one day after another") as caught:
        parse("FollowerHistory.csv", data)
    assert caught.value.row == 3
