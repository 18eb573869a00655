"""One wording per figure, shared by /net, digests, alerts and the CLI."""

from __future__ import annotations

from datetime import date

from bot import fmt
from bot.analytics.series import GapChange, NetReport, NetWindow, stale_age
from bot.i18n import N_, _, ngettext

# Translators: an embed field name (at most 256 characters): the change in followers across
# days without a follower total.
GAP_LABEL = N_("Change since the last total")
SPLIT_SOURCE_HINT = N_(
    "not in your data: the TikTok Business Suite export, or `/log` with gained and lost, gives it"
)


def net_figure(window: NetWindow) -> str:
    """``+120`` or ``-40 (partial: 5 of 7 days known)``."""
    if window.net is None:
        if window.total is not None:
            return ngettext(
                "unknown: only one total in these {n} day",
                "unknown: only one total in these {n} days",
                window.days,
            ).format(n=fmt.count(window.days))
        return _("unknown: no follower data in this window")
    if window.partial:
        # Translators: {net} is the change in followers, e.g. "-40"; {known} of the {n} days
        # of the window have data.
        return ngettext(
            "{net} (partial: {known} of {n} day known)",
            "{net} (partial: {known} of {n} days known)",
            window.days,
        ).format(
            net=fmt.signed(window.net),
            known=fmt.count(window.covered_days),
            n=fmt.count(window.days),
        )
    return fmt.signed(window.net)


def split_figure(window: NetWindow) -> str:
    """Gained and lost, only as the source gave them."""
    if window.split_days == 0 or window.gained is None or window.lost is None:
        return _(SPLIT_SOURCE_HINT)
    gained, lost = fmt.signed(window.gained), fmt.signed(-window.lost)
    if window.split_partial:
        # Translators: followers gained and lost, e.g. "+12" and "-2", as the source gave
        # them for {known} of the {n} days of the window.
        return ngettext(
            "{gained} gained, {lost} lost (given for {known} of {n} day)",
            "{gained} gained, {lost} lost (given for {known} of {n} days)",
            window.days,
        ).format(
            gained=gained,
            lost=lost,
            known=fmt.count(window.split_days),
            n=fmt.count(window.days),
        )
    # Translators: followers gained and lost, e.g. "+12" and "-2".
    return _("{gained} gained, {lost} lost").format(gained=gained, lost=lost)


def total_figure(window: NetWindow) -> str:
    """The total on the window's last day, or what is missing for it and what gives it."""
    if window.total is None:
        return _(
            "not in your data for {day}: TikTok Studio's Followers export, or `/log` with the "
            "total, gives it"
        ).format(day=fmt.day(window.end))
    # Translators: {total} is the number of followers on the date {day}.
    return _("{total} on {day}").format(total=fmt.count(window.total), day=fmt.day(window.end))


def previous_figure(report: NetReport) -> str:
    """How this window compares with the one before it."""
    previous = report.previous
    span = fmt.window(previous.start, previous.end)
    change = report.change_vs_previous
    if change is None:
        # Translators: {span} is a date range, e.g. "7 Nov – 13 Nov 2026".
        return ngettext(
            "no comparison: the previous {n} day ({span}) lack data",
            "no comparison: the previous {n} days ({span}) lack data",
            previous.days,
        ).format(n=fmt.count(previous.days), span=span)
    values = {"change": fmt.signed(change), "span": span, "net": fmt.signed(previous.net)}
    if report.current.partial or previous.partial:
        # Translators: {change} is how much higher or lower this window's net followers are
        # than those of the previous window {span}, whose net followers were {net}.
        return _("{change} vs {span} ({net}) (partial)").format(**values)
    # Translators: {change} is how much higher or lower this window's net followers are than
    # those of the previous window {span}, whose net followers were {net}.
    return _("{change} vs {span} ({net})").format(**values)


def window_figure(window: NetWindow) -> str:
    # Translators: {span} is a date range, e.g. "14 Nov – 20 Nov 2026".
    return ngettext("{span} ({n} day)", "{span} ({n} days)", window.days).format(
        span=fmt.window(window.start, window.end), n=fmt.count(window.days)
    )


