"""Which hand-typed totals need a confirmation, against ranges worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from bot.analytics.plausible import Doubt, doubt

LAST = date(2026, 11, 21)


def totals(values: list[float]) -> pd.Series:
    """Daily totals ending on ``LAST``."""
    days = pd.DatetimeIndex(
        [LAST - timedelta(days=len(values) - 1 - i) for i in range(len(values))]
    )
    return pd.Series(values, index=days, name="followers", dtype="float64")


def test_a_steady_climber_may_move_five_times_its_largest_day() -> None:
    # 10,000 then +100 a day for 9 days: 10,900 on the 21st. Largest move 100 a day; the next
    # day may move max(50, 5% of 10,900 = 545, 5 x 100 x 1 = 500) = 545: 10,355 to 11,445.
    history = totals([10_000 + 100 * i for i in range(10)])
    assert doubt(history, LAST + timedelta(days=1), 11_445) is None
    assert doubt(history, LAST + timedelta(days=1), 11_446) == Doubt(LAST, 10_900, 10_355, 11_445)
    # Four days later: 5 x 100 x 4 = 2,000 beats 545 x sqrt(4) = 1,090: 8,900 to 12,900.
    assert doubt(history, LAST + timedelta(days=4), 12_900) is None
    assert doubt(history, LAST + timedelta(days=4), 8_899) == Doubt(LAST, 10_900, 8_900, 12_900)


def test_zero_always_asks_and_a_first_count_never_does() -> None:
    history = totals([900, 902, np.nan, 906])
    assert doubt(history, LAST + timedelta(days=1), 0) == Doubt(LAST, 906, 856, 956)
    assert doubt(totals([]), LAST, 0) == Doubt(None, None, 1, 1)
    assert doubt(totals([]), LAST, 1_000_000) is None


def test_a_count_for_a_day_before_the_history_compares_with_its_first_total() -> None:
    history = totals([900, 902, 904])  # 19th to 21st; the 15th is four days before the 19th
    # max(50, 5% of 900 x sqrt(4) = 90, 5 x 2 x 4 = 40) = 90 around 900.
    assert doubt(history, LAST - timedelta(days=6), 810) is None
    assert doubt(history, LAST - timedelta(days=6), 809) == Doubt(
        LAST - timedelta(days=2), 900, 810, 990
    )


def test_retyping_a_stored_day_compares_with_the_others() -> None:
    history = totals([900, 902, 1_000_000])  # a slip stored on the 21st is not the yardstick
    assert doubt(history, LAST, 905) is None
