"""Forecasts, goals and milestones on series whose every figure is worked out by hand.

The pace is the last 28 days' average daily net (over all the days while there are fewer),
or that average times a^2 / (a^2 + v / n) for an average a of n daily nets whose variance is
v, whichever missed less in the series' own past forecasts 1 to 28 days ahead (the average
itself on a tie and while fewer than 10 of them have been checked 28 days ahead).
A series with no misses gets the least range: 1.2816 times the square root of v d (1 + d / 28)
for d days ahead, v at least the average size of a day's change, while its history measures
that many days ahead (at least 10 past days from which a forecast was made, with 14 days
behind each: 5 days for a 28-day series), and at least 0.15 of the 28-day average per day
ahead beyond.
"""

from __future__ import annotations

import math
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
    daily_totals,
    forecast,
)
from bot.analytics.goals import Goal, progress
from bot.analytics.milestones import Milestone, fresh, levels, next_level, reached
from bot.analytics.model import daily_frame
from bot.analytics.series import FollowerColumns

LAST = date(2026, 3, 31)


def totals_from_nets(nets: Sequence[float], start: int = 10_000, last: date = LAST) -> pd.DataFrame:
    """Daily totals whose day-to-day changes are ``nets`` (oldest first), ending on ``last``."""
    values = [start]
    for net in nets:
        values.append(values[-1] + int(net))
    first = last - timedelta(days=len(values) - 1)
    return daily_frame(
        {"day": first + timedelta(days=i), "followers": value} for i, value in enumerate(values)
    )


def made(daily: pd.DataFrame, today: date = LAST) -> Forecast:
    outlook = forecast(daily, today)
    assert isinstance(outlook, Forecast)
    return outlook


STEADY = totals_from_nets([50] * 27)  # 10,000 to 11,350 on 31 Mar 2026, +50 every day


def test_linear_series_projects_its_own_line_with_the_least_range() -> None:
    outlook = made(STEADY)
    assert (outlook.last_day, outlook.last_total, outlook.pace) == (LAST, 11_350, 50)
    # No variance: v is the average size of a day, 50. Replayed from the 14 days with 13
    # before them (the 14th to the 27th), the forecast never missed.
    assert (outlook.window, outlook.changed, outlook.spread) == (27, False, 50)
    assert (outlook.origins, outlook.low_misses, outlook.high_misses) == (
        14,
        (0.0,) * 5,
        (0.0,) * 5,
    )
    assert outlook.stale_days is None
    got = [(p.horizon, p.day, p.total, p.low, p.high) for p in outlook.projections]
    # All three are past the 5 measured days. 7 days: 11,350 + 350 = 11,700 +- the larger of
    # 1.2816 * sqrt(50 * 7 * 1.25) = 26.8 and 0.15 * 50 * 7 = 52.5. 28 days: 67.8 or 210;
    # 90 days: 176.5 or 675.
    assert got == [
        (7, date(2026, 4, 7), 11_700, 11_647, 11_753),
        (28, date(2026, 4, 28), 12_750, 12_540, 12_960),
        (90, date(2026, 6, 29), 15_850, 15_175, 16_525),
    ]
    # 650 to go at +50 a day: 13 days. Past 5 days the margin is 7.5 d (more than the spread's
    # 1.2816 * sqrt(50 d (1 + d / 28)): 37.5 against 35.5 at 11 days). The high end gets there
    # in 12 days (600 + 90), not 11 (550 + 82.5); the low end in 16 (800 - 120), not 15
    # (750 - 112.5).
    assert outlook.reach(12_000) == TargetDate(
        12_000, date(2026, 4, 13), earliest=date(2026, 4, 12), latest=date(2026, 4, 16)
    )


def test_a_shrinking_account_projects_down_and_never_reaches_a_higher_target() -> None:
    outlook = made(totals_from_nets([-30] * 20))  # 10,000 to 9,400
    assert (outlook.last_total, outlook.pace) == (9_400, -30)
    week = outlook.at(7)
    # 9,400 - 210 = 9,190, +- the larger of 0.15 * 30 * 7 = 31.5 and 1.2816 * sqrt(30 * 7 *
    # 1.25) = 20.8 (one day measured): the whole range below today's total.
    assert (week.total, week.low, week.high) == (9_190, 9_158, 9_222)
    assert outlook.reach(10_000) == TargetOutOfReach(10_000, -30, shrinking=True)
    flat = made(totals_from_nets([0] * 20))
    assert flat.reach(10_001) == TargetOutOfReach(10_001, 0.0, shrinking=False)


