"""Whether a follower total typed by hand fits the account's own history, or looks like a typo.

A total of 0, or one that moves further from the nearest stored total than the account has
ever moved in a day recently (times a wide margin, and never less than a floor that widens with
the days between the two totals, so a weekly count of a new account is not questioned), is
stored only once the member who typed it confirms it: one slip of a finger must not rewrite
the history, nor announce milestones and alerts to the team.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

RECENT_DAYS = 28  # the stored days whose moves set the account's usual range
MARGIN = 5  # a total may move five times the largest recent daily move, per day apart
FLOOR_SHARE = 0.05  # ... and always at least 5% of the nearest total, times the square root
# of the days apart (a random walk's spread grows with the square root of time)
FLOOR = 50  # ... and at least 50 followers


@dataclass(frozen=True)
class Doubt:
    """Why a typed total needs a confirmation: the nearest stored total and the range
    the account's history allows from it (None when the total is 0 with nothing to compare)."""

    day: date | None
    total: int | None
    low: int
    high: int


def doubt(followers: pd.Series, day: date, typed: int) -> Doubt | None:
    """``followers``: the stored totals by day (NaN where unknown). None when ``typed`` fits."""
    known = followers.dropna()
    known = known[[stamp.date() != day for stamp in known.index]]
    if known.empty:
        return Doubt(None, None, 1, 1) if typed == 0 else None
    before = known[[stamp.date() < day for stamp in known.index]]
    nearest = before if not before.empty else known
    stamp = nearest.index[-1] if not before.empty else nearest.index[0]
    total = int(nearest.loc[stamp])
    apart = max(abs((day - stamp.date()).days), 1)
    recent = known.iloc[-RECENT_DAYS:]
    gaps = pd.Series(recent.index).diff().dt.days.to_numpy()[1:]
    moves = recent.diff().abs().to_numpy()[1:]
    per_day = max((move / gap for move, gap in zip(moves, gaps, strict=True) if gap), default=0)
    reach = max(FLOOR, FLOOR_SHARE * total * math.sqrt(apart), MARGIN * per_day * apart)
    low, high = max(int(total - reach), 0), int(total + reach)
    if typed == 0 or not low <= typed <= high:
        return Doubt(stamp.date(), total, max(low, 1), high)
    return None
