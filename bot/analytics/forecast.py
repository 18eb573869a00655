"""Where the follower total is heading, counted from today, and a range that holds as often as
it says (the method and its measured record: README, "Looking ahead").

The pace is the last 28 days' average daily net, or that average discounted by how unsure it
is: times a^2 / (a^2 + v / n), for an average a of n days whose daily nets vary by v (the
shrinkage that minimises the expected squared error of a noisy average, with the average
standing in for the pace it estimates). Which of the two is the account's own record's
choice: each is replayed from every past day a forecast would have been made with it (not
in the four weeks after a change of course, below), and the one whose misses 1 to 28 days
ahead add up to less is the pace (the average on a tie, and until ``MIN_MISSES`` forecasts
have been checked 28 days ahead). A steady account keeps its average;
a quiet account whose month held one purge, and whose past purges were not trends, moves
towards no change. The discount alone was less accurate than the plain average on the
synthetic series of the backtest, whose paces are steady, and more on the samples.

Unless the last week breaks from the weeks before: its median daily net lies outside the range
of every week's median in the eight weeks before it (by more than half that range, and by more
than chance moves a week's median day of an account whose days swing as widely: three
standard errors of the difference between two weeks' medians). Then the pace is that median,
and the forecast says so: an account that stopped posting is projected to keep losing, and a
one-day purge (a median ignores one day) is a step down in the total, not a new pace.

The range is conformal: the same procedure, the choice of pace included, is replayed from every
past day on which it would have made a forecast (``MIN_TOTAL_DAYS`` behind it), and its misses
at each horizon against what really happened give the 10th and 90th percentiles that bound the
projection. It is never narrower than the 80% range (``RANGE_Z``) of the day-to-day spread
carried over the days ahead, with the pace's own uncertainty: a day's variance v times
d (1 + d / 28) for d days ahead, the textbook spread of a drift forecast from a 28-day average.
v is the variance of the daily nets the pace rests on (the last 28, or those since a break), and at
least their average size: gains and losses are counts of people, whose spread is at least their
number. Beyond the horizons the account's history measures, its misses scale in proportion to
the days, and the range is at least ``POOLED_SPREAD`` of the 28-day average per day ahead
either way: the share that the pooled backtest series needed to hold 80% for the breaks a short
history has not shown yet (a break changes the pace, so what it costs is in proportion to the
pace). The point is always inside its own range.

Days are counted from ``today`` (the server's date, given by the caller): when the newest total
is older, the projection covers the gap as well, and its range widens with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from bot.analytics.series import Daily, FollowerColumns, stale_age

MIN_TOTAL_DAYS = 14  # two weeks: the least that shows a weekly rhythm and some misses
LOOKBACK_DAYS = 365  # a year of days to replay the forecast from
WINDOW_DAYS = 28  # the pace: the average daily net over four weeks
BREAK_DAYS = 7  # a break: the last week's median day...
BREAK_REFERENCE = 56  # ...unlike every week's of the eight before it...
BREAK_MARGIN = 0.5  # ...by more than half their range...
BREAK_CHANCE = 3.0  # ...and by three standard errors of two weeks' medians' difference...
MEDIAN_ERROR = 1.2533  # a median of normal days varies sqrt(pi / 2) times as much as their mean
BREAK_MIN_DAYS = 21  # ...once there are at least two weeks before the last one
MIN_MISSES = 10  # a horizon's range needs at least this many measured misses
CHOICE_DAYS = 28  # the pace is chosen by its past misses up to four weeks ahead
MEASURED_DAYS = 91  # misses are measured up to 13 weeks ahead, and scaled beyond
RANGE_QUANTILES = (0.10, 0.90)  # an 80% range
RANGE_Z = 1.2816  # 80% of a normal spread lies within 1.2816 standard deviations
POOLED_SPREAD = 0.15  # least half-width beyond measured days: this share of the average, a day
HORIZONS = (7, 28, 90)
MAX_REACH_DAYS = 730  # further than two years from today, a date is not a forecast any more


@dataclass(frozen=True)
class Projection:
    """The expected total ``horizon`` days after today, and its 80% range."""

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
    """The pace never gets there (flat or shrinking), or not within two years of today."""

    target: int
    pace: float
    shrinking: bool


@dataclass(frozen=True)
class TargetDate:
    """The day the pace reaches the target, and the earliest and latest days of its range
    (``latest`` is None when the low end of the range does not get there within two years)."""

    target: int
    day: date
    earliest: date
    latest: date | None


TargetResult = TargetDate | TargetPassed | TargetOutOfReach


@dataclass(frozen=True)
class Forecast:
    """A projection from today and what it rests on.

    ``window``: the days the pace is measured over; ``changed``: the last week broke from the
    weeks before and the pace is its median day; ``usual_pace``: the 28-day average (the pace
    unless the account's record chose its discounted form, or it changed course);
    ``low_misses`` / ``high_misses``: the 10th and 90th percentile misses 1, 2, ... days after
    the latest total.
    """

    today: date
    last_day: date
    last_total: int
    pace: float  # followers a day
    window: int
    changed: bool
    usual_pace: float
    origins: int  # past days the misses were measured from
    spread: float  # a day's variance over the window, at least the days' average size
    low_misses: tuple[float, ...]
    high_misses: tuple[float, ...]

    @property
    def gap(self) -> int:
        """Days from the latest total to today."""
        return max(0, (self.today - self.last_day).days)

    @property
    def stale_days(self) -> int | None:
        """How old the latest total is, when old enough to say so."""
        return stale_age(self.last_day, self.today)

    def bounds(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Expected totals ``days`` after the latest total, and their ranges' low and high
        ends."""
        days = np.asarray(days, dtype=float)
        expected = self.last_total + self.pace * days
        measured = len(self.low_misses)
        low_misses = np.array((0.0, *self.low_misses))
        high_misses = np.array((0.0, *self.high_misses))
        inside = np.minimum(days, measured).astype(int)
        scale = np.maximum(days / max(measured, 1), 1.0)
        low = np.minimum(low_misses[inside] * scale, 0.0)
        high = np.maximum(high_misses[inside] * scale, 0.0)
        floor = RANGE_Z * np.sqrt(self.spread * days * (1 + days / WINDOW_DAYS))
        floor = np.where(
            days <= measured, floor, np.maximum(floor, POOLED_SPREAD * abs(self.usual_pace) * days)
        )
        return expected, expected + np.minimum(low, -floor), expected + np.maximum(high, floor)

    def at(self, horizon: int) -> Projection:
        """``horizon`` days after today."""
        expected, low, high = (float(v[0]) for v in self.bounds(np.array([self.gap + horizon])))
        return Projection(
            horizon=horizon,
            day=self.today + timedelta(days=horizon),
            total=max(0, round(expected)),
            # Outward to whole followers: a real total is a whole number, and the range must
            # not lose one that its misses allow.
            low=max(0, math.floor(low)),
            high=max(0, math.ceil(high)),
        )

    def on(self, day: date) -> Projection:
        """The projection for ``day`` (today at the earliest)."""
        return self.at(max(0, (day - self.today).days))

    @property
    def projections(self) -> list[Projection]:
        return [self.at(horizon) for horizon in HORIZONS]

    def reach(self, target: int) -> TargetResult:
        """When the total reaches ``target`` at this pace, counted from today, and the days its
        range first and last allows; no date further than two years from today."""
        if target <= self.last_total:
            return TargetPassed(target, self.last_total, self.last_day)
        if self.pace <= 0:
            return TargetOutOfReach(target, self.pace, shrinking=self.pace < 0)
        days = max(math.ceil((target - self.last_total) / self.pace), self.gap, 1)
        if days - self.gap > MAX_REACH_DAYS:
            return TargetOutOfReach(target, self.pace, shrinking=False)
        ahead = np.arange(self.gap + 1, self.gap + MAX_REACH_DAYS + 1)
        _, low, high = self.bounds(ahead)
        upper = np.flatnonzero(high >= target)
        lower = np.flatnonzero(low >= target)
        earliest = int(ahead[upper[0]]) if len(upper) else days
        latest = int(ahead[lower[0]]) if len(lower) else None
        return TargetDate(
            target=target,
            day=self.last_day + timedelta(days=days),
            earliest=self.last_day + timedelta(days=min(earliest, days)),
            latest=None if latest is None else self.last_day + timedelta(days=max(latest, days)),
        )


def daily_totals(columns: FollowerColumns) -> tuple[int, np.ndarray]:
    """Every day's total from the first to the last known one (first ordinal, totals): a gap
    is filled by spreading its change evenly over its days."""
    known = ~np.isnan(columns.followers)
    days = columns.days[known].astype(np.int64)
    totals = columns.followers[known]
    if not len(days):
        return 0, np.array([], dtype=float)
    return int(days[0]), np.interp(np.arange(days[0], days[-1] + 1), days, totals)


def recent(columns: FollowerColumns) -> FollowerColumns:
    """The days from ``LOOKBACK_DAYS`` before the latest known total to it."""
    known = columns.days[~np.isnan(columns.followers)]
    if not len(known):
        return columns
    keep = (columns.days >= known[-1] - LOOKBACK_DAYS) & (columns.days <= known[-1])
    return FollowerColumns(
        columns.days[keep], columns.followers[keep], columns.gained[keep], columns.lost[keep]
    )


def _averages(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At each day, the average daily net of the last ``WINDOW_DAYS`` days (of all the days so
    far while there are fewer), the variance of those daily nets, and how many days they are."""
    n = len(totals)
    t = np.arange(n)
    back = np.maximum(t - WINDOW_DAYS, 0)
    windows = np.maximum(t - back, 1)
    nets = np.diff(totals, prepend=totals[:1])  # nets[k]: the change into day k
    squares = np.concatenate(([0.0], np.cumsum(nets[1:] ** 2)))
    average = (totals - totals[back]) / windows
    variance = np.maximum((squares - squares[back]) / windows - average**2, 0.0)
    return average, variance, windows


def _discounted(average: np.ndarray, variance: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The average shrunk towards no change by its uncertainty: a^2 / (a^2 + v / n) of it."""
    square = average**2
    sure = square + variance / days
    return np.where(sure > 0, average * square / np.where(sure > 0, sure, 1.0), 0.0)


def _chosen(
    totals: np.ndarray, candidates: tuple[np.ndarray, ...], unused: np.ndarray
) -> np.ndarray:
    """At each day, the candidate pace whose own past forecasts missed least: the sum of their
    absolute misses 1 to ``CHOICE_DAYS`` days ahead, from every past day a forecast would have
    been made with a candidate (not ``unused``, as after a break) whose outcome that day
    already knew. The first candidate on a tie, and until at least ``MIN_MISSES`` forecasts
    have been checked ``CHOICE_DAYS`` days ahead."""
    n = len(totals)
    origins = np.arange(MIN_TOTAL_DAYS - 1, n - 1)
    origins = origins[~unused[origins]]
    scores = []
    for pace in candidates:
        known = np.zeros(n)  # the misses that come to light on each day
        for h in range(1, CHOICE_DAYS + 1):
            at = origins[origins + h <= n - 1]
            np.add.at(known, at + h, np.abs(totals[at + h] - totals[at] - h * pace[at]))
        # Rounded far below a follower, so that float noise never breaks a tie.
        scores.append(np.round(np.cumsum(known), 6))
    best = np.argmin(np.stack(scores), axis=0)
    checked = np.searchsorted(origins + CHOICE_DAYS, np.arange(n), side="right")
    best[checked < MIN_MISSES] = 0
    return np.stack(candidates)[best, np.arange(n)]


def _paces(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pace at each day, the days it is measured over, and whether it follows a break:
    the average daily net of the last ``WINDOW_DAYS`` days or its discounted form, whichever
    the account's own past forecasts favour; within ``WINDOW_DAYS`` of a break, the median
    daily net since the week that broke began."""
    n = len(totals)
    average, variance, windows = _averages(totals)
    candidates = (average, _discounted(average, variance, windows))
    paces = np.zeros(n)
    nets = np.diff(totals)
    broke = _breaks(totals)
    since = np.zeros(n, dtype=bool)
    start = -WINDOW_DAYS
    for day in range(n):
        if broke[day] and day - BREAK_DAYS - start >= WINDOW_DAYS:
            start = day - BREAK_DAYS
        if day - start < WINDOW_DAYS:
            since[day] = True
            paces[day] = float(np.median(nets[start:day]))
            windows[day] = day - start
    return np.where(since, paces, _chosen(totals, candidates, since)), windows, since


def _recent_medians(totals: np.ndarray) -> np.ndarray:
    """At each day, the median daily net of the last ``BREAK_DAYS`` days (NaN before)."""
    nets = np.diff(totals)
    medians = np.full(len(totals), np.nan)
    if len(nets) >= BREAK_DAYS:
        views = np.lib.stride_tricks.sliding_window_view(nets, BREAK_DAYS)
        medians[BREAK_DAYS:] = np.median(views, axis=1)
    return medians


def _breaks(totals: np.ndarray) -> np.ndarray:
    """Days whose last week breaks from the weeks before: its median daily net lies outside
    the range of every week's median in the ``BREAK_REFERENCE`` days before it, by more than
    half that range or half the 28-day pace (whichever is more), and by more than three
    standard errors of the difference between two weeks' medians, judged from the 28 days
    before the last week (their variance, at least their average size: counts of people). A
    median, so that one purge or one viral day is a step in the total, not a new pace; the
    standard errors, so that the swings of a busy account with a small net are not taken for a
    change of course."""
    medians = _recent_medians(totals)
    n = len(totals)
    back = np.maximum(np.arange(n) - WINDOW_DAYS, 0)
    usual = (totals - totals[back]) / np.maximum(np.arange(n) - back, 1)
    # The weeks' medians known a week before each day, over the reference days before that.
    rolling = pd.Series(medians).rolling(BREAK_REFERENCE - BREAK_DAYS + 1, min_periods=1)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    low[BREAK_DAYS:] = rolling.min().to_numpy()[: n - BREAK_DAYS]
    high[BREAK_DAYS:] = rolling.max().to_numpy()[: n - BREAK_DAYS]
    average, variance, _ = _averages(totals)
    spread = np.maximum(variance, np.abs(average))
    chance = np.zeros(n)
    chance[BREAK_DAYS:] = MEDIAN_ERROR * np.sqrt(2 * spread[: n - BREAK_DAYS] / BREAK_DAYS)
    reach = np.maximum(BREAK_MARGIN * np.maximum(high - low, np.abs(usual)), BREAK_CHANCE * chance)
    broke = (medians < low - reach) | (medians > high + reach)
    broke[:BREAK_MIN_DAYS] = False
    return broke


def _misses(totals: np.ndarray, paces: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """The procedure's 10th and 90th percentile misses for 1, 2, ... days ahead, as far as at
    least ``MIN_MISSES`` past days measure them; and how many past days there were."""
    n = len(totals)
    origins = np.arange(MIN_TOTAL_DAYS - 1, n - 1)  # the days a forecast would have been made
    horizons = max(1, min(MEASURED_DAYS, n - MIN_TOTAL_DAYS + 1 - MIN_MISSES))
    low = np.zeros(horizons)
    high = np.zeros(horizons)
    q_low, q_high = RANGE_QUANTILES
    for h in range(1, horizons + 1):
        at = origins[origins + h <= n - 1]
        if not len(at) or (len(at) < MIN_MISSES and h > 1):
            low, high = low[: h - 1], high[: h - 1]
            break
        miss = np.sort(totals[at + h] - totals[at] - h * paces[at])
        m = len(miss)
        # Conformal ranks: the k-th smallest of m misses, k = ceil((m + 1) * 0.9), holds a new
        # miss that behaves like the past ones at least 90% of the time (10% at the low end).
        high[h - 1] = miss[min(m, math.ceil((m + 1) * q_high)) - 1]
        low[h - 1] = miss[max(1, math.floor((m + 1) * q_low)) - 1]
    return low, high, len(origins)


def forecast(daily: Daily, today: date) -> Forecast | TooLittleData:
    """The account's forecast from its totals of the last ``LOOKBACK_DAYS`` days, counted from
    ``today``, or why there is none."""
    columns = recent(FollowerColumns.of(daily))
    known = int((~np.isnan(columns.followers)).sum())
    if known < MIN_TOTAL_DAYS:
        return TooLittleData(known)
    first, totals = daily_totals(columns)
    paces, windows, broke = _paces(totals)
    low, high, origins = _misses(totals, paces)
    span = min(WINDOW_DAYS, len(totals) - 1)
    nets = np.diff(totals[-span - 1 :])
    basis = nets[-int(windows[-1]) :]  # the days the pace rests on: since a break, if any
    # Rounded far below a follower, so that float noise never moves a whole-day answer.
    return Forecast(
        today=today,
        last_day=date.fromordinal(first + len(totals) - 1),
        last_total=round(float(totals[-1])),
        pace=round(float(paces[-1]), 9),
        window=int(windows[-1]),
        changed=bool(broke[-1]),
        usual_pace=round(float(np.mean(nets)), 9),
        origins=origins,
        # Gains and losses are counts of people: their spread is at least their number.
        spread=float(max(np.var(basis), np.mean(np.abs(basis)))),
        low_misses=tuple(float(v) for v in low),
        high_misses=tuple(float(v) for v in high),
    )
