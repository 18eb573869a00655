"""Round numbers worth a message: the levels, and the day an account's total first reached one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

from bot.analytics.series import Daily, FollowerColumns

FIRST_LEVELS = (1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000)
MILLION = 1_000_000
#: A level reached longer ago than this before the latest data is history, not news: it is
#: recorded, and shown in digests of its week, but no message announces it late.
FRESH_DAYS = 7


@dataclass(frozen=True)
class Milestone:
    level: int
    day: date  # the first day the total was at or above the level


@dataclass(frozen=True)
class AccountMilestone:
    """A milestone of one of a team's accounts."""

    account_id: int
    handle: str
    level: int
    day: date


def levels() -> Iterator[int]:
    """1,000, 2,000, 5,000, ... 500,000, then every million."""
    yield from FIRST_LEVELS
    level = MILLION
    while True:
        yield level
        level += MILLION


def next_level(total: int) -> int:
    """The first level above ``total``."""
    return next(level for level in levels() if level > total)


def reached(daily: Daily) -> list[Milestone]:
    """Levels the data shows being crossed: a known total below the level, then a later one at
    or above it (a total already past a level when the data begins says nothing about when)."""
    columns = FollowerColumns.of(daily)
    known = ~np.isnan(columns.followers)
    totals = columns.followers[known]
    days = columns.days[known]
    if len(totals) < 2:
        return []
    found = []
    for level in levels():
        if level > totals.max():
            break
        if totals[0] >= level:
            continue
        at = int(np.argmax(totals >= level))
        found.append(Milestone(level, date.fromordinal(int(days[at]))))
    return found


def fresh(milestones: list[Milestone], latest: date) -> list[Milestone]:
    """The ones recent enough to announce."""
    return [m for m in milestones if (latest - m.day).days < FRESH_DAYS]
