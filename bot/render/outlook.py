"""Forecasts, targets, goals and milestones in words: one wording for /forecast, /net, /goal,
the digest and the CLI."""

from __future__ import annotations

from datetime import date

import discord

from bot import fmt
from bot.analytics.forecast import (
    WINDOW_DAYS,
    Forecast,
    Projection,
    TargetDate,
    TargetOutOfReach,
    TargetPassed,
    TargetResult,
    TooLittleData,
)
from bot.analytics.goals import GoalProgress
from bot.analytics.milestones import next_level
from bot.i18n import N_, _, ngettext
from bot.render.embeds import BRAND, GROWING, SHRINKING

# Translators: the footer of a forecast (at most 2,048 characters).
RANGE_NOTE = N_(
    "Range: how far this forecast missed when replayed from this account's own past days, and "
    "never narrower than its day-to-day swings allow. Replayed on past data, it held the real "
    "total about four times in five, a week and four weeks ahead; it misses when an account "
    "changes course in a way its past never showed (a viral video, a sudden loss)."
)


def too_little(handle: str, outlook: TooLittleData) -> str:
    if outlook.total_days:
        # Translators: {days} is how many days of totals the account has, e.g. "5 days".
        return ngettext(
            "No forecast for @{handle} yet: it needs {n} day of follower totals and has {days}. "
            "Upload a FollowerHistory export (up to 365 days) or `/log` a count each day.",
            "No forecast for @{handle} yet: it needs {n} days of follower totals and has "
            "{days}. Upload a FollowerHistory export (up to 365 days) or `/log` a count each "
            "day.",
            outlook.needed,
        ).format(handle=handle, n=fmt.count(outlook.needed), days=fmt.days(outlook.total_days))
    return ngettext(
        "No forecast for @{handle} yet: it needs {n} day of follower totals and has none. "
        "Upload a FollowerHistory export (up to 365 days) or `/log` a count each day.",
        "No forecast for @{handle} yet: it needs {n} days of follower totals and has none. "
        "Upload a FollowerHistory export (up to 365 days) or `/log` a count each day.",
        outlook.needed,
    ).format(handle=handle, n=fmt.count(outlook.needed))


def basis(outlook: Forecast) -> str:
    """What a forecast rests on, and how old its data is, in a sentence or three."""
    # Translators: {total} followers on the date {day}.
    head = _("Latest total {total} on {day}.").format(
        total=fmt.count(outlook.last_total), day=fmt.day(outlook.last_day)
    )
    if outlook.changed:
        # Translators: {pace} and {usual} are daily rates, e.g. "-43.0/day"; {n} recent days
        # against the longer {period}, e.g. "28 days".
        pace = ngettext(
            "The account changed course: pace {pace}, its typical day over the last {n} day, "
            "against {usual} on average over the last {period}; the forecast follows the "
            "recent days.",
            "The account changed course: pace {pace}, its typical day over the last {n} days, "
            "against {usual} on average over the last {period}; the forecast follows the "
            "recent days.",
            outlook.window,
        ).format(
            pace=fmt.per_day(outlook.pace),
            n=fmt.count(outlook.window),
            usual=fmt.per_day(outlook.usual_pace),
            period=fmt.days(WINDOW_DAYS),
        )
    elif fmt.per_day(outlook.pace) != fmt.per_day(outlook.usual_pace):
        # Translators: {pace} and {usual} are daily rates, e.g. "-0.1/day"; "net" is net
        # followers.
        pace = ngettext(
            "Pace {pace}: the last {n} day averaged {usual}, but the days swing too widely for "
            "that average to be sure, so the forecast carries only part of it forward.",
            "Pace {pace}: the last {n} days averaged {usual}, but the days swing too widely for "
            "that average to be sure, so the forecast carries only part of it forward.",
            outlook.window,
        ).format(
            pace=fmt.per_day(outlook.pace),
            n=fmt.count(outlook.window),
            usual=fmt.per_day(outlook.usual_pace),
        )
    else:
        # Translators: {pace} is a daily rate, e.g. "+50.0/day"; "net" is net followers.
        pace = ngettext(
            "Pace {pace}, the average daily net of the last {n} day.",
            "Pace {pace}, the average daily net of the last {n} days.",
            outlook.window,
        ).format(pace=fmt.per_day(outlook.pace), n=fmt.count(outlook.window))
    stale = stale_note(outlook)
    return " ".join([head, pace, stale] if stale else [head, pace])


def stale_note(outlook: Forecast) -> str | None:
    """Said when the latest total is old: the projection covers the gap, and is wider for it."""
    if outlook.stale_days is None:
        return None
    return ngettext(
        "Last data {day}, {n} day ago: projections count from today and their ranges are "
        "wider for the days without data.",
        "Last data {day}, {n} days ago: projections count from today and their ranges are "
        "wider for the days without data.",
        outlook.stale_days,
    ).format(day=fmt.day(outlook.last_day), n=fmt.count(outlook.stale_days))