def test_a_week_that_breaks_from_the_past_sets_the_pace() -> None:
    # 56 days of +100, then 10 of -50 (15,100 at the end). The week to day 60 (three +100,
    # four -50) has median -50, outside every earlier week's (all +100) by more than half the
    # 28-day average then (78.6): a break, the week from day 53 on. At the end the pace is
    # the median of the 13 days since (three +100, ten -50): -50.
    outlook = made(totals_from_nets([100] * 56 + [-50] * 10))
    assert (outlook.last_total, outlook.pace, outlook.window) == (15_100, -50, 13)
    assert outlook.changed
    # The 28-day average: 18 days of +100 and 10 of -50 = 1,300 / 28.
    assert outlook.usual_pace == pytest.approx(1_300 / 28)
    week = outlook.at(7)
    # Replayed from the past, the forecast never fell short of the truth (every miss is zero
    # or an overshoot at the turn), so the high end is the least range: the 13 days the pace
    # rests on (three of +100, ten of -50) have the variance 55,000 / 13 - (200 / 13)^2 =
    # 3,994.1, and 1.2816 * sqrt(3,994.1 * 7 * 1.25) = 239.6.
    assert outlook.high_misses[6] == 0
    assert outlook.spread == pytest.approx(55_000 / 13 - (200 / 13) ** 2)
    assert week.total == 15_100 - 350
    assert week.high == math.ceil(15_100 - 350 + 1.2816 * math.sqrt(3_994.08 * 8.75)) == 14_990
    assert week.low < 14_750 - 500  # the overshoots at the turn widen the low end
    # The same history without the turn is no break.
    assert not made(totals_from_nets([100] * 66)).changed


def test_a_week_that_chance_could_explain_is_no_break() -> None:
    # Five weeks of 0, 0, 0, 0, +30, -30, 0: every week's median day is 0, but the days swing
    # with the variance 1,800 / 7 = 257.1. Two weeks' medians then differ by chance with a
    # standard error of 1.2533 * sqrt(2 * 257.1 / 7) = 10.74: a break needs the last week's
    # median more than 3 * 10.74 = 32.2 away from 0.
    swings = [0, 0, 0, 0, 30, -30, 0] * 5
    steady = made(totals_from_nets([*swings, *[8] * 7]))
    # A week of +8 a day is no break: the pace is the 28-day average (too few forecasts have
    # been checked four weeks ahead to prefer its discounted form), three weeks of swings (0)
    # and the week of +8: 56 / 28 = 2.
    assert (steady.changed, steady.window, steady.usual_pace, steady.pace) == (False, 28, 2, 2)
    # A week of +40 a day is: the week to day 39 (three days of swings, four of +40) has the
    # median 40 and breaks, so the pace is the median of the 10 days since the 32nd (+30, -30,
    # 0 and seven of +40).
    turned = made(totals_from_nets([*swings, *[40] * 7]))
    assert (turned.changed, turned.window, turned.pace) == (True, 10, 40)


def test_a_short_history_keeps_the_average() -> None:
    # Sixteen days alternating +2, -1: the average is +0.5 a day and the variance of the days
    # (8 * 4 + 8 * 1) / 16 - 0.25 = 2.25. No forecast has been checked four weeks ahead yet (the
    # first one, from the 14th day, would be on the 42nd), so the pace is the average itself.
    outlook = made(totals_from_nets([2, -1] * 8))
    assert (outlook.last_total, outlook.usual_pace, outlook.spread) == (10_008, 0.5, 2.25)
    assert outlook.pace == 0.5
    week = outlook.at(7)
    # 10,008 + 3.5 = 10,011.5. Replayed from the 14th, 15th and 16th days (their next day -1,
    # +2, -1 against averages of 8 / 13, 7 / 14 and 9 / 15) the misses a day ahead run from
    # -1 - 8 / 13 = -1.615 to +1.5; seven days ahead is past the one measured day, so they grow
    # sevenfold: -11.31 and +10.5, wider than the spread's 1.2816 * sqrt(2.25 * 7 * 1.25) = 5.69.
    assert outlook.low_misses == pytest.approx((-1 - 8 / 13,))
    assert outlook.high_misses == (1.5,)
    assert (week.total, week.low, week.high) == (10_012, 10_000, 10_022)
    # One purge of 7 in an otherwise still month: -7 / 27 a day, carried forward whole.
    quiet = made(totals_from_nets([0] * 13 + [-7] + [0] * 13))
    assert quiet.pace == quiet.usual_pace == pytest.approx(-7 / 27)


