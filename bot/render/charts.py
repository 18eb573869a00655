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
from bot.analytics.audience import LocalHour
from bot.analytics.series import daily_net

GAIN = "#2ea043"
LOSS = "#e5534b"
TOTAL = "#1f6feb"
UNKNOWN = "#8b949e"
NO_TOTALS = (
    "Total followers are not in this data, so the upper panel sums each day's net (gained - "
    "lost) from the window's start; TikTok Studio's FollowerHistory or `/log` gives totals"
)


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


def _window(daily: pd.DataFrame, end: date, days: int) -> tuple[pd.DatetimeIndex, pd.Series]:
    first = pd.Timestamp(end - timedelta(days=days - 1))
    index = pd.date_range(first, pd.Timestamp(end), freq="D", name="day")
    return index, daily["followers"].reindex(index).astype("float64")


def _has_totals(daily: pd.DataFrame, *, end: date, days: int) -> bool:
    """Whether the window holds any total; a Business Suite export gives only gained/lost."""
    return bool(_window(daily, end, days)[1].notna().any())


def account_caption(handle: str, daily: pd.DataFrame, *, end: date, days: int) -> str:
    """The words sent with the chart, saying what it draws."""
    span = f"{fmt.days(days)} to {fmt.day(end)}"
    if _has_totals(daily, end=end, days=days):
        return f"@{handle}: total followers and daily net, {span}."
    return f"@{handle}: running net and daily net, {span}. {NO_TOTALS}."


def account_figure(handle: str, daily: pd.DataFrame, *, end: date, days: int) -> Figure:
    """Total followers as a line over daily net as bars, for the ``days`` days to ``end``.

    Without any total in the window (a Business Suite export) the line is the running sum of
    daily net, labelled as such, rather than an empty panel with a 0 axis.
    """
    index, totals = _window(daily, end, days)
    net = daily_net(daily).reindex(index)
    figure = Figure(figsize=(8, 4.5))
    top = figure.add_subplot(2, 1, 1)
    net_axes = figure.add_subplot(2, 1, 2, sharex=top)
    title = f"@{handle} · {fmt.window(index[0].date(), end)}"
    if totals.notna().any():
        top.plot(index, totals.to_numpy(), color=TOTAL, marker=".", linewidth=1.8)
        top.set_ylabel("Total followers")
        top.yaxis.set_major_formatter(FuncFormatter(_count_ticks))
    else:
        running = net.astype("float64").cumsum()  # a day without net stays a gap
        top.plot(index, running.to_numpy(), color=TOTAL, marker=".", linewidth=1.8)
        top.set_ylabel("Running net")
        top.yaxis.set_major_formatter(FuncFormatter(_signed_ticks))
        title += " · totals not in the data"
    top.grid(alpha=0.3)
    top.set_title(title)
    _net_bars(net_axes, net)
    net_axes.set_ylabel("Net per day")
    net_axes.grid(alpha=0.3, axis="y")
    figure.autofmt_xdate()
    return figure


def account_chart(handle: str, daily: pd.DataFrame, *, end: date, days: int) -> bytes:
    """``account_figure`` as PNG."""
    return _png(account_figure(handle, daily, end=end, days=days))


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


def audience_chart(handle: str, hours: list[LocalHour], *, tz_name: str) -> bytes:
    """Mean active followers for each hour of the guild's day."""
    figure = Figure(figsize=(8, 3.2))
    axes = figure.add_subplot(1, 1, 1)
    labels = [f"{h.start:%H:%M}" for h in hours]
    axes.bar(range(len(hours)), [h.active for h in hours], color=TOTAL)
    axes.set_xticks(range(len(hours)), labels, rotation=90, fontsize=7)
    axes.yaxis.set_major_formatter(FuncFormatter(_count_ticks))
    axes.set_title(f"@{handle}: active followers by hour ({tz_name})")
    axes.grid(alpha=0.3, axis="y")
    return _png(figure)
