"""How goal progress and the next milestone are worded, for every state a goal can be in."""

from __future__ import annotations

from datetime import date, timedelta

from bot.analytics.forecast import Forecast, TooLittleData
from bot.analytics.goals import Goal, progress
from bot.render.outlook import goal_line, next_milestone

LAST = date(2026, 3, 31)
# +50 a day from 11,350 on 31 Mar 2026, no spread.
STEADY = Forecast(LAST, 11_350, 50.0, days_used=27, weeks_in_range=21, week_low=0, week_high=0)
LATEST = (LAST, 11_350)


def test_goal_lines() -> None:
    assert goal_line(progress(Goal(11_000), STEADY, LATEST)) == (
        "goal 11,000: reached (11,350 on 31 Mar 2026)"
    )
    assert goal_line(progress(Goal(12_000, LAST), STEADY, LATEST)) == (
        "goal 12,000 by 31 Mar 2026: the date has passed with 650 to go; set a new one with "
        "`/goal set`"
    )
    assert goal_line(progress(Goal(12_000), STEADY, LATEST)) == (
        "goal 12,000: 650 to go, pace +50.0/day, expected 13 Apr 2026"
    )
    by = LAST + timedelta(days=10)
    assert goal_line(progress(Goal(12_000, by), TooLittleData(5), LATEST)) == (
        "goal 12,000 by 10 Apr 2026: 650 to go, needs +65.0/day; too few days of totals for a pace"
    )
    assert goal_line(progress(Goal(12_000), STEADY, None)) == "goal 12,000: no follower total yet"


def test_next_milestone_lines() -> None:
    # 11,350 to 25,000 at +50 a day: 273 days after 31 Mar 2026.
    assert next_milestone(STEADY) == "next milestone 25,000: expected 29 Dec 2026"
    flat = Forecast(LAST, 11_350, 0.0, days_used=27, weeks_in_range=21, week_low=0, week_high=0)
    assert next_milestone(flat) == "next milestone 25,000: not on the current trend"
    assert next_milestone(TooLittleData(3)) == "next milestone: needs 14 days of totals to forecast"