def test_an_account_whose_past_favours_the_discounted_pace() -> None:
    # Forty still days, a purge of 7, then twenty still days (9,993 on the 61st day). Every
    # forecast made after the purge carried a pace forward into days that stayed still: the
    # average -7 / 28 = -0.25 a day, whose days vary by v = 49 / 28 - 0.0625 = 1.6875, or its
    # discounted form -0.25 * 0.0625 / (0.0625 + 1.6875 / 28) = -7 / 55. From the k-th day
    # before the last one they missed h times the pace for h = 1 .. k days ahead: over k = 1
    # .. 20, 1,540 times the pace, 385 followers for the average and 196 for its discounted
    # form. The forecasts made before the purge all said no change and missed it alike (7 at
    # each of 378 horizons). The discounted form missed less, so it is the pace.
    outlook = made(totals_from_nets([0] * 40 + [-7] + [0] * 20))
    assert (outlook.last_total, outlook.window, outlook.changed) == (9_993, 28, False)
    assert outlook.usual_pace == -0.25
    assert outlook.pace == pytest.approx(-7 / 55)
    # 9,993 - 7 * 7 / 55 = 9,992.1.
    assert outlook.at(7).total == 9_992


def test_an_account_whose_past_favours_the_average() -> None:
    # Sixty days alternating +2, -1 (10,030 at the end). From every day with 28 days behind it
    # the average was exactly +0.5 a day and the truth h days later 0.5 h for an even h and
    # 0.5 h +- 1.5 for an odd one: the average missed by 1.5 at the 14 odd horizons of 1 .. 28,
    # 21 in all. Its discounted form, 0.5 * 0.25 / (0.25 + 2.25 / 28) = 14 / 37 a day, falls
    # (0.5 - 14 / 37) h = 0.12 h further short: 37.6 or 70.4 over the same horizons (as the
    # next day is -1 or +2). The average missed less, so it is the pace.
    outlook = made(totals_from_nets([2, -1] * 30))
    assert (outlook.last_total, outlook.window, outlook.changed) == (10_030, 28, False)
    assert outlook.pace == outlook.usual_pace == 0.5
    # The range rests on the misses of the pace chosen at each past day, the average's: the
    # truth came in at most 1.5 above it a day ahead, and never above it two days ahead (the
    # discounted form would have been short by 2 * (0.5 - 14 / 37) = 0.24 every time).
    assert outlook.high_misses[:2] == (1.5, 0.0)


def test_the_least_range_is_the_spread_of_the_days_ahead() -> None:
    # Whatever the misses, the range is at least 1.2816 * sqrt(v d (1 + d / 28)) either way:
    # for v = 2.25 and 7 days, 1.2816 * sqrt(19.6875) = 5.69 around 10,000 + 7 * 0.5 = 10,003.5.
    quiet = Forecast(
        today=LAST,
        last_day=LAST,
        last_total=10_000,
        pace=0.5,
        window=28,
        changed=False,
        usual_pace=0.5,
        origins=40,
        spread=2.25,
        low_misses=(0.0,) * 30,
        high_misses=(0.0,) * 30,
    )
    week = quiet.at(7)
    assert (week.total, week.low, week.high) == (10_004, 9_997, 10_010)
    # 28 days: 1.2816 * sqrt(2.25 * 28 * 2) = 14.39 around 10,014.
    month = quiet.at(28)
    assert (month.total, month.low, month.high) == (10_014, 9_999, 10_029)


def test_the_point_is_inside_its_range_at_every_horizon() -> None:
    nets = [100] * 56 + [-50] * 10 + [300, -400, 20, 0, 75] * 6
    for today in (LAST, LAST + timedelta(days=40)):
        outlook = made(totals_from_nets(nets), today)
        for horizon in range(0, 800, 3):
            p = outlook.at(horizon)
            assert p.low <= p.total <= p.high, horizon


def test_dates_count_from_today_after_a_gap_and_the_range_widens() -> None:
    today = LAST + timedelta(days=10)
    outlook = made(STEADY, today)
    assert (outlook.gap, outlook.stale_days) == (10, 10)
    week = outlook.at(7)
    # 17 days after the latest total: 11,350 + 850 = 12,200 +- 0.15 * 50 * 17 = 127.5 (more
    # than 1.2816 * sqrt(50 * 17 * (1 + 17 / 28)) = 47.4), outward to whole followers (against
    # 52.5 with no gap).
    assert (week.day, week.total, week.low, week.high) == (
        date(2026, 4, 17),
        12_200,
        12_072,
        12_328,
    )
    # The target is still counted from the latest total: 13 days after 31 Mar 2026.
    assert outlook.reach(12_000).day == date(2026, 4, 13)  # type: ignore[union-attr]
    # A target the pace should have passed by today is expected today, not in the past.
    late = made(STEADY, LAST + timedelta(days=20))
    assert late.reach(12_000).day == LAST + timedelta(days=20)  # type: ignore[union-attr]


