"""Each cog's option parsing on its own, fast: the end-to-end tests drive the same parsers
through the command tree (tests/e2e/test_option_bounds.py and the command files)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import discord
import pytest

from bot.analytics.leaderboard import RankBy
from bot.errors import UserFacingError
from cogs.common import Bounded, parse_handle
from cogs.data import parse_log_date
from cogs.digest import parse_time_of_day, parse_timezone
from cogs.forecast import ForecastCog
from cogs.goals import GoalsCog, parse_goal_date
from cogs.insights import InsightsCog
from cogs.team import TeamCog

LEAP_DAY = date(2028, 2, 29)
# Bounded.transform reads only the value: the interaction is never looked at.
NO_INTERACTION = cast(Any, None)


# --- handles (/account add, and every account option) -------------------------------------


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("glowlab.studio", "glowlab.studio"),
        ("  @GlowLab.Studio ", "glowlab.studio"),
        ("https://www.tiktok.com/@northside.eats?lang=en", "northside.eats"),
        ("ab", "ab"),
        ("a" * 24, "a" * 24),
        ("pixel_pets", "pixel_pets"),
    ],
)
def test_a_handle_is_read_from_a_name_a_mention_or_a_profile_link(text: str, handle: str) -> None:
    assert parse_handle(text) == handle


@pytest.mark.parametrize("text", ["a", "a" * 25, "glow lab", "glowlab.", "glow-lab", "", "@"])
def test_a_handle_tiktok_would_refuse_gets_a_plain_answer(text: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        parse_handle(text)
    assert "is not a TikTok username: use 2-24 letters, digits, underscores or periods" in str(
        refused.value
    )


def test_a_long_bad_handle_is_quoted_shortened() -> None:
    with pytest.raises(UserFacingError) as refused:
        parse_handle("x" * 100)
    assert f"`{'x' * 40}`" in str(refused.value)
    assert "x" * 41 not in str(refused.value)


# --- whole numbers in a range (/log, /goal, /forecast, /net, /why, /chart, /leaderboard) -----


async def test_a_bounded_option_keeps_its_ends_and_refuses_past_them() -> None:
    days = Bounded("days", 1, 90)
    assert (days.type, days.min_value, days.max_value) == (
        discord.AppCommandOptionType.integer,
        1,
        90,
    )
    assert await days.transform(NO_INTERACTION, 1) == 1
    assert await days.transform(NO_INTERACTION, 90) == 90
    for value in (0, 91, -5):
        with pytest.raises(UserFacingError) as refused:
            await days.transform(NO_INTERACTION, value)
        assert str(refused.value) == (
            f"`days` must be a whole number from 1 to 90; `{value}` is not. Nothing was changed."
        )


@pytest.mark.parametrize("value", [True, 7.0, "7", None])
async def test_a_bounded_option_refuses_what_is_not_a_whole_number(value: object) -> None:
    with pytest.raises(UserFacingError) as refused:
        await Bounded("followers", 0, 2_000_000_000).transform(NO_INTERACTION, value)
    assert str(refused.value) == (
        f"`followers` must be a whole number from 0 to 2,000,000,000; `{value}` is not. "
        "Nothing was changed."
    )


async def test_a_bounded_option_quotes_a_huge_value_shortened() -> None:
    with pytest.raises(UserFacingError) as refused:
        await Bounded("views", 0, 10).transform(NO_INTERACTION, 10**40)
    assert f"`{'1' + '0' * 23}` is not" in str(refused.value)


@pytest.mark.parametrize(
    ("command", "option", "low", "high", "default"),
    [
        (InsightsCog.net, "days", 1, 365, 7),
        (InsightsCog.why, "days", 1, 90, 7),
        (InsightsCog.chart, "days", 7, 365, 28),
        (TeamCog.leaderboard, "days", 1, 365, 7),
        (GoalsCog.set_goal, "followers", 1, 2_000_000_000, None),
        (ForecastCog.forecast, "target", 1, None, None),
    ],
)
def test_each_command_offers_its_range_to_discord(
    command: Any, option: str, low: int, high: int | None, default: int | None
) -> None:
    parameter = command.get_parameter(option)
    assert parameter.type is discord.AppCommandOptionType.integer
    assert parameter.min_value == low
    if high is not None:
        assert parameter.max_value == high
    if default is not None:
        assert parameter.default == default


# --- the leaderboard's `by` --------------------------------------------------------------


def test_the_leaderboard_offers_exactly_the_rankings_it_knows() -> None:
    by = TeamCog.leaderboard.get_parameter("by")
    assert {RankBy(choice.value) for choice in by.choices} == set(RankBy)
    assert RankBy(by.default) is RankBy.NET


# --- /log's date ---------------------------------------------------------------------------


def test_a_log_without_a_date_is_for_today() -> None:
    assert parse_log_date(None, LEAP_DAY) == LEAP_DAY


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2028-02-29", LEAP_DAY),
        (" 2028-02-28 ", date(2028, 2, 28)),
        # five years of 366 days: 1,830 days before 29 Feb 2028 is 25 Feb 2023
        ("2023-02-25", date(2023, 2, 25)),
    ],
)
def test_a_log_date_today_or_up_to_five_years_back_is_kept(text: str, day: date) -> None:
    assert parse_log_date(text, LEAP_DAY) == day


def test_a_log_date_that_is_not_a_date_says_how_to_write_one() -> None:
    with pytest.raises(UserFacingError) as refused:
        parse_log_date("29/02/2028", LEAP_DAY)
    assert str(refused.value) == (
        "`29/02/2028` is not a date: write it as YYYY-MM-DD, e.g. `2028-02-29`."
    )
    with pytest.raises(UserFacingError):
        parse_log_date("2027-02-29", LEAP_DAY)  # no leap day in 2027


def test_a_log_date_in_the_future_or_too_old_is_refused() -> None:
    with pytest.raises(UserFacingError) as future:
        parse_log_date("2028-03-01", LEAP_DAY)
    assert "is in the future (today is" in str(future.value)
    assert "in this server's time zone)" in str(future.value)
    with pytest.raises(UserFacingError) as old:
        parse_log_date("2023-02-24", LEAP_DAY)
    assert str(old.value) == "That date is more than five years ago."


# --- /goal's date --------------------------------------------------------------------------


def test_a_goal_date_is_optional_and_must_be_after_today() -> None:
    assert parse_goal_date(None, LEAP_DAY) is None
    assert parse_goal_date("2028-03-01", LEAP_DAY) == date(2028, 3, 1)
    with pytest.raises(UserFacingError) as today:
        parse_goal_date("2028-02-29", LEAP_DAY)
    assert str(today.value).startswith("A goal's date must be after today (")


def test_a_goal_date_within_ten_years_of_366_days() -> None:
    # 3,660 days after 29 Feb 2028: 2028-03-01 .. 2038-02-28 is 3,652 days, so 8 Mar 2038
    assert parse_goal_date("2038-03-08", LEAP_DAY) == date(2038, 3, 8)
    with pytest.raises(UserFacingError) as far:
        parse_goal_date("2038-03-09", LEAP_DAY)
    assert str(far.value) == "A goal's date must be within ten years. Nothing was changed."


def test_a_goal_date_that_is_not_a_date_suggests_next_new_year() -> None:
    with pytest.raises(UserFacingError) as refused:
        parse_goal_date("next year", LEAP_DAY)
    assert str(refused.value) == (
        "`next year` is not a date: write it as YYYY-MM-DD, e.g. `2029-01-01`. Nothing was changed."
    )


# --- /digest schedule's time and time zone -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"), [("09:00", "09:00"), (" 9:05 ", "09:05"), ("23:59", "23:59")]
)
def test_a_digest_time_is_kept_as_hh_mm(text: str, kept: str) -> None:
    assert parse_time_of_day(text) == kept


@pytest.mark.parametrize("text", ["24:00", "9am", "09:60", ""])
def test_a_digest_time_that_is_not_one_says_how_to_write_it(text: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        parse_time_of_day(text)
    assert str(refused.value) == f"`{text}` is not a time: use 24-hour HH:MM, e.g. `09:00`."


def test_a_time_zone_is_an_iana_name() -> None:
    assert parse_timezone(" Pacific/Auckland ") == "Pacific/Auckland"
    with pytest.raises(UserFacingError) as refused:
        parse_timezone("Mars/Olympus")
    assert str(refused.value).startswith(
        "`Mars/Olympus` is not a time zone: pick one from the list"
    )
