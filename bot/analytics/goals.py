"""Progress towards a follower goal: what it takes to get there against the current pace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.analytics.forecast import Forecast, TargetDate, TooLittleData, forecast
from bot.analytics.series import Daily, latest_total

Status = Literal["reached", "on_track", "behind", "missed", "no_date", "unknown"]


@dataclass(frozen=True)
class Goal:
    followers: int
    by: date | None = None


@dataclass(frozen=True)
class GoalProgress:
    """Where an account stands against its goal.

    ``status``: on track only when the forecast's projection for the goal's date reaches the
    goal. ``needed_per_day``: the daily net from the latest total that reaches the goal on its
    date (None without a date, once reached, or after the date); ``pace``: the forecast's
    daily net (None without one); ``expected``: the day the pace reaches the goal, when it does
    within two years of today; ``projected``: the forecast's total on the goal's date.
    """

    goal: Goal
    total: int | None
    as_of: date | None
    status: Status
    needed_per_day: float | None
    pace: float | None
    expected: date | None
    projected: int | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.total is None else self.goal.followers - self.total


def progress(
    goal: Goal, outlook: Forecast | TooLittleData, latest: tuple[date, int] | None, today: date
) -> GoalProgress:
    """``latest``: the account's latest known total; ``outlook``: its forecast; ``today``: the
    server's date, after which a goal's date has passed."""
    pace = outlook.pace if isinstance(outlook, Forecast) else None
    if latest is None:
        return GoalProgress(goal, None, None, "unknown", None, pace, None)
    as_of, total = latest
    if total >= goal.followers:
        return GoalProgress(goal, total, as_of, "reached", None, pace, None)
    expected = None
    if isinstance(outlook, Forecast):
        reach = outlook.reach(goal.followers)
        expected = reach.day if isinstance(reach, TargetDate) else None
    if goal.by is None:
        status: Status = "no_date" if pace is not None else "unknown"
        return GoalProgress(goal, total, as_of, status, None, pace, expected)
    if goal.by < today:
        return GoalProgress(goal, total, as_of, "missed", None, pace, expected)
    needed = (goal.followers - total) / max(1, (goal.by - as_of).days)
    if not isinstance(outlook, Forecast):
        return GoalProgress(goal, total, as_of, "unknown", needed, None, None)
    # The projection for the goal's date is the latest total plus the pace for the days from
    # it: it reaches the goal exactly when the pace is at least the daily net needed.
    days = (goal.by - outlook.last_day).days
    reaches = outlook.last_total + outlook.pace * days >= goal.followers
    status = "on_track" if reaches else "behind"
    projected = outlook.on(goal.by).total
    return GoalProgress(goal, total, as_of, status, needed, outlook.pace, expected, projected)


@dataclass(frozen=True)
class Outlook:
    """An account's forecast and, when it has a goal, its progress."""

    forecast: Forecast | TooLittleData
    goal: GoalProgress | None


def outlook_of(daily: Daily, goal: Goal | None, today: date) -> Outlook:
    """The forecast and goal progress of one account's data, counted from ``today`` (for a
    worker thread)."""
    projected = forecast(daily, today)
    if goal is None:
        return Outlook(projected, None)
    return Outlook(projected, progress(goal, projected, latest_total(daily), today))