def test_a_date_more_than_two_years_away_is_not_given() -> None:
    slow = made(totals_from_nets([1] * 27))  # 10,027 at +1 a day
    # 973 to go: 973 days, more than 730.
    assert slow.reach(11_000) == TargetOutOfReach(11_000, 1, shrinking=False)
    # 700 to go: 700 days, within two years.
    assert slow.reach(10_727).day == LAST + timedelta(days=700)  # type: ignore[union-attr]


def test_a_target_already_passed_and_too_little_data_are_refusals() -> None:
    assert made(STEADY).reach(11_350) == TargetPassed(11_350, 11_350, LAST)
    assert forecast(totals_from_nets([50] * 12), LAST) == TooLittleData(13)
    # 14 days is enough, though no earlier day had 14 behind it to replay: the range is the
    # margin alone, 11,000 +- 0.15 * 50 * 7 = 52.5 (more than the spread's 26.8).
    fewest = made(totals_from_nets([50] * 13))
    assert (fewest.origins, fewest.low_misses) == (0, ())
    week = fewest.at(7)
    assert (week.total, week.low, week.high) == (11_000, 10_947, 11_053)


def test_a_gap_spreads_its_change_over_its_days() -> None:
    daily = daily_frame(
        [
            {"day": date(2026, 3, 1), "followers": 1_000},
            {"day": date(2026, 3, 3), "followers": 1_100},
            {"day": date(2026, 3, 4), "followers": 1_090},
        ]
    )
    first, totals = daily_totals(FollowerColumns.of(daily))
    assert date.fromordinal(first) == date(2026, 3, 1)
    assert list(totals) == [1_000, 1_050, 1_100, 1_090]


# --- goals -----------------------------------------------------------------------------------


def test_goal_status_agrees_with_the_projection_for_its_date() -> None:
    outlook = made(STEADY)  # 11,350 on 31 Mar 2026, +50 a day
    latest = (LAST, 11_350)
    # 650 to go in 10 days: +65 a day needed; the projection for 10 Apr is 11,850.
    behind = progress(Goal(12_000, date(2026, 4, 10)), outlook, latest, LAST)
    assert (behind.status, behind.needed_per_day, behind.pace) == ("behind", 65, 50)
    assert (behind.projected, behind.expected, behind.remaining) == (11_850, date(2026, 4, 13), 650)
    assert outlook.on(date(2026, 4, 10)).total < 12_000
    # 650 in 20 days: +32.5 a day; the projection for 20 Apr is 12,350.
    ahead = progress(Goal(12_000, date(2026, 4, 20)), outlook, latest, LAST)
    assert (ahead.status, ahead.needed_per_day, ahead.projected) == ("on_track", 32.5, 12_350)
    # Exactly reached on its date: 13 days at +50 is 12,000.
    just = progress(Goal(12_000, date(2026, 4, 13)), outlook, latest, LAST)
    assert (just.status, just.projected) == ("on_track", 12_000)
    assert progress(Goal(11_000), outlook, latest, LAST).status == "reached"
    open_ended = progress(Goal(12_000), outlook, latest, LAST)
    assert (open_ended.status, open_ended.expected) == ("no_date", date(2026, 4, 13))
    unknown = progress(Goal(12_000, date(2026, 4, 10)), TooLittleData(5), latest, LAST)
    assert (unknown.status, unknown.needed_per_day, unknown.pace) == ("unknown", 65, None)


def test_a_goal_date_passes_by_today_not_by_the_latest_data() -> None:
    today = LAST + timedelta(days=6)
    outlook = made(STEADY, today)
    latest = (LAST, 11_350)
    # The date is after the latest data but before today: passed.
    assert progress(Goal(12_000, LAST + timedelta(days=5)), outlook, latest, today).status == (
        "missed"
    )
    # Due today: 11,350 + 6 * 50 = 11,650 projected, behind; +650 / 6 a day needed.
    due = progress(Goal(12_000, today), outlook, latest, today)
    assert (due.status, due.projected) == ("behind", 11_650)
    assert due.needed_per_day == pytest.approx(650 / 6)


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