def projection_text(projection: Projection) -> str:
    # Translators: a projected number of followers, then the range it likely falls in.
    return _("{total} (range {low} – {high})").format(
        total=fmt.count(projection.total),
        low=fmt.count(projection.low),
        high=fmt.count(projection.high),
    )


def projection_label(projection: Projection) -> str:
    # Translators: an embed field name: the projection {n} days from today, on the date {day}.
    return ngettext("In {n} day ({day})", "In {n} days ({day})", projection.horizon).format(
        n=fmt.count(projection.horizon), day=fmt.day(projection.day)
    )


def target_text(handle: str, result: TargetResult) -> str:
    """When the target is reached, or why there is no such date."""
    target = fmt.count(result.target)
    if isinstance(result, TargetPassed):
        # Translators: {target} is a number of followers; {total} followers on the date {day}.
        return _(
            "@{handle} is already past {target}: {total} on {day}. Pick a higher target."
        ).format(
            handle=handle, target=target, total=fmt.count(result.total), day=fmt.day(result.day)
        )
    if isinstance(result, TargetOutOfReach):
        values = {"handle": handle, "target": target, "pace": fmt.per_day(result.pace)}
        if result.pace > 0:
            # Translators: {target} is a number of followers; {pace} a daily rate, e.g.
            # "+1.0/day".
            return _(
                "@{handle} will not reach {target} within two years at the current pace "
                "({pace}): no date is given."
            ).format(**values)
        if result.shrinking:
            # Translators: {target} is a number of followers; {pace} a daily rate, e.g.
            # "-30.0/day".
            return _(
                "@{handle} will not reach {target} on the current trend: it is shrinking ({pace})."
            ).format(**values)
        # Translators: {target} is a number of followers; {pace} a daily rate, e.g. "±0.0/day".
        return _(
            "@{handle} will not reach {target} on the current trend: it is flat ({pace})."
        ).format(**values)
    if result.latest:
        # Translators: {target} is a number of followers, expected on the date {day}, likely
        # between {earliest} and {latest}.
        return _("{target} expected on {day} (range {earliest} – {latest})").format(
            target=target,
            day=fmt.day(result.day),
            earliest=fmt.day(result.earliest),
            latest=fmt.day(result.latest),
        )
    # Translators: {target} is a number of followers, expected on the date {day}, at the
    # earliest on {earliest}.
    return _("{target} expected on {day} (range {earliest} – not within two years)").format(
        target=target, day=fmt.day(result.day), earliest=fmt.day(result.earliest)
    )


def forecast_embed(handle: str, outlook: Forecast, target: TargetResult | None) -> discord.Embed:
    colour = GROWING if outlook.pace > 0 else SHRINKING if outlook.pace < 0 else BRAND
    embed = discord.Embed(
        title=_("@{handle} · forecast").format(handle=handle),
        description=basis(outlook),
        colour=colour,
    )
    for projection in outlook.projections:
        embed.add_field(
            name=projection_label(projection), value=projection_text(projection), inline=False
        )
    if target is not None:
        embed.add_field(
            # Translators: an embed field name; {target} is a number of followers.
            name=_("Target {target}").format(target=fmt.count(target.target)),
            value=target_text(handle, target),
            inline=False,
        )
    embed.set_footer(text=_(RANGE_NOTE))
    return embed


def forecast_lines(handle: str, outlook: Forecast | TooLittleData) -> list[str]:
    """The forecast as plain lines (the CLI report)."""
    if isinstance(outlook, TooLittleData):
        return [too_little(handle, outlook)]
    lines = [basis(outlook)]
    # Translators: {label} is e.g. "In 7 days (17 Apr 2026)"; {projection} is e.g.
    # "12,200 (range 12,117 – 12,283)".
    line = _("{label}: {projection}")
    lines += [
        line.format(label=projection_label(p), projection=projection_text(p))
        for p in outlook.projections
    ]
    lines.append(next_milestone(outlook))
    return lines


def next_milestone(outlook: Forecast | TooLittleData) -> str:
    """The digest's and the report's line on the next round number."""
    if isinstance(outlook, TooLittleData):
        return ngettext(
            "next milestone: needs {n} day of totals to forecast",
            "next milestone: needs {n} days of totals to forecast",
            outlook.needed,
        ).format(n=fmt.count(outlook.needed))
    level = next_level(outlook.last_total)
    result = outlook.reach(level)
    if isinstance(result, TargetDate):
        expected = _expected(result.day)
    else:
        expected = out_of_reach(outlook.pace)
    # Translators: {level} is the next round number of followers; {expected} is e.g.
    # "expected 29 Dec 2026" or "not on the current trend".
    return _("next milestone {level}: {expected}").format(level=fmt.count(level), expected=expected)


def _expected(day: date) -> str:
    # Translators: the date a number of followers is expected to be reached.
    return _("expected {day}").format(day=fmt.day(day))


def out_of_reach(pace: float) -> str:
    """Why there is no date: too far at this pace, or not growing at all."""
    if pace > 0:
        return _("not within two years at the current pace")
    return _("not on the current trend")


