"""Forecasts, goals and milestones on series whose every figure is worked out by hand.

The weight of a day ``k`` days before the latest is ``r**k`` with ``r = 2 ** (-1 / 14)``, so a
day 14 days back counts half as much as the latest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
import pytest

from bot.analytics.forecast import (
    Forecast,
    TargetDate,
    TargetOutOfReach,
    TargetPassed,
    TooLittleData,
    daily_nets,
    forecast,
)
from bot.analytics.goals import Goal, progress
from bot.analytics.milestones import Milestone, fresh, levels, next_level, reached
from bot.analytics.model import daily_frame
from bot.analytics.series import FollowerColumns

LAST = date(2026, 3, 31)
R = 2 ** (-1 / 14)


def totals_from_nets(nets: Sequence[float], start: int = 10_000, last: date = LAST) -> pd.DataFrame:
    """Daily totals whose day-to-day changes are ``nets`` (oldest first), ending on ``last``."""
    values = [start]
    for net in nets:
        values.append(values[-1] + int(net))
    first = last - timedelta(days=len(values) - 1)
    return daily_frame(
        {"day": first + timedelta(days=i), "followers": value} for i, value in enumerate(values)
    )


def made(daily: pd.DataFrame) -> Forecast:
    outlook = forecast(daily)
    assert isinstance(outlook, Forecast)
    return outlook


def test_linear_series_projects_its_own_line_with_no_spread() -> None:
    # 27 nets of +50 from 10,000: the latest total is 10,000 + 27 * 50 = 11,350.
    outlook = made(totals_from_nets([50] * 27))
    assert (outlook.last_day, outlook.last_total) == (LAST, 11_350)
    assert outlook.pace == pytest.approx(50)
    assert (outlook.days_used, outlook.weeks_in_range) == (27, 21)  # 27 - 7 + 1 stretches
    got = [(p.horizon, p.day, p.total, p.low, p.high) for p in outlook.projections]
    assert got == [
        (7, date(2026, 4, 7), 11_700, 11_700, 11_700),
        (28, date(2026, 4, 28), 12_750, 12_750, 12_750),
        (90, date(2026, 6, 29), 15_850, 15_850, 15_850),
    ]
    # 650 to go at +50 a day: 13 days.
    assert outlook.reach(12_000) == TargetDate(
        12_000, date(2026, 4, 13), earliest=date(2026, 4, 13), latest=date(2026, 4, 13)
    )


def test_accelerating_series_weights_the_recent_fortnight() -> None:
    # 14 days of +20, then 14 of +60. The recent fortnight's weights sum to S, the older
    # one's to r**14 * S = S / 2: pace = (60 S + 20 S / 2) / (1.5 S) = 46 2/3 (plain mean: 40).
    outlook = made(totals_from_nets([20] * 14 + [60] * 14))
    assert outlook.last_total == 10_000 + 14 * 20 + 14 * 60 == 11_120
    assert outlook.pace == pytest.approx(140 / 3)
    # The 22 seven-day stretches: 8 of 140, then 180, 220, ..., 380, then 8 of 420; their
    # 10th and 90th percentiles (positions 2.1 and 18.9) are 140 and 420.
    assert outlook.week_low == pytest.approx(140 - 7 * 140 / 3)
    assert outlook.week_high == pytest.approx(420 - 7 * 140 / 3)
    week = outlook.at(7)
    # 11,120 + 326.67 = 11,446.67; low 11,120 + 140; high 11,120 + 420.
    assert (week.total, week.low, week.high) == (11_447, 11_260, 11_540)
    month = outlook.at(28)
    # 11,120 + 1,306.67 = 12,426.67, range scaled by 28 / 7 = 4: -746.67 / +373.33.
    assert (month.total, month.low, month.high) == (12_427, 11_680, 12_800)


def test_noisy_series_range_is_the_spread_of_its_weeks() -> None:
    # Nets alternate +80 and +40, the latest being +40 (ages 0, 2, ... are +40): the pace is
    # (40 + 80 r) / (1 + r); a week holds four of one and three of the other: 400 or 440.
    nets = [80, 40] * 14
    outlook = made(totals_from_nets(nets))
    pace = (40 + 80 * R) / (1 + R)
    assert outlook.pace == pytest.approx(pace)
    last = 10_000 + 14 * 120
    week = outlook.at(7)
    assert (week.low, week.high) == (last + 400, last + 440)
    assert week.total == round(last + 7 * pace)
    month = outlook.at(28)
    assert month.low == round(last + 28 * pace + 4 * (400 - 7 * pace))
    assert month.high == round(last + 28 * pace + 4 * (440 - 7 * pace))
    # 1,000 more: the trend gets there in ceil(1,000 / 59.5) = 17 days; the range's high end
    # (440 a week) in ceil(1,000 * 7 / 440) = 16, its low end (400 a week) in 18.
    assert outlook.reach(last + 1_000) == TargetDate(
        last + 1_000,
        LAST + timedelta(days=17),
        earliest=LAST + timedelta(days=16),
        latest=LAST + timedelta(days=18),
    )


def test_shrinking_and_flat_series_cannot_reach_a_target() -> None:
    shrinking = made(totals_from_nets([-30] * 20))
    assert shrinking.last_total == 9_400
    assert shrinking.at(7).total == 9_400 - 210
    assert shrinking.reach(10_000) == TargetOutOfReach(10_000, pytest.approx(-30), shrinking=True)
    flat = made(totals_from_nets([0] * 20))
    assert flat.reach(10_001) == TargetOutOfReach(10_001, 0.0, shrinking=False)


def test_a_target_already_passed_and_too_little_data_are_refusals() -> None:
    assert made(totals_from_nets([50] * 27)).reach(11_350) == TargetPassed(11_350, 11_350, LAST)
    assert forecast(totals_from_nets([50] * 12)) == TooLittleData(13)


def test_a_gap_spreads_its_change_over_its_days() -> None:
    daily = daily_frame(
        [
            {"day": date(2026, 3, 1), "followers": 1_000},
            {"day": date(2026, 3, 3), "followers": 1_100},
            {"day": date(2026, 3, 4), "followers": 1_090},
        ]
    )
    days, nets = daily_nets(FollowerColumns.of(daily))
    assert [date.fromordinal(int(d)) for d in days] == [
        date(2026, 3, 2),
        date(2026, 3, 3),
        date(2026, 3, 4),
    ]
    assert list(nets) == [50, 50, -10]


# --- goals -----------------------------------------------------------------------------------


def test_goal_progress_against_the_pace() -> None:
    outlook = made(totals_from_nets([50] * 27))  # 11,350 on 31 Mar 2026, +50 a day
    latest = (LAST, 11_350)
    # 650 to go in 10 days: +65 a day needed, +50 is the pace.
    behind = progress(Goal(12_000, date(2026, 4, 10)), outlook, latest)
    assert (behind.status, behind.needed_per_day, behind.pace) == ("behind", 65, 50)
    assert behind.expected == date(2026, 4, 13) and behind.remaining == 650
    # 650 in 20 days: +32.5 a day.
    ahead = progress(Goal(12_000, date(2026, 4, 20)), outlook, latest)
    assert (ahead.status, ahead.needed_per_day) == ("on_track", 32.5)
    assert progress(Goal(11_000), outlook, latest).status == "reached"
    assert progress(Goal(12_000, LAST), outlook, latest).status == "missed"
    open_ended = progress(Goal(12_000), outlook, latest)
    assert (open_ended.status, open_ended.expected) == ("no_date", date(2026, 4, 13))
    unknown = progress(Goal(12_000, date(2026, 4, 10)), TooLittleData(5), latest)
    assert (unknown.status, unknown.needed_per_day, unknown.pace) == ("unknown", 65, None)


# --- milestones ------------------------------------------------------------------------------


def test_levels_run_to_a_million_then_every_million() -> None:
    first = []
    for level in levels():
        first.append(level)
        if len(first) == 12:
            break
    assert first == [
        1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_000_000, 3_000_000,
    ]  # fmt: skip
    assert [next_level(t) for t in (999, 1_000, 24_999, 1_000_000, 3_500_000)] == [
        1_000, 2_000, 25_000, 2_000_000, 4_000_000,
    ]  # fmt: skip


def test_a_level_is_reached_on_the_first_day_at_or_above_it() -> None:
    first = LAST - timedelta(days=4)
    daily = daily_frame(
        {"day": first + timedelta(days=i), "followers": value}
        for i, value in enumerate([990, 1_010, 980, 1_020, 2_005])
    )
    # The dip to 980 and the recovery to 1,020 do not reach 1,000 again.
    assert reached(daily) == [
        Milestone(1_000, first + timedelta(days=1)),
        Milestone(2_000, first + timedelta(days=4)),
    ]
    # Already past 1,000 when the data begins: that crossing is not in the data.
    later = daily_frame([{"day": first, "followers": 1_500}, {"day": LAST, "followers": 2_100}])
    assert reached(later) == [Milestone(2_000, LAST)]
    old = [Milestone(1_000, LAST - timedelta(days=7)), Milestone(2_000, LAST - timedelta(days=6))]
    assert fresh(old, LAST) == [old[1]]
