"""How forecasts, goal progress and the next milestone are worded, for every state a goal can be
in, a stale forecast, a changed course and a target out of reach."""

from __future__ import annotations

from datetime import date, timedelta

from bot.analytics.forecast import Forecast, TooLittleData
from bot.analytics.goals import Goal, progress
from bot.render.outlook import basis, forecast_lines, goal_line, next_milestone, target_text

LAST = date(2026, 3, 31)
# +50 a day from 11,350 on 31 Mar 2026, no misses, a day's spread of 50.
STEADY = Forecast(
    today=LAST,
    last_day=LAST,
    last_total=11_350,
    pace=50.0,
    window=28,
    changed=False,
    usual_pace=50.0,
    origins=26,
    spread=50.0,
    low_misses=(0.0,) * 17,
    high_misses=(0.0,) * 17,
)
LATEST = (LAST, 11_350)


def steady(**changes: object) -> Forecast:
    return Forecast(**{**STEADY.__dict__, **changes})  # type: ignore[arg-type]


def test_goal_lines() -> None:
    assert goal_line(progress(Goal(11_000), STEADY, LATEST, LAST)) == (
        "goal 11,000: reached (11,350 on 31 Mar 2026)"
    )
    assert goal_line(progress(Goal(12_000, LAST - timedelta(days=1)), STEADY, LATEST, LAST)) == (
        "goal 12,000 by 30 Mar 2026: the date has passed with 650 to go; set a new one with "
        "`/goal set`"
    )
    assert goal_line(progress(Goal(12_000), STEADY, LATEST, LAST)) == (
        "goal 12,000: 650 to go, pace +50.0/day, expected 13 Apr 2026"
    )
    # The projection for 10 Apr is 11,850: behind, +65 a day needed.
    assert goal_line(progress(Goal(12_000, LAST + timedelta(days=10)), STEADY, LATEST, LAST)) == (
        "goal 12,000 by 10 Apr 2026: behind · 650 to go, needs +65.0/day but pace +50.0/day, "
        "expected 13 Apr 2026"
    )
    # The projection for 20 Apr is 12,350: on track, +32.5 a day needed.
    assert goal_line(progress(Goal(12_000, LAST + timedelta(days=20)), STEADY, LATEST, LAST)) == (
        "goal 12,000 by 20 Apr 2026: on track · 650 to go, needs +32.5/day, pace +50.0/day, "
        "expected 13 Apr 2026"
    )
    by = LAST + timedelta(days=10)
    assert goal_line(progress(Goal(12_000, by), TooLittleData(5), LATEST, LAST)) == (
        "goal 12,000 by 10 Apr 2026: 650 to go, needs +65.0/day; too few days of totals for a pace"
    )
    assert goal_line(progress(Goal(12_000), STEADY, None, LAST)) == (
        "goal 12,000: no follower total yet"
    )


def test_a_target_out_of_reach_is_worded_without_a_date() -> None:
    slow = steady(pace=1.0, last_total=10_027)
    # 14,973 to 25,000 at +1 a day: 14,973 days, far beyond two years.
    assert next_milestone(slow) == "next milestone 25,000: not within two years at the current pace"
    assert goal_line(progress(Goal(25_000), slow, (LAST, 10_027), LAST)) == (
        "goal 25,000: 14,973 to go, pace +1.0/day, not within two years at the current pace"
    )
    assert target_text("slow.one", slow.reach(25_000)) == (
        "@slow.one will not reach 25,000 within two years at the current pace (+1.0/day): no "
        "date is given."
    )
    shrinking = steady(pace=-30.0)
    assert target_text("glow", shrinking.reach(12_000)) == (
        "@glow will not reach 12,000 on the current trend: it is shrinking (-30.0/day)."
    )
    assert goal_line(
        progress(Goal(12_000, LAST + timedelta(days=30)), shrinking, LATEST, LAST)
    ) == (
        "goal 12,000 by 30 Apr 2026: behind · 650 to go, needs +21.7/day but pace -30.0/day, "
        "not on the current trend"
    )


def test_next_milestone_lines() -> None:
    # 11,350 to 25,000 at +50 a day: 273 days after 31 Mar 2026.
    assert next_milestone(STEADY) == "next milestone 25,000: expected 29 Dec 2026"
    assert next_milestone(steady(pace=0.0)) == "next milestone 25,000: not on the current trend"
    assert next_milestone(TooLittleData(3)) == "next milestone: needs 14 days of totals to forecast"


def test_basis_says_when_the_course_changed_and_when_the_data_is_old() -> None:
    assert basis(STEADY) == (
        "Latest total 11,350 on 31 Mar 2026. Pace +50.0/day, the average daily net of the last "
        "28 days."
    )
    turned = steady(
        pace=-43.0, window=17, changed=True, usual_pace=86.0, today=LAST + timedelta(days=18)
    )
    assert basis(turned) == (
        "Latest total 11,350 on 31 Mar 2026. The account changed course: pace -43.0/day, its "
        "typical day over the last 17 days, against +86.0/day on average over the last 28 days; "
        "the forecast follows the recent days. Last data 31 Mar 2026, 18 days ago: projections "
        "count from today and their ranges are wider for the days without data."
    )
    # An average the day-to-day swings could explain is only partly carried forward.
    assert basis(steady(pace=0.32, usual_pace=0.5)) == (
        "Latest total 11,350 on 31 Mar 2026. Pace +0.3/day: the last 28 days averaged "
        "+0.5/day, but the days swing too widely for that average to be sure, so the forecast "
        "carries only part of it forward."
    )
    # Three days old is not stale: nothing said.
    assert "ago" not in basis(steady(today=LAST + timedelta(days=3)))


def test_report_lines_count_from_today() -> None:
    lines = forecast_lines("steady", steady(today=LAST + timedelta(days=10)))
    # 17 days after the latest total, all measured: 12,200 +- 1.2816 * sqrt(50 * 17 * (1 + 17 /
    # 28)) = 47.4, outward.
    assert lines[1] == "In 7 days (17 Apr 2026): 12,200 (range 12,152 – 12,248)"
    assert lines[-1] == "next milestone 25,000: expected 29 Dec 2026"
