"""The audience TikTok's API for Business gives, as the snapshot a Followers export gives, and
/audience saying whose figures they are and which day they describe; a video's For You share
from its traffic sources."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.analytics.audience import AudienceSnapshot, business_audience, local_hours
from bot.analytics.video_figures import for_you_share
from bot.analytics.vocabulary import SnapshotSource
from bot.render.audience import audience_embed

DAY = date(2026, 11, 20)


def test_the_apis_audience_maps_onto_the_exports_parts() -> None:
    snapshot = business_audience(
        DAY,
        activity=[
            {"hour": 19, "count": 1_200},
            {"hour": "20", "count": "1500"},
            {"hour": 0, "count": 0},
        ],
        genders=[
            {"gender": "Male", "percentage": 0.26},
            {"gender": "Female", "percentage": 0.71},
            {"gender": "Other", "percentage": 0.03},
        ],
        countries=[{"country": "GB", "percentage": 0.12}, {"country": "US", "percentage": 0.46}],
    )
    assert snapshot == AudienceSnapshot(
        DAY,
        hours={19: 1_200.0, 20: 1_500.0, 0: 0.0},
        gender={"Female": 0.71, "Male": 0.26, "Other": 0.03},
        territories={"US": 0.46, "GB": 0.12},
        source=SnapshotSource.BUSINESS,
    )
    # Biggest share first, as the export's lists are stored and shown.
    assert list(snapshot.gender) == ["Female", "Male", "Other"]
    assert list(snapshot.territories) == ["US", "GB"]


def test_percents_are_read_as_shares() -> None:
    # 55 and 45 (over 1): percents, 0.55 and 0.45.
    snapshot = business_audience(
        DAY,
        genders=[{"gender": "Female", "percentage": 55}, {"gender": "Male", "percentage": 45}],
    )
    assert snapshot.gender == {"Female": 0.55, "Male": 0.45}
    assert snapshot.hours == {} and snapshot.territories == {}


def test_parts_the_api_did_not_give_stay_empty() -> None:
    assert business_audience(DAY).empty


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"activity": [{"hour": 24, "count": 3}]}, "hour 24 is out of 0-23"),
        ({"activity": [{"hour": 3, "count": 1}, {"hour": 3, "count": 2}]}, "hour 3"),
        ({"activity": [{"hour": 1.5, "count": 1}]}, "hour 1.5 is not a whole number"),
        ({"activity": [{"hour": 1, "count": -4}]}, "-4 is not a count or share"),
        ({"activity": [{"hour": 1}]}, "None is not a number"),
        ({"genders": [{"gender": "", "percentage": 0.5}]}, "blank or listed twice"),
        (
            {"countries": [{"country": "US", "percentage": 0.5}] * 2},
            "'US' is blank or listed twice",
        ),
        ({"countries": [{"country": "US", "percentage": 140}]}, "over 100"),
        ({"genders": [{"gender": "Female", "percentage": "lots"}]}, "'lots' is not a number"),
    ],
)
def test_a_malformed_answer_is_refused(
    parts: dict[str, list[dict[str, object]]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        business_audience(DAY, **parts)  # type: ignore[arg-type]


def _fields(embed: object) -> dict[str, str]:
    return {f.name: f.value for f in embed.fields}  # type: ignore[attr-defined]


def test_audience_says_the_hours_are_tiktoks_figures_for_their_day() -> None:
    # 19:00 and 20:00 UTC are 20:00 and 21:00 in Berlin on 20 Nov 2026 (UTC+1).
    snapshot = business_audience(
        DAY,
        activity=[{"hour": 19, "count": 1_200}, {"hour": 20, "count": 1_500}],
        genders=[{"gender": "Female", "percentage": 0.71}, {"gender": "Male", "percentage": 0.29}],
    )
    hours = local_hours(snapshot.hours, snapshot.as_of, ZoneInfo("Europe/Berlin"))
    embed = audience_embed(
        "glowlab.studio",
        hours,
        snapshot.as_of,
        snapshot,
        None,
        tz_name="Europe/Berlin",
        chart_name=None,
        hours_source=snapshot.source,
    )
    assert _fields(embed) == {
        "Most active (Europe/Berlin), TikTok's figures for 20 Nov 2026": (
            "21:00–22:00 · 1,500 followers online\n20:00–21:00 · 1,200 followers online"
        ),
        "Gender, as of 20 Nov 2026": "Female 71%, Male 29%",
    }
    assert embed.footer.text == "TikTok's API for Business gives these hours in UTC."
    # An export's hours keep their own heading and note.
    export = audience_embed(
        "glowlab.studio",
        hours,
        snapshot.as_of,
        None,
        None,
        tz_name="Europe/Berlin",
        chart_name=None,
        hours_source=SnapshotSource.UPLOAD,
    )
    assert list(_fields(export)) == ["Most active (Europe/Berlin), export uploaded 20 Nov 2026"]
    assert export.footer.text == (
        "The export's hours are taken to be UTC: TikTok's analytics roll over at 00:00 UTC "
        "and the file names no zone."
    )


@pytest.mark.parametrize(
    ("sources", "share"),
    [
        (
            [
                {"impression_source": "Follow", "percentage": 0.15},
                {"impression_source": "For You", "percentage": 0.8},
                {"impression_source": "Search", "percentage": 0.05},
            ],
            0.8,
        ),
        (
            [
                {"impression_source": "For You", "percentage": 62},
                {"impression_source": "Sound", "percentage": 38},
            ],
            0.62,
        ),
        ([{"impression_source": "Personal Profile", "percentage": 1.0}], 0.0),
        ([], None),
    ],
)
def test_the_for_you_share_of_a_videos_views(
    sources: list[dict[str, object]], share: float | None
) -> None:
    assert for_you_share(sources) == share


def test_a_malformed_traffic_source_is_refused() -> None:
    with pytest.raises(ValueError, match="impression_sources"):
        for_you_share([{"impression_source": "For You", "percentage": "most"}])
