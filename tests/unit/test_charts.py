"""The charts' data, ticks and labels: what each panel draws, read from the matplotlib Figure."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from bot import fmt
from bot.analytics.model import daily_frame
from bot.i18n import use_locale
from bot.render.charts import (
    MAX_DATE_TICKS,
    NO_TOTALS,
    account_caption,
    account_figure,
    team_figure,
)

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


def _drawn_labels(axes: Axes, axis: str) -> list[Text]:
    """The tick labels as drawn: those inside the axes' view, with their rendered text."""
    axes.figure.canvas.draw()
    labels = axes.get_xticklabels() if axis == "x" else axes.get_yticklabels()
    return [label for label in labels if label.get_visible() and label.get_text()]


@pytest.mark.parametrize(
    ("totals", "nets"),
    [
        # Nets +2, +3, -1, +5, 0, +1: matplotlib's own total ticks fall on halves (97.5 drawn
        # as "98", 102.5 as "102").
        ([100, 102, 105, 104, 109, 109, 110], [0, 2, 3, -1, 5, 0, 1]),
        # +1 a day: its own net ticks fall on quarters (0.25 and 0.5 drawn as "±0").
        ([100, 101, 102, 103, 104, 105, 106], [0, 1, 1, 1, 1, 1, 1]),
    ],
)
def test_small_daily_nets_get_whole_number_ticks(totals: list[int], nets: list[int]) -> None:
    daily = daily_frame(_days([{"followers": v} for v in totals]))
    figure = account_figure("tiny.shop", daily, end=END, days=7)
    FigureCanvasAgg(figure)
    top, bottom = figure.axes
    assert [bar.get_height() for bar in bottom.patches] == nets
    for axes in (top, bottom):
        labels = _drawn_labels(axes, "y")
        assert len(labels) >= 3
        for label in labels:
            value = label.get_position()[1]
            assert value == round(value), (axes.get_ylabel(), value)
            expected = fmt.count(round(value)) if axes is top else fmt.signed(round(value))
            assert label.get_text() == expected


def test_team_chart_spans_the_days_with_data_and_dates_read_like_titles() -> None:
    # 28 days to 20 Nov; data on 24 Oct - 3 Nov only (11 days), the last 17 days unknown.
    index = pd.date_range(END - timedelta(days=27), END, freq="D", name="day")
    net = pd.Series([float(i % 5 - 2) for i in range(11)] + [NAN] * 17, index=index)
    figure = team_figure(net)
    FigureCanvasAgg(figure)
    (axes,) = figure.axes
    assert axes.get_title() == "Team net followers per day · 24 Oct – 3 Nov 2026"
    assert len(axes.patches) == 11
    low, high = axes.get_xlim()
    first, last = date(2026, 10, 24), date(2026, 11, 3)
    assert mdates.num2date(low).date() >= first - timedelta(days=1)
    assert mdates.num2date(high).date() <= last + timedelta(days=1)
    texts = [label.get_text() for label in _drawn_labels(axes, "x")]
    assert texts[-1] == "3 Nov"
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", text) for text in texts), texts


def test_date_labels_do_not_overlap() -> None:
    daily = daily_frame(_days([{"followers": 1_000 + 3 * i} for i in range(90)]))
    figure = account_figure("long.run", daily, end=END, days=90)
    FigureCanvasAgg(figure)
    bottom = figure.axes[1]
    labels = _drawn_labels(bottom, "x")
    assert 4 <= len(labels) <= MAX_DATE_TICKS
    assert labels[-1].get_text() == "20 Nov"
    boxes = [label.get_window_extent() for label in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_a_chart_speaks_the_reply_language_and_english_where_no_font_draws_it() -> None:
    index = pd.date_range(END - timedelta(days=10), END, freq="D", name="day")
    net = pd.Series([float(i % 5 - 2) for i in range(11)], index=index)
    with use_locale("de"):
        german = team_figure(net, fonts=())
        FigureCanvasAgg(german)
        (axes,) = german.axes
        ticks = [label.get_text() for label in _drawn_labels(axes, "x")]
    assert axes.get_title() == "Netto-Follower des Teams pro Tag · 10. Nov. – 20. Nov. 2026"
    assert ticks[-1] == "20. Nov."
    with use_locale("ja"):
        japanese = team_figure(net, fonts=("Noto Sans CJK JP",))
        unreadable = team_figure(net, fonts=())
    assert japanese.axes[0].get_title().startswith("チーム全体の1日あたりの純増数 · ")
    # Without a font for Japanese the chart is labelled in English, not with empty boxes.
    assert unreadable.axes[0].get_title() == "Team net followers per day · 10 Nov – 20 Nov 2026"
