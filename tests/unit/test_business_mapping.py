"""The API for Business's JSON as the bot reads it: answers judged, days and videos mapped."""

from __future__ import annotations

from datetime import date

from bot.tiktok.business import business_account, business_video, classify_business
from bot.tiktok.business_pull import _post_rows, window
from bot.tiktok.client import Answer


def test_answers_are_judged_by_their_code_not_their_status() -> None:
    assert classify_business(200, {"code": 0, "data": {}}) is Answer.OK
    assert classify_business(200, {"code": 40100}) is Answer.TRANSIENT
    assert classify_business(429, None) is Answer.TRANSIENT
    assert classify_business(503, {"code": 50000}) is Answer.TRANSIENT
    assert classify_business(200, {"code": 40102}) is Answer.TOKEN_INVALID
    assert classify_business(200, {"code": 40105}) is Answer.TOKEN_INVALID
    assert classify_business(200, {"code": 40110}) is Answer.GRANT_REJECTED
    assert classify_business(200, {"code": 40101}) is Answer.BAD_REQUEST
    assert classify_business(200, None) is Answer.UNREADABLE
    assert classify_business(200, {"data": {}}) is Answer.UNREADABLE


def test_days_come_oldest_first_with_blanks_kept_blank() -> None:
    account = business_account(
        {
            "username": "glowlab.studio",
            "followers_count": 1_052,
            "metrics": [
                {"date": "2026-11-21", "followers_count": 1_052, "daily_new_followers": 12},
                {
                    "date": "2026-11-20",
                    "followers_count": 1_060,
                    "daily_new_followers": 30,
                    "daily_lost_followers": 15,
                    "audience_activity": [{"hour": "9", "count": 40}],
                },
            ],
            "audience_genders": [{"gender": "Female", "percentage": 0.6}],
        }
    )
    first, second = account.days
    assert (first.day, first.gained, first.lost, first.activity) == (
        date(2026, 11, 20),
        30,
        15,
        ((9, 40),),
    )
    assert (second.day, second.gained, second.lost, second.views) == (
        date(2026, 11, 21),
        12,
        None,
        None,
    )
    assert account.audience.genders == {"Female": 0.6} and account.audience.countries == {}


def test_a_video_maps_to_its_figures_and_its_for_you_share() -> None:
    video = business_video(
        {
            "item_id": "7512",
            "create_time": 1_763_000_000,
            "caption": "Hello",
            "video_views": 2_000,
            "likes": 150,
            "comments": 12,
            "shares": 4,
            "new_followers": 9,
            "reach": 1_800,
            "full_video_watched_rate": 0.31,
            "average_time_watched": 7.5,
            "impression_sources": [
                {"impression_source": "Follow", "percentage": 0.1},
                {"impression_source": "For You", "percentage": 0.82},
            ],
        }
    )
    assert (video.new_followers, video.reach, video.for_you_share) == (9, 1_800, 0.82)
    assert (video.full_watch_rate, video.average_watch_seconds) == (0.31, 7.5)
    [row] = _post_rows([video])
    assert (row.post_id, row.title, row.views, row.likes, row.comments, row.shares) == (
        "7512",
        "Hello",
        2_000,
        150,
        12,
        4,
    )


def test_the_window_backfills_60_days_then_asks_from_two_days_before_the_last() -> None:
    today = date(2026, 11, 22)
    assert window(today, None) == (date(2026, 9, 23), date(2026, 11, 21))
    assert window(today, date(2026, 11, 20)) == (date(2026, 11, 18), date(2026, 11, 21))
    # A last day older than TikTok keeps: back to the oldest it still gives.
    assert window(today, date(2026, 8, 1)) == (date(2026, 9, 23), date(2026, 11, 21))


def test_a_video_no_for_you_feed_showed_has_a_for_you_share_of_nothing() -> None:
    """Views only from followers and search: 0% from For You, the case reach collapse needs."""
    item = {
        "item_id": "7500000000000000001",
        "impression_sources": [
            {"impression_source": "Follow", "percentage": 0.7},
            {"impression_source": "Search", "percentage": 0.3},
        ],
    }
    assert business_video(item).for_you_share == 0.0
    assert business_video({"item_id": "1", "impression_sources": []}).for_you_share is None
    unreadable = {"item_id": "2", "impression_sources": [{"percentage": 0.5}]}
    assert business_video(unreadable).for_you_share is None
