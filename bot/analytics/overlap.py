"""Two exports of one account that label the same totals one day apart.

Studio exports downloaded a week apart can disagree by a day: the later file says 133
followers on 3 March where the earlier one says 133 on 2 March, for every day they share.
Merged as they stand, every shared day is a conflict. This decides, from the values alone,
whether the shared days agree once one series is moved by one day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_SHARED_VALUES = 2  # one agreeing value could be chance; two in a row are a pattern


@dataclass(frozen=True)
class Shift:
    """Move ``stored`` by ``days`` to agree with ``incoming`` on ``shared`` values."""

    days: int
    shared: int


def _compared(
    stored_days: np.ndarray,
    stored: np.ndarray,
    incoming_days: np.ndarray,
    incoming: np.ndarray,
    by: int,
) -> tuple[int, int]:
    """Values known on both sides once ``stored`` is moved by ``by`` days, and how many differ."""
    _, at_stored, at_incoming = np.intersect1d(
        stored_days + by, incoming_days, assume_unique=True, return_indices=True
    )
    left, right = stored[at_stored], incoming[at_incoming]
    known = ~np.isnan(left) & ~np.isnan(right)
    return int(known.sum()), int((known & (left != right)).sum())


def one_day_shift(
    stored_days: np.ndarray,
    stored: np.ndarray,
    incoming_days: np.ndarray,
    incoming: np.ndarray,
) -> Shift | None:
    """The shift of one day (either way) under which the two series agree, if there is one.

    Days are ascending ordinals, values one column per metric with NaN for unknown. A shift is
    found only when the shared days disagree as they stand and agree, every value of at least
    ``MIN_SHARED_VALUES``, moved by exactly one of +1 or -1 days; anything else is left to
    the ordinary merge, which counts conflicts.
    """
    _, differing = _compared(stored_days, stored, incoming_days, incoming, 0)
    if not differing:
        return None
    fits = []
    for by in (1, -1):
        shared, off = _compared(stored_days, stored, incoming_days, incoming, by)
        if shared >= MIN_SHARED_VALUES and not off:
            fits.append(Shift(by, shared))
    return fits[0] if len(fits) == 1 else None
