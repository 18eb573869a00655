"""The negative-growth alert, as a DM and as an alert-channel post."""

from __future__ import annotations

from datetime import date

import discord

from bot import fmt
from bot.analytics.alerts import AlertTrigger
from bot.render.embeds import FIELD_VALUE_LIMIT, SHRINKING, TITLE_LIMIT, clip, fit_lines
from bot.render.figures import (
    GAP_LABEL,
    age_figure,
    gap_figure,
    net_figure,
    split_figure,
    total_figure,
    window_figure,
)


def alert_title(handle: str, day: date, today: date) -> str:
    """Present tense for fresh data; old data says so first, with its age."""
    age = age_figure(day, today)
    if age is None:
        return f"@{handle} is losing followers"
    return f"@{handle} was losing followers ({age})"


def alert_embed(
    handle: str, trigger: AlertTrigger, findings: list[str], *, reference: str, today: date
) -> discord.Embed:
    window = trigger.report.current
    embed = discord.Embed(
        title=clip(alert_title(handle, trigger.day, today), TITLE_LIMIT), colour=SHRINKING
    )
    lines = [f"Net followers: **{net_figure(window)}** over {window_figure(window)}"]
    gap = trigger.report.gap
    if gap is not None:
        # the change the alert is about comes first when the window itself has no net
        at = 0 if window.net is None else 1
        lines.insert(at, f"{GAP_LABEL}: **{gap_figure(gap)}**")
    if trigger.sharp_loss is not None:
        lines.append(f"On {fmt.day(trigger.day)} alone: {fmt.signed(-trigger.sharp_loss)}.")
    lines.append(f"Gained / lost: {split_figure(window)}")
    lines.append(f"Total: {total_figure(window)}")
    embed.description = "\n".join(lines)
    if findings:
        embed.add_field(
            name="Likely causes", value=fit_lines(findings, FIELD_VALUE_LIMIT), inline=False
        )
    embed.add_field(
        name="Next step", value=f"`/why account:{handle}` for the full evidence.", inline=False
    )
    embed.set_footer(text=reference)
    return embed


def closed_dm_note(user_id: int, handle: str) -> str:
    return (
        f"Could not DM <@{user_id}> the alert about @{handle}: their direct messages are "
        "closed to this bot. They can open them under Privacy Settings for this server."
    )
