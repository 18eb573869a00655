"""The team's accounts ranked by their net over a window, so the shrinking ones stand out.

Every account's window is the one /net shows: ``days`` days to its own latest day, compared with
the window just before. Growth is the net as a share of the followers the net is measured from:
the closing total less the net (as the digest counts it), which also holds when the window's
changes come from gained/lost figures and its only total is the closing one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.analytics.series import FollowerColumns, NetReport, latest_day, net_report, stale_age

#: An account whose newest data is older than this is listed as having no recent data; the
#: leaderboard reads this much beyond its two windows.
RECENT_DAYS = 35


class RankBy(StrEnum):
    """What the leaderboard sorts on."""

    NET = "net"
    GROWTH = "growth"


@dataclass(frozen=True)
class Standing:
    """One account's place on the leaderboard, by account id; the handle is for display."""

    account_id: int
    handle: str
    report: NetReport | None  # None: no data in the last RECENT_DAYS days
    start_followers: int | None
    stale_days: int | None
    last_day: date | None  # the newest day with data; None: none yet

    @property
    def net(self) -> int | None:
        return self.report.current.net if self.report else None

    @property
    def growth(self) -> float | None:
        """The net as a share of the followers at the start (0.012 = 1.2%)."""
        if self.net is None or not self.start_followers:
            return None
        return self.net / self.start_followers

    @property
    def partial(self) -> bool:
        return self.report is not None and self.report.current.partial

    @property
    def shrinking(self) -> bool:
        return self.net is not None and self.net < 0


@dataclass(frozen=True)
class Leaderboard:
    days: int
    by: RankBy
    today: date
    standings: list[Standing]  # best first; accounts without a figure last

    @property
    def shrinking(self) -> list[Standing]:
        return [s for s in self.standings if s.shrinking]


def read_since(today: date, days: int) -> date:
    """The first day the leaderboard needs: two windows ending up to RECENT_DAYS days back."""
    return today - timedelta(days=2 * days + RECENT_DAYS)


def build_leaderboard(
    columns: Mapping[int, FollowerColumns],
    *,
    handles: Mapping[int, str],
    today: date,
    days: int,
    by: RankBy,
) -> Leaderboard:
    """Rank ``columns`` (account id -> follower data read since ``read_since``) by ``by``;
    ``handles`` names each account id."""
    recent = today - timedelta(days=RECENT_DAYS)
    standings = []
    for account_id, data in columns.items():
        handle = handles[account_id]
        end = latest_day(data)
        if end is None or end < recent:
            standings.append(Standing(account_id, handle, None, None, None, end))
            continue
        report = net_report(data, days, end=end)
        assert report is not None
        start = _start_followers(report)
        standings.append(Standing(account_id, handle, report, start, stale_age(end, today), end))

    def key(standing: Standing) -> tuple[int, float, str]:
        value = standing.net if by is RankBy.NET else standing.growth
        if value is None:
            return (1, 0.0, standing.handle)
        return (0, -float(value), standing.handle)

    return Leaderboard(days, by, today, sorted(standings, key=key))


def _start_followers(report: NetReport) -> int | None:
    """The followers the window's net grew from: its closing total less the net."""
    window = report.current
    if window.total is None or window.net is None:
        return None
    return window.total - window.net
