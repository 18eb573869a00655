"""The negative-growth alert, as a DM and as an alert-channel post."""

from __future__ import annotations

from datetime import date

import discord

from bot import fmt
from bot.analytics.alerts import AlertTrigger
from bot.i18n import _
from bot.render.embeds import FIELD_VALUE_LIMIT, SHRINKING, TITLE_LIMIT, clip, fit_lines
from bot.render.figures import (
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
        return _("@{handle} is losing followers").format(handle=handle)
    # Translators: {age} is e.g. "last data 19 Nov 2026, 18 days ago".
    return _("@{handle} was losing followers ({age})").format(handle=handle, age=age)


def alert_embed(
    handle: str, trigger: AlertTrigger, findings: list[str], *, reference: str, today: date
) -> discord.Embed:
    window = trigger.report.current
    embed = discord.Embed(
        title=clip(alert_title(handle, trigger.day, today), TITLE_LIMIT), colour=SHRINKING
    )
    lines = [
        # Translators: {net} is e.g. "-40"; {window} is a date range with its length, e.g.
        # "14 Nov – 20 Nov 2026 (7 days)".
        _("Net followers: **{net}** over {window}").format(
            net=net_figure(window), window=window_figure(window)
        )
    ]
    gap = trigger.report.gap
    if gap is not None:
        # the change the alert is about comes first when the window itself has no net
        at = 0 if window.net is None else 1
        # Translators: {change} is e.g. "-279 since 19 Nov 2026, over 18 days".
        gap_text = _("Change since the last total: **{change}**").format(change=gap_figure(gap))
        lines.insert(at, gap_text)
    if trigger.sharp_loss is not None:
        lines.append(
            # Translators: the account lost {loss} followers (e.g. "-120") on the date {day}.
            _("On {day} alone: {loss}.").format(
                day=fmt.day(trigger.day), loss=fmt.signed(-trigger.sharp_loss)
            )
        )
    # Translators: {split} is e.g. "+12 gained, -52 lost".
    lines.append(_("Gained / lost: {split}").format(split=split_figure(window)))
    # Translators: {total} is e.g. "3,210 on 20 Nov 2026".
    lines.append(_("Total: {total}").format(total=total_figure(window)))
    embed.description = "\n".join(lines)
    if findings:
        embed.add_field(
            # Translators: an embed field name (at most 256 characters).
            name=_("Likely causes"),
            value=fit_lines(findings, FIELD_VALUE_LIMIT),
            inline=False,
        )
    embed.add_field(
        # Translators: an embed field name (at most 256 characters).
        name=_("Next step"),
        value=_("`/why account:{handle}` for the full evidence.").format(handle=handle),
        inline=False,
    )
    embed.set_footer(text=reference)
    return embed


def closed_dm_note(user_id: int, handle: str) -> str:
    # Translators: <@{user_id}> shows the member's name.
    return _(
        "Could not DM <@{user_id}> the alert about @{handle}: their direct messages are "
        "closed to this bot. They can open them under Privacy Settings for this server."
    ).format(user_id=user_id, handle=handle)