def gap_figure(gap: GapChange) -> str:
    """``-279 since 19 Nov 2026, over 18 days``: a change across days without totals."""
    # Translators: {change} is the change in followers, e.g. "-279", since the date {day}.
    return ngettext(
        "{change} since {day}, over {n} day", "{change} since {day}, over {n} days", gap.days
    ).format(change=fmt.signed(gap.change), day=fmt.day(gap.since), n=fmt.count(gap.days))


def gap_brief(gap: GapChange) -> str:
    """The across-gap change inside a one-line summary."""
    # Translators: {change} is e.g. "-279 since 19 Nov 2026, over 18 days".
    return _("change since the last total: {change}").format(change=gap_figure(gap))


def gap_line(report: NetReport) -> str | None:
    """The across-gap change as a labelled line, when there is one."""
    if report.gap is None:
        return None
    # Translators: {change} is e.g. "-279 since 19 Nov 2026, over 18 days".
    return _("Change since the last total: {change}").format(change=gap_figure(report.gap))


def age_figure(latest: date, today: date) -> str | None:
    """``last data 19 Nov 2026, 18 days ago`` when the newest data is old enough to mislead."""
    age = stale_age(latest, today)
    if age is None:
        return None
    return ngettext("last data {day}, {n} day ago", "last data {day}, {n} days ago", age).format(
        day=fmt.day(latest), n=fmt.count(age)
    )


def staleness_figure(latest: date, today: date) -> str | None:
    """A warning when the newest data is old enough to mislead, with how to refresh it."""
    age = stale_age(latest, today)
    if age is None:
        return None
    return ngettext(
        "⚠ Last data {day}, {n} day ago: upload a fresh export, `/log` today's count, or "
        "`/account connect` for daily pulls.",
        "⚠ Last data {day}, {n} days ago: upload a fresh export, `/log` today's count, or "
        "`/account connect` for daily pulls.",
        age,
    ).format(day=fmt.day(latest), n=fmt.count(age))


def total_brief(total: tuple[date, int] | None) -> str:
    """``12,480 followers (20 Nov 2026)``, or why the total is missing."""
    if total is None:
        return _("total not in your data")
    # Translators: {total} followers on the date {day}.
    return ngettext("{total} followers ({day})", "{total} followers ({day})", total[1]).format(
        total=fmt.count(total[1]), day=fmt.day(total[0])
    )


def account_brief(report: NetReport, total: tuple[date, int] | None, today: date) -> str:
    """An account on one line, as /account list shows it: total, 7-day net, the change
    across a gap, and the age of old data."""
    days = report.current.days
    # Translators: "net" is net followers (gained minus lost) over {n} days; {net} is e.g.
    # "+120" or "-40 (partial: 5 of 7 days known)".
    net = ngettext("{n}-day net {net}", "{n}-day net {net}", days).format(
        n=fmt.count(days), net=net_figure(report.current)
    )
    parts = [total_brief(total), net]
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
        # Translators: an embed field name (at most 256 characters): the dates counted.
        (_("Window"), window_figure(window)),
        # Translators: an embed field name (at most 256 characters): gained minus lost.
        (_("Net followers"), net_figure(window)),
    ]
    if report.gap is not None:
        lines.append((_(GAP_LABEL), gap_figure(report.gap)))
    return [
        *lines,
        # Translators: an embed field name (at most 256 characters): followers gained and lost.
        (_("Gained / lost"), split_figure(window)),
        # Translators: an embed field name (at most 256 characters): the number of followers.
        (_("Total"), total_figure(window)),
        # Translators: an embed field name (at most 256 characters): the window just before
        # this one, for comparison.
        (_("Previous window"), previous_figure(report)),
    ]


def net_text(handle: str, report: NetReport) -> str:
    """The net report as plain text, for the CLI."""
    lines = [_("@{handle}: net followers").format(handle=handle)]
    width = max(len(label) for label, _value in net_lines(report))
    lines += [f"  {label:<{width}}  {value}" for label, value in net_lines(report)]
    return "\n".join(lines)
