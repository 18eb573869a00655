"""Net followers, gained and lost over windows (README, "How it is built").

Net over the N-day window ending on day E is ``followers(E) - followers(E-N)``. Where totals are
missing, the change of a day may still be known from the split the source gave
(``gained - lost``). Whatever part of the window neither covers is reported as not covered, and
the figure is then partial: it is never filled in or guessed. A total that follows days without
one still tells the change since the total before it: that is a figure of its own (a
``GapChange``, with the days it spans), never spread over a window as if it were that window's net.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from bot.analytics.model import day_ordinals

STALE_AFTER_DAYS = 3  # Studio exports lag 1-2 days; older than that, the numbers mislead

Basis = Literal["totals", "split", "mixed", "none"]


@dataclass(frozen=True)
class NetWindow:
    """The follower change over ``days`` days, ``start`` to ``end`` inclusive."""

    start: date
    end: date
    days: int
    net: int | None
    covered_days: int
    basis: Basis
    gained: int | None
    lost: int | None
    split_days: int
    total: int | None

    @property
    def partial(self) -> bool:
        """True when some day's change in the window is unknown."""
        return self.covered_days < self.days

    @property
    def split_partial(self) -> bool:
        """True when gained/lost were given for only some days of the window."""
        return 0 < self.split_days < self.days


@dataclass(frozen=True)
class GapChange:
    """The change from the last known total before a stretch of days without totals to the
    total after it: ``followers(end) - followers(since)``, over ``days`` days."""

    since: date
    end: date
    change: int

    @property
    def days(self) -> int:
        return (self.end - self.since).days


@dataclass(frozen=True)
class NetReport:
    """A window and the one just before it, as /net, digests, alerts and the CLI show them;
    ``gap`` is the change across a gap that the window's net does not include."""

    current: NetWindow
    previous: NetWindow
    gap: GapChange | None = None

    @property
    def change_vs_previous(self) -> int | None:
        """How much better (or worse) this window's net is than the previous window's."""
        if self.current.net is None or self.previous.net is None:
            return None
        return self.current.net - self.previous.net


@dataclass(frozen=True)
class FollowerColumns:
    """One account's follower data as plain arrays: the fast form every window is computed on.

    ``days`` are proleptic ordinals (``date.toordinal()``), ascending; ``NaN`` is unknown.
    """

    days: np.ndarray
    followers: np.ndarray
    gained: np.ndarray
    lost: np.ndarray

    @classmethod
    def of(cls, daily: pd.DataFrame | FollowerColumns) -> FollowerColumns:
        if isinstance(daily, FollowerColumns):
            return daily
        return cls(
            days=day_ordinals(daily.index),
            followers=daily["followers"].to_numpy(dtype="float64", na_value=np.nan),
            gained=daily["gained"].to_numpy(dtype="float64", na_value=np.nan),
            lost=daily["lost"].to_numpy(dtype="float64", na_value=np.nan),
        )


Daily: TypeAlias = pd.DataFrame | FollowerColumns


def latest_day(daily: Daily) -> date | None:
    """The last day with any follower information (a total or a gained/lost split)."""
    data = FollowerColumns.of(daily)
    has = ~np.isnan(data.followers) | ~np.isnan(data.gained) | ~np.isnan(data.lost)
    known = data.days[has]
    return date.fromordinal(int(known[-1])) if len(known) else None


def stale_age(latest: date, today: date) -> int | None:
    """Days since the newest data when that is old enough to mislead, else None."""
    age = (today - latest).days
    return age if age > STALE_AFTER_DAYS else None


def latest_total(daily: Daily) -> tuple[date, int] | None:
    """The most recent known follower total and its day."""
    data = FollowerColumns.of(daily)
    known = np.flatnonzero(~np.isnan(data.followers))
    if not len(known):
        return None
    last = known[-1]
    return date.fromordinal(int(data.days[last])), int(data.followers[last])


