"""The weekly digest as data: per account and for the team, using the same net as /net."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from bot.analytics.series import (
    Daily,
    FollowerColumns,
    NetReport,
    day_changes,
    latest_total,
    net_report,
    stale_age,
)

CHART_DAYS = 28
# The digest reads this much recent data: the 28-day chart (plus the day before it) and two
# 7-day windows ending up to a few days back, for exports that lag; an account silent for
# longer is shown as having no recent data.
DIGEST_DAYS = 7  # the digest's window: one week
DIGEST_LOOKBACK_DAYS = 35
# The week's top and bottom accounts the digest calls out first; fewer when there are fewer
# than twice as many accounts with a known net, so that no account is both.
CALLOUT = 3
# The accounts losing most get every figure (likely cause, comparison, milestone); past these,
# one compact line each keeps a big team's digest short, and its diagnosis quick.
FULL_LINES = 5


@dataclass(frozen=True)
class AccountLine:
    """One account in the digest, keyed by its id; the handle is for display."""

    account_id: int
    handle: str
    report: NetReport | None
    total: tuple[date, int] | None
    stale_days: int | None

    @property
    def net(self) -> int | None:
        return self.report.current.net if self.report else None

    @property
    def shrinking(self) -> bool:
        return self.net is not None and self.net < 0

    @property
    def growth(self) -> float | None:
        """The net as a share of the followers before it (the window's closing total minus
        its net); unknown without a closing total."""
        if self.report is None or self.net is None or self.report.current.total is None:
            return None
        before = self.report.current.total - self.net
        return self.net / before if before > 0 else None

    @property
    def order(self) -> tuple[int, float, str]:
        """Losing most first; accounts without a known net after every other."""
        return (0, self.net, self.handle) if self.net is not None else (1, 0.0, self.handle)


@dataclass(frozen=True)
class TeamDigest:
    """Everything the weekly digest says, before it is worded; ``accounts`` losing most first."""

    today: date
    accounts: list[AccountLine]
    team_net: int | None
    team_partial: bool
    team_total: int | None
    team_total_accounts: int  # how many accounts have a known total in ``team_total``
    top: list[AccountLine]  # the week's best nets, best first
    bottom: list[AccountLine]  # the week's worst nets, worst first
    team_daily_net: pd.Series  # the last CHART_DAYS days, summed over accounts; NA = unknown

    @property
    def shrinking(self) -> list[AccountLine]:
        return [line for line in self.accounts if line.shrinking]

    @property
    def detailed(self) -> list[AccountLine]:
        """The accounts shown with every figure: the first ``FULL_LINES`` with data."""
        return [line for line in self.accounts if line.report is not None][:FULL_LINES]


def build_digest(
    frames: Mapping[int, Daily],
    *,
    handles: Mapping[int, str],
    today: date,
    days: int = DIGEST_DAYS,
) -> TeamDigest:
    """Digest data for a team; ``frames`` maps account id -> daily frame, ``handles`` account
    id -> handle (a handle is unique only on its platform, so it names but never keys)."""
    columns = {account_id: FollowerColumns.of(daily) for account_id, daily in frames.items()}
    lines = []
    for account_id, daily in columns.items():
        report = net_report(daily, days)
        total = latest_total(daily)
        stale = None if report is None else stale_age(report.current.end, today)
        lines.append(AccountLine(account_id, handles[account_id], report, total, stale))
    lines.sort(key=lambda line: line.order)

    known = [line for line in lines if line.net is not None]
    team_partial = len(known) < len(lines) or any(
        line.report is not None and line.report.current.partial for line in known
    )
    callout = min(CALLOUT, len(known) // 2)
    totals = [line.total[1] for line in lines if line.total is not None]
    return TeamDigest(
        today=today,
        accounts=lines,
        team_net=sum(line.net or 0 for line in known) if known else None,
        team_partial=team_partial,
        team_total=sum(totals) if totals else None,
        team_total_accounts=len(totals),
        top=sorted(known, key=lambda line: (-(line.net or 0), line.handle))[:callout],
        bottom=known[:callout],
        team_daily_net=team_daily_net(columns.values(), end=today - timedelta(days=1)),
    )


def team_daily_net(frames: Iterable[Daily], *, end: date, days: int = CHART_DAYS) -> pd.Series:
    """Daily net (``series.day_changes``) summed over accounts for the ``days`` days ending
    ``end``; a day no account has a known change for stays NA."""
    columns = [FollowerColumns.of(daily) for daily in frames]
    index = pd.date_range(end=pd.Timestamp(end), periods=days, freq="D", name="day")
    if not columns:
        return pd.Series(pd.NA, index=index, dtype="Int64")
    day = np.concatenate([c.days for c in columns])
    change = np.concatenate([day_changes(c) for c in columns])

    slot = day - (end.toordinal() - days + 1)
    keep = (slot >= 0) & (slot < days) & ~np.isnan(change)
    total = np.bincount(slot[keep], weights=change[keep], minlength=days)
    known = np.bincount(slot[keep], minlength=days) > 0
    values = pd.array(np.round(total).astype(np.int64), dtype="Int64")
    return pd.Series(values, index=index).where(known)
