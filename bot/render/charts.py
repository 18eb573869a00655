"""PNG charts, drawn with matplotlib's Agg canvas: no GUI, and safe to run in a worker thread
(a fresh ``Figure`` per chart, never pyplot's global state)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from bot import fmt
from bot.analytics.audience import LocalHour
from bot.analytics.series import daily_net
from bot.i18n import ENGLISH, N_, _, current_locale, language, use_locale

GAIN = "#2ea043"
LOSS = "#e5534b"
TOTAL = "#1f6feb"
UNKNOWN = "#8b949e"
NO_TOTALS = N_(
    "Total followers are not in this data, so the upper panel adds up each day's net (followers "
    "gained minus followers lost) from the window's start; TikTok Studio's FollowerHistory or "
    "`/log` gives totals"
)
# Dates on the x axis: at most this many, so the labels never run into each other.
MAX_DATE_TICKS = 8
# Languages whose script DejaVu Sans, matplotlib's own font, cannot draw, and fonts that can,
# used where the host has one (Debian: fonts-noto-cjk). Without one, a chart for these
# languages is labelled in English rather than with empty boxes.
CJK_LANGUAGES = frozenset({"ja", "ko"})
CJK_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans JP",
    "Noto Sans KR",
    "Source Han Sans",
    "IPAexGothic",
    "IPAGothic",
    "NanumGothic",
)


def installed(names: Sequence[str]) -> tuple[str, ...]:
    """The fonts of ``names`` this host has, in that order."""
    have = {entry.name for entry in font_manager.fontManager.ttflist}
    return tuple(name for name in names if name in have)


FALLBACK_FONTS = installed(CJK_FONTS)
# A glyph DejaVu Sans lacks is drawn from the next font that has it.
matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans", *FALLBACK_FONTS]


@contextmanager
def _words(fonts: Sequence[str]) -> Iterator[None]:
    """The chart's words in the reply's language, or in English when no font here draws its
    script."""
    if language(current_locale()) in CJK_LANGUAGES and not fonts:
        with use_locale(ENGLISH):
            yield
    else:
        yield


def _signed_ticks(value: float, _pos: int) -> str:
    return fmt.signed(round(value))


def _count_ticks(value: float, _pos: int) -> str:
    return fmt.count(round(value))


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _counts_axis(axes: Axes, formatter: FuncFormatter) -> None:
    """Ticks on whole followers only: a small account's +2 bar never sits under a "+2" that
    labels 2.5."""
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(formatter)


def _date_axis(axes: Axes, index: pd.DatetimeIndex) -> None:
    """Day ticks written like the titles ("14 Nov"), spaced evenly back from the last day and
    few enough not to overlap."""
    step = -(-len(index) // MAX_DATE_TICKS)
    ticks = index[::-1][::step][::-1]
    axes.xaxis.set_major_locator(FixedLocator([float(v) for v in mdates.date2num(ticks)]))
    axes.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: fmt.day_and_month(mdates.num2date(value).date()))
    )


def _net_bars(axes: Axes, net: pd.Series) -> None:
    values = net.to_numpy(dtype="float64", na_value=np.nan)
    colours = [UNKNOWN if np.isnan(v) else GAIN if v >= 0 else LOSS for v in values]
    axes.bar(net.index, np.nan_to_num(values), color=colours, width=0.8)
    axes.axhline(0, color="#57606a", linewidth=0.8)
    _counts_axis(axes, FuncFormatter(_signed_ticks))
    _date_axis(axes, pd.DatetimeIndex(net.index))


def _window(daily: pd.DataFrame, end: date, days: int) -> tuple[pd.DatetimeIndex, pd.Series]:
    first = pd.Timestamp(end - timedelta(days=days - 1))
    index = pd.date_range(first, pd.Timestamp(end), freq="D", name="day")
    return index, daily["followers"].reindex(index).astype("float64")


def _has_totals(daily: pd.DataFrame, *, end: date, days: int) -> bool:
    """Whether the window holds any total; a Business Suite export gives only gained/lost."""
    return bool(_window(daily, end, days)[1].notna().any())


def account_caption(handle: str, daily: pd.DataFrame, *, end: date, days: int) -> str:
    """The words sent with the chart, saying what it draws."""
    numbers = {"handle": handle, "days": fmt.days(days), "end": fmt.day(end)}
    if _has_totals(daily, end=end, days=days):
        # Translators: "net" is net followers (gained minus lost); {days} is a number of days,
        # such as "30 days", ending on the date {end}.
        return _("@{handle}: total followers and daily net, {days} to {end}.").format(**numbers)
    # Translators: "net" is net followers (gained minus lost); {days} is a number of days, such
    # as "30 days", ending on the date {end}; {no_totals} explains what the chart draws instead
    # of totals.
    return _("@{handle}: running net and daily net, {days} to {end}. {no_totals}.").format(
        no_totals=_(NO_TOTALS), **numbers
    )


def account_figure(
    handle: str,
    daily: pd.DataFrame,
    *,
    end: date,
    days: int,
    fonts: Sequence[str] = FALLBACK_FONTS,
) -> Figure:
    """Total followers as a line over daily net as bars, for the ``days`` days to ``end``.

    Without any total in the window (a Business Suite export) the line is the running sum of
    daily net, labelled as such, rather than an empty panel with a 0 axis.
    """
    with _words(fonts):
        return _account_figure(handle, daily, end=end, days=days)


def _account_figure(handle: str, daily: pd.DataFrame, *, end: date, days: int) -> Figure:
    index, totals = _window(daily, end, days)
    net = daily_net(daily).reindex(index)
    figure = Figure(figsize=(8, 4.5))
    top = figure.add_subplot(2, 1, 1)
    net_axes = figure.add_subplot(2, 1, 2, sharex=top)
    span = fmt.window(index[0].date(), end)
    if totals.notna().any():
        top.plot(index, totals.to_numpy(), color=TOTAL, marker=".", linewidth=1.8)
        top.set_ylabel(_("Total followers"))
        _counts_axis(top, FuncFormatter(_count_ticks))
        title = f"@{handle} · {span}"
    else:
        running = net.astype("float64").cumsum()  # a day without net stays a gap
        top.plot(index, running.to_numpy(), color=TOTAL, marker=".", linewidth=1.8)
        # Translators: axis label: net followers (gained minus lost) added up day by day.
        top.set_ylabel(_("Running net"))
        _counts_axis(top, FuncFormatter(_signed_ticks))
        # Translators: chart title; {span} is a date range.
        title = _("@{handle} · {span} · totals not in the data").format(handle=handle, span=span)
    top.grid(alpha=0.3)
    top.set_title(title)
    _net_bars(net_axes, net)
    # Translators: axis label: net followers (gained minus lost) each day.
    net_axes.set_ylabel(_("Net per day"))
    net_axes.grid(alpha=0.3, axis="y")
    figure.autofmt_xdate()
    return figure


def account_chart(
    handle: str,
    daily: pd.DataFrame,
    *,
    end: date,
    days: int,
    fonts: Sequence[str] = FALLBACK_FONTS,
) -> bytes:
    """``account_figure`` as PNG; its axes are written as it is drawn, in the same words."""
    with _words(fonts):
        return _png(_account_figure(handle, daily, end=end, days=days))


def team_figure(net: pd.Series, *, fonts: Sequence[str] = FALLBACK_FONTS) -> Figure:
    """The team's daily net followers as bars, over the days from the first to the last with
    data: days after the data end are not drawn as empty days."""
    with _words(fonts):
        return _team_figure(net)


def _team_figure(net: pd.Series) -> Figure:
    known = net.dropna()
    if len(known):
        net = net.loc[known.index[0] : known.index[-1]]
    figure = Figure(figsize=(8, 3.5))
    axes = figure.add_subplot(1, 1, 1)
    _net_bars(axes, net)
    title = _("Team net followers per day")
    if len(net):
        title += f" · {fmt.window(net.index[0].date(), net.index[-1].date())}"
    axes.set_title(title)
    axes.set_ylabel(_("Net followers per day"))
    axes.grid(alpha=0.3, axis="y")
    figure.autofmt_xdate()
    return figure


def team_chart(net: pd.Series, *, fonts: Sequence[str] = FALLBACK_FONTS) -> bytes:
    """``team_figure`` as PNG; its axes are written as it is drawn, in the same words."""
    with _words(fonts):
        return _png(_team_figure(net))


def audience_chart(
    handle: str, hours: list[LocalHour], *, tz_name: str, fonts: Sequence[str] = FALLBACK_FONTS
) -> bytes:
    """Mean active followers for each hour of the guild's day."""
    with _words(fonts):
        return _png(_audience_figure(handle, hours, tz_name=tz_name))


def _audience_figure(handle: str, hours: list[LocalHour], *, tz_name: str) -> Figure:
    figure = Figure(figsize=(8, 3.2))
    axes = figure.add_subplot(1, 1, 1)
    labels = [f"{h.start:%H:%M}" for h in hours]
    axes.bar(range(len(hours)), [h.active for h in hours], color=TOTAL)
    axes.set_xticks(range(len(hours)), labels, rotation=90, fontsize=7)
    axes.yaxis.set_major_formatter(FuncFormatter(_count_ticks))
    axes.set_title(
        # Translators: chart title; {zone} is a time zone, such as Europe/Berlin.
        _("@{handle}: active followers by hour ({zone})").format(handle=handle, zone=tz_name)
    )
    axes.grid(alpha=0.3, axis="y")
    return figure