def day_changes(data: FollowerColumns) -> np.ndarray:
    """Each row's follower change, the one rule every daily net follows: ``F(D) - F(D-1)``
    when both totals are known, else ``gained(D) - lost(D)`` when the source gave both, else
    NaN."""
    change = np.full(len(data.days), np.nan)
    follows_on = data.days[1:] == data.days[:-1] + 1
    change[1:][follows_on] = data.followers[1:][follows_on] - data.followers[:-1][follows_on]
    return np.where(np.isnan(change), data.gained - data.lost, change)


def daily_net(daily: pd.DataFrame) -> pd.Series:
    """``day_changes`` as a series indexed by every calendar day from the first to the last
    row; ``<NA>`` where the change is unknown."""
    if daily.empty:
        return pd.Series([], index=pd.DatetimeIndex([], name="day"), dtype="Int64")
    change = pd.Series(day_changes(FollowerColumns.of(daily)), index=daily.index, name="net")
    return change.asfreq("D").round().astype("Int64")


def net_window(daily: Daily, end: date, days: int) -> NetWindow:
    """The net change over the ``days`` days ending on ``end`` (inclusive).

    Consecutive known totals cover the days between them; a day outside those spans is covered
    by its gained/lost split when the source gave one; other days are not covered.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    data = FollowerColumns.of(daily)
    start = end - timedelta(days=days - 1)
    baseline = start.toordinal() - 1
    lo, hi = np.searchsorted(data.days, [baseline, end.toordinal() + 1])
    offsets = data.days[lo:hi] - baseline  # 0 = baseline day, days = end
    followers, gained, lost = data.followers[lo:hi], data.gained[lo:hi], data.lost[lo:hi]

    covered = np.zeros(days + 1, dtype=bool)  # index 1..days: the day's change is known
    net = 0
    from_totals = from_split = False

    has_total = ~np.isnan(followers)
    known = offsets[has_total]
    if len(known) >= 2:
        values = followers[has_total]
        net += int(values[-1] - values[0])
        covered[known[0] + 1 : known[-1] + 1] = True
        from_totals = True

    split_mask = ~np.isnan(gained) & ~np.isnan(lost) & (offsets >= 1)
    split_days = int(split_mask.sum())
    if split_days:
        split_offsets = offsets[split_mask]
        fills = ~covered[split_offsets]
        if fills.any():
            net += int((gained[split_mask][fills] - lost[split_mask][fills]).sum())
            covered[split_offsets[fills]] = True
            from_split = True

    covered_days = int(covered[1:].sum())
    at_end = has_total & (offsets == days)
    basis: Basis = (
        "mixed"
        if from_totals and from_split
        else "totals"
        if from_totals
        else "split"
        if from_split
        else "none"
    )
    return NetWindow(
        start=start,
        end=end,
        days=days,
        net=net if covered_days else None,
        covered_days=covered_days,
        basis=basis,
        gained=int(gained[split_mask].sum()) if split_days else None,
        lost=int(lost[split_mask].sum()) if split_days else None,
        split_days=split_days,
        total=int(followers[at_end][0]) if at_end.any() else None,
    )


def gap_change(daily: Daily, window: NetWindow) -> GapChange | None:
    """The change since the last known total, when the window's newest total follows days
    without one and the total before it lies before the window's baseline day (so the
    window's net cannot include that change)."""
    data = FollowerColumns.of(daily)
    has_total = ~np.isnan(data.followers)
    days, followers = data.days[has_total], data.followers[has_total]
    last = int(np.searchsorted(days, window.end.toordinal(), side="right")) - 1
    if last < 1 or days[last] < window.start.toordinal():
        return None
    before = last - 1
    if days[before] >= window.start.toordinal() - 1:
        return None
    return GapChange(
        since=date.fromordinal(int(days[before])),
        end=date.fromordinal(int(days[last])),
        change=int(followers[last] - followers[before]),
    )


def net_report(daily: Daily, days: int, end: date | None = None) -> NetReport | None:
    """The window of ``days`` ending on ``end`` (default: the latest day with data) and the
    window before it; ``None`` when the account has no follower data at all."""
    daily = FollowerColumns.of(daily)
    if end is None:
        end = latest_day(daily)
        if end is None:
            return None
    current = net_window(daily, end, days)
    previous = net_window(daily, end - timedelta(days=days), days)
    return NetReport(current=current, previous=previous, gap=gap_change(daily, current))
