"""The account chart's data: what each panel draws, read from the matplotlib Figure."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from bot.analytics.model import daily_frame
from bot.render.charts import NO_TOTALS, account_caption, account_figure

END = date(2026, 11, 20)
NAN = np.nan


def _days(values: list[dict[str, int]]) -> list[dict[str, object]]:
    """Rows for the last ``len(values)`` days to ``END``."""
    first = END - timedelta(days=len(values) - 1)
    return [{"day": first + timedelta(days=i), **row} for i, row in enumerate(values)]


def test_split_only_data_draws_the_running_net_and_says_totals_are_missing() -> None:
    # A Business Suite export: gained and lost, no totals. Net 8, -2, -5, 6; running 8, 6, 1, 7.
    split = [(10, 2), (4, 6), (0, 5), (7, 1)]
    daily = daily_frame(_days([{"gained": g, "lost": lost} for g, lost in split]))
    figure = account_figure("northside.eats", daily, end=END, days=7)
    top, bottom = figure.axes
    assert top.get_ylabel() == "Running net"
    assert top.get_title() == "@northside.eats · 14 Nov – 20 Nov 2026 · totals not in the data"
    (line,) = top.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), [NAN, NAN, NAN, 8, 6, 1, 7])
    assert [bar.get_height() for bar in bottom.patches] == [0, 0, 0, 8, -2, -5, 6]
    low, high = top.get_ylim()
    assert low < 1 and high > 8  # the axis spans the data, not a lone 0
    caption = account_caption("northside.eats", daily, end=END, days=7)
    assert caption == (
        f"@northside.eats: running net and daily net, 7 days to 20 Nov 2026. {NO_TOTALS}."
    )


def test_totals_are_drawn_as_they_are() -> None:
    # 500, 503, (missing), 510: net +3, unknown, unknown (no split given)
    daily = daily_frame(_days([{"followers": 500}, {"followers": 503}, {}, {"followers": 510}]))
    figure = account_figure("pixel.pets", daily, end=END, days=4)
    top, bottom = figure.axes
    assert top.get_ylabel() == "Total followers"
    assert top.get_title() == "@pixel.pets · 17 Nov – 20 Nov 2026"
    (line,) = top.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), [500, 503, NAN, 510])
    assert [bar.get_height() for bar in bottom.patches] == [0, 3, 0, 0]
    assert account_caption("pixel.pets", daily, end=END, days=4) == (
        "@pixel.pets: total followers and daily net, 4 days to 20 Nov 2026."
    )