def goal_line(goal: GoalProgress) -> str:
    """Goal progress in one line: on track or behind, the daily net needed and the pace."""
    target = fmt.count(goal.goal.followers)
    if goal.goal.by:
        # Translators: a goal of {target} followers by the date {day}.
        head = _("goal {target} by {day}").format(target=target, day=fmt.day(goal.goal.by))
    else:
        # Translators: a goal of {target} followers.
        head = _("goal {target}").format(target=target)
    if goal.status == "reached":
        # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {total} followers on {day}.
        return _("{goal}: reached ({total} on {day})").format(
            goal=head, total=fmt.count(goal.total), day=_day(goal.as_of)
        )
    if goal.total is None:
        # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026".
        return _("{goal}: no follower total yet").format(goal=head)
    values = {
        "goal": head,
        "remaining": fmt.count(goal.remaining),
        "needed": fmt.per_day(goal.needed_per_day),
        "pace": fmt.per_day(goal.pace),
    }
    if goal.status == "missed":
        # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {remaining} followers are
        # still missing.
        return _(
            "{goal}: the date has passed with {remaining} to go; set a new one with `/goal set`"
        ).format(**values)
    if goal.status in {"on_track", "behind", "no_date"}:
        return _progress_line(goal, values)
    if goal.needed_per_day is not None:
        # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {remaining} followers to
        # go; {needed} is the daily net that reaches the goal, e.g. "+65.0/day".
        return _(
            "{goal}: {remaining} to go, needs {needed}; too few days of totals for a pace"
        ).format(**values)
    # Translators: {goal} is e.g. "goal 10,000"; {remaining} followers to go.
    return _("{goal}: {remaining} to go; too few days of totals for a pace").format(**values)


def _progress_line(goal: GoalProgress, values: dict[str, str]) -> str:
    """A goal with a pace: on track, behind, or without a date, and when it is expected."""
    if goal.expected:
        expected: str | None = _expected(goal.expected)
    elif goal.pace is not None:
        expected = out_of_reach(goal.pace)
    else:
        expected = None
    if expected is None:
        if goal.status == "on_track":
            # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {remaining} followers
            # to go; {needed} and {pace} are daily rates, e.g. "+32.5/day".
            return _("{goal}: on track · {remaining} to go, needs {needed}, pace {pace}").format(
                **values
            )
        if goal.status == "behind":
            # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {remaining} followers
            # to go; {needed} and {pace} are daily rates, e.g. "+65.0/day".
            return _("{goal}: behind · {remaining} to go, needs {needed} but pace {pace}").format(
                **values
            )
        # Translators: {goal} is e.g. "goal 10,000"; {remaining} followers to go; {pace} is a
        # daily rate, e.g. "+50.0/day".
        return _("{goal}: {remaining} to go, pace {pace}").format(**values)
    if goal.status == "on_track":
        # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {remaining} followers to
        # go; {needed} and {pace} are daily rates, e.g. "+32.5/day"; {expected} is e.g.
        # "expected 13 Apr 2026" or "not on the current trend".
        return _(
            "{goal}: on track · {remaining} to go, needs {needed}, pace {pace}, {expected}"
        ).format(expected=expected, **values)
    if goal.status == "behind":
        # Translators: {goal} is e.g. "goal 10,000 by 31 Dec 2026"; {remaining} followers to
        # go; {needed} and {pace} are daily rates, e.g. "+65.0/day"; {expected} is e.g.
        # "expected 13 Apr 2026" or "not on the current trend".
        return _(
            "{goal}: behind · {remaining} to go, needs {needed} but pace {pace}, {expected}"
        ).format(expected=expected, **values)
    # Translators: {goal} is e.g. "goal 10,000"; {remaining} followers to go; {pace} is a daily
    # rate, e.g. "+50.0/day"; {expected} is e.g. "expected 13 Apr 2026" or "not on the
    # current trend".
    return _("{goal}: {remaining} to go, pace {pace}, {expected}").format(
        expected=expected, **values
    )


def _day(value: date | None) -> str:
    # Translators: no date is known.
    return fmt.day(value) if value else _("n/a")


def milestone_embed(
    handle: str, level: int, day: date, total: int, *, reference: str
) -> discord.Embed:
    embed = discord.Embed(
        # Translators: {level} is a round number of followers, e.g. "10,000".
        title=ngettext(
            "🎉 @{handle} passed {level} followers", "🎉 @{handle} passed {level} followers", level
        ).format(handle=handle, level=fmt.count(level)),
        # Translators: {total} followers now; {next} is the next round number of followers.
        description=ngettext(
            "First reached on {day}; {total} followers at the latest count. Next milestone: "
            "{next}.",
            "First reached on {day}; {total} followers at the latest count. Next milestone: "
            "{next}.",
            total,
        ).format(
            day=fmt.day(day),
            total=fmt.count(total),
            next=fmt.count(next_level(max(level, total))),
        ),
        colour=GROWING,
    )
    embed.set_footer(text=reference)
    return embed
