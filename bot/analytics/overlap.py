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
MOSTLY = 0.8  # moved, at least this share of the shared values must agree ...
HARDLY = 0.5  # ... and as they stand, less than this share


@dataclass(frozen=True)
class Shift:
    """Move ``stored`` by ``days`` to agree with ``incoming`` on ``shared`` values but
    ``differing`` (genuine conflicts, which the merge counts as such)."""

    days: int
    shared: int
    differing: int = 0


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
    found only when the shared values mostly disagree as they stand (less than ``HARDLY``
    agree) and mostly agree (at least ``MOSTLY`` of at least ``MIN_SHARED_VALUES``) moved by
    exactly one of +1 or -1 days; anything else is left to the ordinary merge.
    """
    compared, differing = _compared(stored_days, stored, incoming_days, incoming, 0)
    if not differing or compared - differing >= HARDLY * compared:
        return None
    fits = []
    for by in (1, -1):
        shared, off = _compared(stored_days, stored, incoming_days, incoming, by)
        if shared >= MIN_SHARED_VALUES and shared - off >= MOSTLY * shared:
            fits.append(Shift(by, shared, off))
    return fits[0] if len(fits) == 1 else None
