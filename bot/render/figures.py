"""One wording per figure, shared by /net, digests, alerts and the CLI."""

from __future__ import annotations

from datetime import date

from bot import fmt
from bot.analytics.series import GapChange, NetReport, NetWindow, stale_age

GAP_LABEL = "Change since the last total"
REFRESH_HINT = "upload a fresh export, `/log` today's count, or `/account connect` for daily pulls"
SPLIT_SOURCE_HINT = (
    "not in your data: the TikTok Business Suite export, or `/log` with gained and lost, gives it"
)


def net_figure(window: NetWindow) -> str:
    """``+120`` or ``-40 (partial: 5 of 7 days known)``."""
    if window.net is None:
        if window.total is not None:
            return f"unknown: only one total in these {fmt.days(window.days)}"
        return "unknown: no follower data in this window"
    text = fmt.signed(window.net)
    if window.partial:
        text += f" (partial: {window.covered_days} of {fmt.days(window.days)} known)"
    return text


def split_figure(window: NetWindow) -> str:
    """Gained and lost, only as the source gave them."""
    if window.split_days == 0 or window.gained is None or window.lost is None:
        return SPLIT_SOURCE_HINT
    text = f"{fmt.signed(window.gained)} gained, {fmt.signed(-window.lost)} lost"
    if window.split_partial:
        text += f" (given for {window.split_days} of {fmt.days(window.days)})"
    return text


def total_figure(window: NetWindow) -> str:
    """The total on the window's last day, or what is missing for it and what gives it."""
    if window.total is None:
        return (
            f"not in your data for {fmt.day(window.end)}: TikTok Studio's Followers export, or "
            "`/log` with the total, gives it"
        )
    return f"{fmt.count(window.total)} on {fmt.day(window.end)}"


def previous_figure(report: NetReport) -> str:
    """How this window compares with the one before it."""
    previous = report.previous
    span = fmt.window(previous.start, previous.end)
    change = report.change_vs_previous
    if change is None:
        return f"no comparison: the previous {fmt.days(previous.days)} ({span}) lack data"
    partial = " (partial)" if report.current.partial or previous.partial else ""
    return f"{fmt.signed(change)} vs {span} ({fmt.signed(previous.net)}){partial}"


def window_figure(window: NetWindow) -> str:
    return f"{fmt.window(window.start, window.end)} ({fmt.days(window.days)})"


def gap_figure(gap: GapChange) -> str:
    """``-279 since 19 Nov 2026, over 18 days``: a change across days without totals."""
    return f"{fmt.signed(gap.change)} since {fmt.day(gap.since)}, over {fmt.days(gap.days)}"


def gap_brief(gap: GapChange) -> str:
    """The across-gap change inside a one-line summary."""
    return f"{GAP_LABEL.lower()}: {gap_figure(gap)}"


def gap_line(report: NetReport) -> str | None:
    """The across-gap change as a labelled line, when there is one."""
    return None if report.gap is None else f"{GAP_LABEL}: {gap_figure(report.gap)}"


def age_figure(latest: date, today: date) -> str | None:
    """``last data 19 Nov 2026, 18 days ago`` when the newest data is old enough to mislead."""
    age = stale_age(latest, today)
    if age is None:
        return None
    return f"last data {fmt.day(latest)}, {fmt.days(age)} ago"


def staleness_figure(latest: date, today: date) -> str | None:
    """A warning when the newest data is old enough to mislead, with how to refresh it."""
    age = age_figure(latest, today)
    if age is None:
        return None
    return f"⚠ {age[0].upper()}{age[1:]}: {REFRESH_HINT}."


def total_brief(total: tuple[date, int] | None) -> str:
    """``12,480 followers (20 Nov 2026)``, or why the total is missing."""
    if total is None:
        return "total not in your data"
    return f"{fmt.count(total[1])} followers ({fmt.day(total[0])})"


def account_brief(report: NetReport, total: tuple[date, int] | None, today: date) -> str:
    """An account on one line, as /account list shows it: total, 7-day net, the change
    across a gap, and the age of old data."""
    parts = [total_brief(total), f"{report.current.days}-day net {net_figure(report.current)}"]
    if report.gap is not None:
        parts.append(gap_brief(report.gap))
    age = age_figure(report.current.end, today)
    if age is not None:
        parts.append(f"⚠ {age}")
    return " · ".join(parts)


def net_lines(report: NetReport) -> list[tuple[str, str]]:
    """The labelled figures of a net report, in the order every surface shows them."""
    window = report.current
    lines = [
        ("Window", window_figure(window)),
        ("Net followers", net_figure(window)),
    ]
    if report.gap is not None:
        lines.append((GAP_LABEL, gap_figure(report.gap)))
    return [
        *lines,
        ("Gained / lost", split_figure(window)),
        ("Total", total_figure(window)),
        ("Previous window", previous_figure(report)),
    ]


def net_text(handle: str, report: NetReport) -> str:
    """The net report as plain text, for the CLI."""
    lines = [f"@{handle}: net followers"]
    width = max(len(label) for label, _ in net_lines(report))
    lines += [f"  {label:<{width}}  {value}" for label, value in net_lines(report)]
    return "\n".join(lines)
