"""The data every rule reads: one account's days as float arrays, and the helpers over them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd

from bot.analytics.diagnose.outcomes import Member, Span
from bot.analytics.diagnose.thresholds import Thresholds
from bot.analytics.model import VIDEO_FIGURES
from bot.analytics.series import daily_net, net_window


class Context:
    """One account's data as float arrays over consecutive calendar days (NaN = unknown), built
    once per diagnosis so that each rule slices arrays instead of re-reading frames."""

    def __init__(
        self,
        daily: pd.DataFrame,
        posts: pd.DataFrame,
        *,
        end: date,
        days: int,
        team: Mapping[int, Member],
        thresholds: Thresholds,
        tz: str,
    ) -> None:
        th = thresholds
        self.th = th
        self.end = end
        self.days = days
        self.start = end - timedelta(days=days - 1)
        self.window = net_window(daily, end, days)
        self.team = team
        self.tz = tz

        dated = posts.dropna(subset=["posted_at"])
        post_days = pd.DatetimeIndex(dated["posted_at"]).tz_convert(tz).tz_localize(None)
        post_dates = post_days.normalize().to_numpy().astype("datetime64[D]")
        keep = post_dates <= np.datetime64(end, "D")
        order = np.argsort(post_dates[keep], kind="stable")

        reach_back = days + th.cadence_days + max(th.baseline_days, th.niche_history_days)
        first = [end - timedelta(days=reach_back)]
        if len(daily):
            first.append(daily.index[0].date())
        if keep.any():
            first.append(pd.Timestamp(post_dates[keep].min()).date())
        self.origin = min(first)

        frame = daily.reindex(pd.date_range(self.origin, end, freq="D", name="day"))
        self.followers = _floats(frame["followers"])
        self.gained = _floats(frame["gained"])
        self.views = _floats(frame["views"])
        self.engagement = _floats(frame["likes"] + frame["comments"] + frame["shares"])
        self.net = _floats(daily_net(frame))

        origin = np.datetime64(self.origin, "D")
        self.post_day = (post_dates[keep][order] - origin).astype(np.int64)
        self.post_views = dated["views"].to_numpy(dtype="float64", na_value=np.nan)[keep][order]
        self.post_ids = [str(v) for v in dated["post_id"].to_numpy()[keep][order]]
        self.post_titles = [str(v) for v in dated["title"].fillna("").to_numpy()[keep][order]]
        # TikTok's own figures per video (API for Business); NaN where a post lacks them.
        figures = {name: _post_floats(dated, name)[keep][order] for name in VIDEO_FIGURES}
        self.post_new_followers = figures["new_followers"]
        self.post_for_you = figures["for_you_share"]
        self.post_full_watch = figures["full_watch_rate"]
        self.post_watch_seconds = figures["average_watch_seconds"]

        self.end_i = self.idx(end)
        self.start_i = self.idx(self.start)
        self.current = slice(self.start_i, self.end_i + 1)
        self.baseline = slice(self.start_i - th.baseline_days, self.start_i)
        self.min_window = min(days, th.min_window_days)

    @property
    def has_posts(self) -> bool:
        return len(self.post_day) > 0

    def idx(self, value: date) -> int:
        """The array position of a calendar day."""
        return (value - self.origin).days

    def day(self, i: int) -> date:
        """The calendar day at an array position."""
        return self.origin + timedelta(days=int(i))

    def span(self, s: slice) -> Span:
        """A slice of days as calendar days."""
        return Span(self.day(s.start), self.day(s.stop - 1))

    def posts_in(self, s: slice) -> np.ndarray:
        """Positions (into the post arrays) of the posts published in a slice of days."""
        lo, hi = np.searchsorted(self.post_day, [s.start, s.stop])
        return np.arange(lo, hi)

    def cadence(self) -> tuple[slice, float, slice, float | None]:
        """Posts per week over the recent span (the window, at least a week) and over the
        baseline before it. Posts are known from the first one on (a Content export lists only
        recent videos), so neither span reaches further back than that, but the recent one keeps
        a week; the baseline rate is None when too little of it is covered."""
        th = self.th
        first = int(self.post_day[0])
        week = self.end_i + 1 - th.cadence_days
        recent_start = min(week, max(self.end_i + 1 - max(self.days, th.cadence_days), first))
        recent = slice(recent_start, self.end_i + 1)
        rate = len(self.posts_in(recent)) * 7 / (recent.stop - recent.start)
        base = slice(max(recent.start - th.baseline_days, first), recent.start)
        if base.stop - base.start < th.min_baseline_days:
            return recent, rate, base, None
        return recent, rate, base, len(self.posts_in(base)) * 7 / (base.stop - base.start)


def _floats(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _post_floats(posts: pd.DataFrame, name: str) -> np.ndarray:
    """A video figure of the posts, all NaN when the frame has no such column (posts parsed
    from an export, which never gives them)."""
    if name not in posts.columns:
        return np.full(len(posts), np.nan)
    return _floats(posts[name])


def known(values: np.ndarray) -> np.ndarray:
    """The known (non-NaN) values."""
    return values[~np.isnan(values)]


class Ratio(NamedTuple):
    value: float
    top: float
    bottom: float
    days: int


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> Ratio | None:
    """sum(numerator) / sum(denominator) over the days both are known (None if nothing)."""
    both = ~np.isnan(numerator) & ~np.isnan(denominator)
    top, bottom = float(numerator[both].sum()), float(denominator[both].sum())
    return None if bottom <= 0 else Ratio(top / bottom, top, bottom, int(both.sum()))


def scale(value: float, low: float, high: float) -> float:
    """Where ``value`` sits between ``low`` (0) and ``high`` (1), clipped."""
    return float(min(1.0, max(0.0, (value - low) / (high - low))))
