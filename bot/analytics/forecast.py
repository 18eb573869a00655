"""Where the follower total is heading: a trend that favours recent weeks, and how unsure it is.

Method (documented in the README): the daily net is the change between consecutive known totals
(a gap's change spread evenly over its days). The pace is the exponentially weighted mean of
the daily nets of the last ``LOOKBACK_DAYS`` days, a day's weight halving every
``HALF_LIFE_DAYS`` days back, so last week counts twice as much as the week a fortnight before.
The projection ``h`` days after the latest total is ``total + pace * h``.

The range is empirical: the account's own 7-day nets (every 7-day stretch of the same days)
minus seven days of pace give how far a real week strays from the trend; their 10th and 90th
percentiles, scaled by ``h / 7``, bound the projection. The scaling is in proportion to the
horizon rather than its square root because an account's stray weeks come in runs (a viral
video, a pause in posting), not independently: the backtest (``bench/forecast_backtest.py``)
holds the truth more often this way. It is meant to hold the real total four times out of five
(an 80% range) for an account that keeps behaving as it did in those weeks; a change of
behaviour (an account that stops posting) falls outside it, and the backtest shows how often.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from bot.analytics.series import Daily, FollowerColumns

MIN_TOTAL_DAYS = 14  # two weeks: the least that shows a weekly rhythm and a spread of weeks
LOOKBACK_DAYS = 91  # thirteen weeks; older behaviour says little about the next quarter
HALF_LIFE_DAYS = 14.0
RANGE_QUANTILES = (0.10, 0.90)  # an 80% range
HORIZONS = (7, 28, 90)
MAX_REACH_DAYS = 3650  # a target further away than ten years is not a forecast any more
METHOD = "exponentially weighted daily net (half-life 14 days)"


@dataclass(frozen=True)
class Projection:
    """The expected total ``horizon`` days after the latest total, and its 80% range."""

    horizon: int
    day: date
    total: int
    low: int
    high: int


@dataclass(frozen=True)
class TooLittleData:
    """Fewer than ``MIN_TOTAL_DAYS`` days of totals: no trend worth projecting."""

    total_days: int
    needed: int = MIN_TOTAL_DAYS


@dataclass(frozen=True)
class TargetPassed:
    """The latest total is already at or past the target."""

    target: int
    total: int
    day: date


@dataclass(frozen=True)
class TargetOutOfReach:
    """The trend never gets there: flat or shrinking, or more than ten years away."""

    target: int
    pace: float
    shrinking: bool


@dataclass(frozen=True)
class TargetDate:
    """The day the trend reaches the target, and the earliest and latest days of its range
    (``latest`` is None when the low end of the range never gets there)."""

    target: int
    day: date
    earliest: date
    latest: date | None


TargetResult = TargetDate | TargetPassed | TargetOutOfReach


@dataclass(frozen=True)
class Forecast:
    """A projection and what it rests on."""

    last_day: date
    last_total: int
    pace: float  # followers a day
    days_used: int  # daily nets the pace was weighted over
    weeks_in_range: int  # 7-day stretches the range was measured on
    week_low: float  # 10th percentile of a week's departure from the trend
    week_high: float  # 90th percentile
    method: str = METHOD

    def at(self, horizon: int) -> Projection:
        expected = self.last_total + self.pace * horizon
        scale = horizon / 7
        return Projection(
            horizon=horizon,
            day=self.last_day + timedelta(days=horizon),
            total=round(expected),
            low=max(0, round(expected + self.week_low * scale)),
            high=max(0, round(expected + self.week_high * scale)),
        )

    @property
    def projections(self) -> list[Projection]:
        return [self.at(horizon) for horizon in HORIZONS]

    def reach(self, target: int) -> TargetResult:
        """When the total reaches ``target`` at this pace (and within the range)."""
        if target <= self.last_total:
            return TargetPassed(target, self.last_total, self.last_day)
        if self.pace <= 0:
            return TargetOutOfReach(target, self.pace, shrinking=self.pace < 0)
        days = math.ceil((target - self.last_total) / self.pace)
        if days > MAX_REACH_DAYS:
            return TargetOutOfReach(target, self.pace, shrinking=False)
        horizons = np.arange(1, MAX_REACH_DAYS + 1)
        expected = self.last_total + self.pace * horizons
        scale = horizons / 7
        upper = np.flatnonzero(expected + self.week_high * scale >= target)
        lower = np.flatnonzero(expected + self.week_low * scale >= target)
        earliest = int(horizons[upper[0]]) if len(upper) else days
        latest = int(horizons[lower[0]]) if len(lower) else None
        return TargetDate(
            target=target,
            day=self.last_day + timedelta(days=days),
            earliest=self.last_day + timedelta(days=min(earliest, days)),
            latest=None if latest is None else self.last_day + timedelta(days=max(latest, days)),
        )


def daily_nets(columns: FollowerColumns) -> tuple[np.ndarray, np.ndarray]:
    """Every day's net from the first to the last known total (ordinals, nets): the change
    between consecutive known totals, spread evenly over the days between them."""
    known = ~np.isnan(columns.followers)
    days = columns.days[known].astype(np.int64)
    totals = columns.followers[known]
    if len(days) < 2:
        return np.array([], dtype=np.int64), np.array([], dtype=float)
    every = np.arange(days[0] + 1, days[-1] + 1)
    filled = np.interp(np.arange(days[0], days[-1] + 1), days, totals)
    return every, np.diff(filled)


def recent(columns: FollowerColumns) -> FollowerColumns:
    """The days from ``LOOKBACK_DAYS`` before the latest known total to it."""
    known = columns.days[~np.isnan(columns.followers)]
    if not len(known):
        return columns
    keep = (columns.days >= known[-1] - LOOKBACK_DAYS) & (columns.days <= known[-1])
    return FollowerColumns(
        columns.days[keep], columns.followers[keep], columns.gained[keep], columns.lost[keep]
    )


def forecast(daily: Daily) -> Forecast | TooLittleData:
    """The account's forecast from its totals of the last ``LOOKBACK_DAYS`` days, or why
    there is none."""
    columns = recent(FollowerColumns.of(daily))
    known = ~np.isnan(columns.followers)
    if int(known.sum()) < MIN_TOTAL_DAYS:
        return TooLittleData(int(known.sum()))
    days, nets = daily_nets(columns)
    age = days[-1] - days
    weights = 0.5 ** (age / HALF_LIFE_DAYS)
    # Rounded far below a follower, so that float noise never moves a whole-day answer.
    pace = round(float(np.sum(weights * nets) / np.sum(weights)), 9)
    weekly = np.convolve(nets, np.ones(7), mode="valid")
    departures = weekly - 7 * pace
    week_low, week_high = (float(q) for q in np.quantile(departures, RANGE_QUANTILES))
    last = int(np.flatnonzero(known)[-1])
    return Forecast(
        last_day=date.fromordinal(int(columns.days[last])),
        last_total=int(columns.followers[last]),
        pace=pace,
        days_used=len(nets),
        weeks_in_range=len(weekly),
        week_low=week_low,
        week_high=week_high,
    )
