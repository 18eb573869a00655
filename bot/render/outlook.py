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
from bot.render.embeds import BRAND, GROWING, SHRINKING

RANGE_NOTE = (
    "Range: how far this forecast missed when replayed from this account's own past days, and "
    "never narrower than its day-to-day swings allow. Replayed on past data, it held the real "
    "total about four times in five, a week and four weeks ahead; it misses when an account "
    "changes course in a way its past never showed (a viral video, a sudden loss)."
)


def too_little(handle: str, outlook: TooLittleData) -> str:
    return (
        f"No forecast for @{handle} yet: it needs {outlook.needed} days of follower totals and "
        f"has {fmt.days(outlook.total_days) if outlook.total_days else 'none'}. Upload a "
        "FollowerHistory export (up to 365 days) or `/log` a count each day."
    )


def basis(outlook: Forecast) -> str:
    """What a forecast rests on, and how old its data is, in a sentence or three."""
    head = f"Latest total {fmt.count(outlook.last_total)} on {fmt.day(outlook.last_day)}. "
    if outlook.changed:
        pace = (
            f"The account changed course: pace {fmt.per_day(outlook.pace)}, its typical day "
            f"over the last {fmt.days(outlook.window)}, against "
            f"{fmt.per_day(outlook.usual_pace)} on average over the last {WINDOW_DAYS} days; "
            "the forecast follows the recent days."
        )
    elif fmt.per_day(outlook.pace) != fmt.per_day(outlook.usual_pace):
        pace = (
            f"Pace {fmt.per_day(outlook.pace)}: the last {fmt.days(outlook.window)} averaged "
            f"{fmt.per_day(outlook.usual_pace)}, but the days swing too widely for that average "
            "to be sure, so the forecast carries only part of it forward."
        )
    else:
        pace = (
            f"Pace {fmt.per_day(outlook.pace)}, the average daily net of the last "
            f"{fmt.days(outlook.window)}."
        )
    return head + pace + stale_note(outlook)


def stale_note(outlook: Forecast) -> str:
    """Said when the latest total is old: the projection covers the gap, and is wider for it."""
    if outlook.stale_days is None:
        return ""
    return (
        f" Last data {fmt.day(outlook.last_day)}, {fmt.days(outlook.stale_days)} ago: "
        "projections count from today and their ranges are wider for the days without data."
    )


def projection_text(projection: Projection) -> str:
    return (
        f"{fmt.count(projection.total)} (range {fmt.count(projection.low)} – "
        f"{fmt.count(projection.high)})"
    )


def projection_label(projection: Projection) -> str:
    return f"In {fmt.days(projection.horizon)} ({fmt.day(projection.day)})"


def target_text(handle: str, result: TargetResult) -> str:
    """When the target is reached, or why there is no such date."""
    target = fmt.count(result.target)
    if isinstance(result, TargetPassed):
        return (
            f"@{handle} is already past {target}: {fmt.count(result.total)} on "
            f"{fmt.day(result.day)}. Pick a higher target."
        )
    if isinstance(result, TargetOutOfReach):
        if result.pace > 0:
            return (
                f"@{handle} will not reach {target} within two years at the current pace "
                f"({fmt.per_day(result.pace)}): no date is given."
            )
        trend = "shrinking" if result.shrinking else "flat"
        return (
            f"@{handle} will not reach {target} on the current trend: it is {trend} "
            f"({fmt.per_day(result.pace)})."
        )
    latest = fmt.day(result.latest) if result.latest else "not within two years"
    return (
        f"{target} expected on {fmt.day(result.day)} (range {fmt.day(result.earliest)} – {latest})"
    )


def forecast_embed(handle: str, outlook: Forecast, target: TargetResult | None) -> discord.Embed:
    colour = GROWING if outlook.pace > 0 else SHRINKING if outlook.pace < 0 else BRAND
    embed = discord.Embed(title=f"@{handle} · forecast", description=basis(outlook), colour=colour)
    for projection in outlook.projections:
        embed.add_field(
            name=projection_label(projection), value=projection_text(projection), inline=False
        )
    if target is not None:
        embed.add_field(
            name=f"Target {fmt.count(target.target)}",
            value=target_text(handle, target),
            inline=False,
        )
    embed.set_footer(text=RANGE_NOTE)
    return embed


def forecast_lines(handle: str, outlook: Forecast | TooLittleData) -> list[str]:
    """The forecast as plain lines (the CLI report)."""
    if isinstance(outlook, TooLittleData):
        return [too_little(handle, outlook)]
    lines = [basis(outlook)]
    lines += [f"{projection_label(p)}: {projection_text(p)}" for p in outlook.projections]
    lines.append(next_milestone(outlook))
    return lines


def next_milestone(outlook: Forecast | TooLittleData) -> str:
    """The digest's and the report's line on the next round number."""
    if isinstance(outlook, TooLittleData):
        return f"next milestone: needs {outlook.needed} days of totals to forecast"
    level = next_level(outlook.last_total)
    result = outlook.reach(level)
    if isinstance(result, TargetDate):
        return f"next milestone {fmt.count(level)}: expected {fmt.day(result.day)}"
    return f"next milestone {fmt.count(level)}: {out_of_reach(outlook.pace)}"


def out_of_reach(pace: float) -> str:
    """Why there is no date: too far at this pace, or not growing at all."""
    if pace > 0:
        return "not within two years at the current pace"
    return "not on the current trend"


def goal_line(goal: GoalProgress) -> str:
    """Goal progress in one line: on track or behind, the daily net needed and the pace."""
    target = fmt.count(goal.goal.followers)
    by = f" by {fmt.day(goal.goal.by)}" if goal.goal.by else ""
    head = f"goal {target}{by}"
    pace = f"pace {fmt.per_day(goal.pace)}"
    if goal.status == "reached":
        return f"{head}: reached ({fmt.count(goal.total)} on {_day(goal.as_of)})"
    if goal.total is None:
        return f"{head}: no follower total yet"
    to_go = f"{fmt.count(goal.remaining)} to go"
    if goal.status == "missed":
        return f"{head}: the date has passed with {to_go}; set a new one with `/goal set`"
    needs = f"needs {fmt.per_day(goal.needed_per_day)}"
    if goal.expected:
        expected = f", expected {fmt.day(goal.expected)}"
    elif goal.pace is not None:
        expected = f", {out_of_reach(goal.pace)}"
    else:
        expected = ""
    if goal.status == "on_track":
        return f"{head}: on track · {to_go}, {needs}, {pace}{expected}"
    if goal.status == "behind":
        return f"{head}: behind · {to_go}, {needs} but {pace}{expected}"
    if goal.status == "no_date":
        return f"{head}: {to_go}, {pace}{expected}"
    needed = f", {needs}" if goal.needed_per_day is not None else ""
    return f"{head}: {to_go}{needed}; too few days of totals for a pace"


def _day(value: date | None) -> str:
    return fmt.day(value) if value else "n/a"


def milestone_embed(
    handle: str, level: int, day: date, total: int, *, reference: str
) -> discord.Embed:
    embed = discord.Embed(
        title=f"🎉 @{handle} passed {fmt.count(level)} followers",
        description=(
            f"First reached on {fmt.day(day)}; {fmt.count(total)} followers at the latest "
            f"count. Next milestone: {fmt.count(next_level(max(level, total)))}."
        ),
        colour=GROWING,
    )
    embed.set_footer(text=reference)
    return embed
