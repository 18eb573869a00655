"""PNG charts, drawn with matplotlib's Agg canvas: no GUI, and safe to run in a worker thread
(a fresh ``Figure`` per chart, never pyplot's global state)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bot import fmt
from bot.analytics.series import daily_net

GAIN = "#2ea043"
LOSS = "#e5534b"
TOTAL = "#1f6feb"
UNKNOWN = "#8b949e"


def _signed_ticks(value: float, _pos: int) -> str:
    return fmt.signed(round(value))


def _count_ticks(value: float, _pos: int) -> str:
    return fmt.count(round(value))


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _net_bars(axes: object, net: pd.Series) -> None:
    values = net.to_numpy(dtype="float64", na_value=np.nan)
    colours = [UNKNOWN if np.isnan(v) else GAIN if v >= 0 else LOSS for v in values]
    axes.bar(net.index, np.nan_to_num(values), color=colours, width=0.8)  # type: ignore[attr-defined]
    axes.axhline(0, color="#57606a", linewidth=0.8)  # type: ignore[attr-defined]
    axes.yaxis.set_major_formatter(FuncFormatter(_signed_ticks))  # type: ignore[attr-defined]


def account_chart(handle: str, daily: pd.DataFrame, *, end: date, days: int) -> bytes:
    """Total followers as a line over daily net as bars, for the ``days`` days to ``end``."""
    first = pd.Timestamp(end - timedelta(days=days - 1))
    index = pd.date_range(first, pd.Timestamp(end), freq="D", name="day")
    net = daily_net(daily).reindex(index)
    totals = daily["followers"].reindex(index).astype("float64")
    figure = Figure(figsize=(8, 4.5))
    totals_axes = figure.add_subplot(2, 1, 1)
    net_axes = figure.add_subplot(2, 1, 2, sharex=totals_axes)
    totals_axes.plot(
        index, totals.to_numpy(na_value=np.nan), color=TOTAL, marker=".", linewidth=1.8
    )
    totals_axes.set_ylabel("Total followers")
    totals_axes.yaxis.set_major_formatter(FuncFormatter(_count_ticks))
    totals_axes.grid(alpha=0.3)
    totals_axes.set_title(f"@{handle} · {fmt.window(first.date(), end)}")
    _net_bars(net_axes, net)
    net_axes.set_ylabel("Net per day")
    net_axes.grid(alpha=0.3, axis="y")
    figure.autofmt_xdate()
    return _png(figure)


def team_chart(net: pd.Series, *, title: str) -> bytes:
    """The team's daily net followers as bars."""
    figure = Figure(figsize=(8, 3.5))
    axes = figure.add_subplot(1, 1, 1)
    _net_bars(axes, net)
    axes.set_title(title)
    axes.set_ylabel("Net followers per day")
    axes.grid(alpha=0.3, axis="y")
    figure.autofmt_xdate()
    return _png(figure)
