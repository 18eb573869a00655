"""Two exports labelling the same totals a day apart: detected from the values alone."""

from __future__ import annotations

from datetime import date

import numpy as np

from bot.analytics.overlap import Shift, one_day_shift

NAN = np.nan


def _days(first: date, count: int) -> np.ndarray:
    return np.arange(first.toordinal(), first.toordinal() + count, dtype=np.int64)


def _values(*totals: float) -> np.ndarray:
    return np.array(totals, dtype=float).reshape(-1, 1)


# The earlier export says 133 on 2 March, the later one 133 on 3 March (2026).
EARLIER = _days(date(2026, 2, 24), 7), _values(120, 122, 125, 127, 128, 131, 133)
LATER = _days(date(2026, 2, 27), 6), _values(125, 127, 128, 131, 133, 136)


def test_the_earlier_export_is_one_day_behind() -> None:
    # Shared labels 27 Feb..2 Mar: 127/125, 128/127, 131/128, 133/131 all differ; moved a day
    # later, 26 Feb..2 Mar of the earlier (125, 127, 128, 131, 133) meet 27 Feb..3 Mar: agree.
    assert one_day_shift(*EARLIER, *LATER) == Shift(days=1, shared=5)


def test_seen_from_the_other_side_the_shift_is_the_other_way() -> None:
    assert one_day_shift(*LATER, *EARLIER) == Shift(days=-1, shared=5)


def test_agreeing_exports_need_no_shift() -> None:
    days, values = EARLIER
    assert one_day_shift(days, values, days[3:], values[3:]) is None


def test_a_genuine_conflict_is_kept_as_one() -> None:
    later_days, later_values = LATER
    changed = later_values.copy()
    changed[2, 0] = 129  # 1 March: agrees neither as it stands nor moved; 4 of 5 still agree
    assert one_day_shift(*EARLIER, later_days, changed) == Shift(days=1, shared=5, differing=1)


def test_exports_that_mostly_disagree_either_way_are_left_alone() -> None:
    later_days, later_values = LATER
    changed = later_values.copy()
    changed[1:3, 0] = (126, 129)  # 28 Feb and 1 Mar: moved, only 3 of 5 agree (< 80%)
    assert one_day_shift(*EARLIER, later_days, changed) is None


def test_one_agreeing_value_is_not_enough() -> None:
    earlier = _days(date(2026, 3, 1), 2), _values(10, 20)
    later = _days(date(2026, 3, 2), 1), _values(10)  # 2 Mar: 20 vs 10; moved: 10 vs 10, once
    assert one_day_shift(*earlier, *later) is None


def test_unknown_values_are_not_compared() -> None:
    earlier = EARLIER[0], _values(120, 122, NAN, 127, 128, 131, 133)
    assert one_day_shift(*earlier, *LATER) == Shift(days=1, shared=4)
