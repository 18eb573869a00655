"""TikTok Business Suite: the daily export (gained/lost split) and the per-video export."""

from __future__ import annotations

import pandas as pd

from bot.render.problems import import_problem
from tests.unit.formats.refusals import refused, worded

from .helpers import column, parse

DAILY = (
    "\ufeffDate,Video views,Reached audience,Profile views,Likes,Shares,Comments,"
    "Website clicks ,Product link clicks,GMV,Net growth,New followers,Lost followers\n"
    "2026/11/13,20100,14000,410,1206,80,95,12,3,0,170,230,60\n"
    "2026/11/14,19800,13900,400,1190,82,97,11,2,0,-1572,240,1812\n"
    "2026/11/15,20500,14100,420,1530,90,99,13,4,0,180,250,70"
)


def test_daily_export_splits_gained_and_lost_and_ignores_extra_columns() -> None:
    upload = parse("BusinessSuite_daily.csv", DAILY.encode())
    assert upload.files[0].format == "tiktok_business_daily"
    assert column(upload, "gained") == {"2026-11-13": 230, "2026-11-14": 240, "2026-11-15": 250}
    assert column(upload, "lost") == {"2026-11-13": 60, "2026-11-14": 1812, "2026-11-15": 70}
    assert column(upload, "views")["2026-11-14"] == 19800
    assert column(upload, "profile_views")["2026-11-14"] == 400
    assert column(upload, "likes")["2026-11-15"] == 1530
    assert column(upload, "comments")["2026-11-13"] == 95
    assert column(upload, "shares")["2026-11-13"] == 80
    assert upload.daily["followers"].isna().all()  # no total column: none invented
    assert worded(upload.notes) == []  # Net growth = new - lost on every day


def test_swedish_headers_through_the_translation_table() -> None:
    text = (
        "\ufeffDatum,Videovisningar,Nettotillväxt,Nya följare,Tappade följare,Följare\n"
        "2026/11/18,900,5,8,3,1205\n"
        "2026/11/19,950,-2,4,6,1203"
    )
    upload = parse("export.csv", text.encode())
    assert column(upload, "gained") == {"2026-11-18": 8, "2026-11-19": 4}
    assert column(upload, "lost") == {"2026-11-18": 3, "2026-11-19": 6}
    assert column(upload, "followers") == {"2026-11-18": 1205, "2026-11-19": 1203}
    assert column(upload, "views") == {"2026-11-18": 900, "2026-11-19": 950}


def test_net_growth_that_disagrees_with_the_split_is_noted() -> None:
    text = "Date,Video views,Net growth,New followers,Lost followers\n2026/11/19,10,9,8,3\n"
    upload = parse("export.csv", text.encode())
    assert column(upload, "gained") == {"2026-11-19": 8}
    assert any("Net growth differs" in note and "row 2" in note for note in worded(upload.notes))


def test_per_video_export() -> None:
    text = (
        "\ufeffVideo title,Video link,Post time,Video views,Likes,Comments,Shares,"
        "Add to Favorites\n"
        '"Smash burger, made here",https://www.tiktok.com/@northside.eats/video/7709580543527900718,'
        "2026/11/18 18:30,41000,2900,210,130,500\n"
        "Ramen,https://www.tiktok.com/@northside.eats/video/7708838372514486789,"
        "2026/11/16 18:30,1200,80,5,2,10"
    )
    upload = parse("videos.csv", text.encode())
    posts = upload.posts
    assert upload.files[0].format == "tiktok_business_videos"
    assert posts["post_id"].tolist() == ["7709580543527900718", "7708838372514486789"]
    assert posts["posted_at"].tolist() == [
        pd.Timestamp("2026-11-18 18:30", tz="UTC"),
        pd.Timestamp("2026-11-16 18:30", tz="UTC"),
    ]
    assert posts["title"].tolist() == ["Smash burger, made here", "Ramen"]
    assert posts["views"].tolist() == [41000, 1200]
    assert posts["likes"].tolist() == [2900, 80]
    assert posts["comments"].tolist() == [210, 5]
    assert posts["shares"].tolist() == [130, 2]


def test_follower_file_stores_totals_and_new_followers_and_dashes_are_missing() -> None:
    text = (
        "\ufeffDate,New followers,Total followers,Reached audience,Engaged audience\n"
        "2025/10/29,12,--,900,40\n"
        "2025/10/30,7,1507,880,38\n"
        "2025/10/31,9,1516,910,41"
    )
    upload = parse("followers.csv", text.encode())
    assert upload.files[0].format == "tiktok_business_daily"
    assert column(upload, "followers") == {
        "2025-10-29": None,  # `--`: missing, never 0
        "2025-10-30": 1507,
        "2025-10-31": 1516,
    }
    assert column(upload, "gained") == {"2025-10-29": 12, "2025-10-30": 7, "2025-10-31": 9}
    assert upload.daily["lost"].isna().all()  # the file has no lost followers: none invented


def test_a_guessed_translation_is_said_to_be_a_guess() -> None:
    text = (
        "Fecha,Visualizaciones de vídeos,Crecimiento neto,Nuevos seguidores,Seguidores perdidos\n"
        "2026/11/18,900,5,8,3\n"
    )
    upload = parse("export.csv", text.encode())
    assert column(upload, "gained") == {"2026-11-18": 8}
    assert column(upload, "lost") == {"2026-11-18": 3}
    (note,) = [note for note in worded(upload.notes) if "not yet confirmed" in note]
    assert "Fecha, Visualizaciones de vídeos, Crecimiento neto" in note


def test_confirmed_swedish_headers_are_not_called_guesses() -> None:
    text = "Datum,Nettotillväxt,Nya följare,Tappade följare,Videovisningar\n2026/11/18,5,8,3,1\n"
    upload = parse("export.csv", text.encode())
    (note,) = [note for note in worded(upload.notes) if "not yet confirmed" in note]
    assert note.endswith(": Videovisningar.")


def test_a_business_suite_file_in_an_unknown_language_lists_the_english_columns() -> None:
    text = "Päivämäärä,Videon katselut,Nettokasvu,Uudet seuraajat,Menetetyt seuraajat\n"
    text += "2026/11/18,900,5,8,3\n"
    with refused() as caught:
        parse("export.csv", text.encode())
    message = import_problem(caught.value)
    assert "Business Suite export in a language this bot cannot read yet" in message
    assert "Date, Video views, Profile views" in message
    assert "New followers, Lost followers, Total followers" in message
