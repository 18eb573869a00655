"""/audience in words and a chart: when followers are online, who they are, where they are."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import discord

from bot import fmt
from bot.analytics.audience import EXPORT_ZONE, AudienceSnapshot, LocalHour, best_hours
from bot.analytics.vocabulary import SnapshotSource
from bot.i18n import N_, _, ngettext
from bot.render.embeds import BRAND

# Translators: {zone} is a time zone, such as UTC.
ZONE_NOTE = N_(
    "The export's hours are taken to be {zone}: TikTok's analytics roll over at 00:00 {zone} "
    "and the file names no zone."
)
BUSINESS_ZONE_NOTE = N_("TikTok's API for Business gives these hours in UTC.")
NO_AUDIENCE = N_(
    "Nothing is known about @{handle}'s audience yet. Upload the Followers ZIP from TikTok "
    "Studio (Analytics → Followers → Download data): its FollowerActivity, FollowerGender and "
    "FollowerTopTerritories files tell when followers are online and who they are."
)


def hour_span(hour: LocalHour) -> str:
    """``19:00–20:00``."""
    end = (datetime.combine(date.min, hour.start) + timedelta(hours=1)).time()
    return f"{hour.start:%H:%M}–{end:%H:%M}"


def best_hours_text(hours: list[LocalHour], tz_name: str) -> str:
    """``19:00–20:00, 20:00–21:00, 18:00–19:00 (Europe/Berlin)``."""
    return f"{', '.join(hour_span(h) for h in best_hours(hours))} ({tz_name})"


def with_best_hours(cause: str, hours: str) -> str:
    """The digest's line for an account gone quiet, naming when its followers are online."""
    # Translators: {cause} is why the account went quiet; {hours} lists hours of the day, such
    # as "19:00–20:00, 20:00–21:00 (Europe/Berlin)".
    return _("{cause} · post when followers are most active: {hours}").format(
        cause=cause, hours=hours
    )


def shares_text(shares: dict[str, float]) -> str:
    return ", ".join(f"{label} {fmt.percent(share, 0)}" for label, share in shares.items())


def audience_embed(
    handle: str,
    hours: list[LocalHour],
    hours_as_of: date | None,
    gender: AudienceSnapshot | None,
    territories: AudienceSnapshot | None,
    *,
    tz_name: str,
    chart_name: str | None,
    hours_source: SnapshotSource | None = None,
) -> discord.Embed:
    """``hours_source``: where the hours came from; TikTok's API for Business dates them by the
    day they describe, an export by the day it was uploaded."""
    embed = discord.Embed(title=_("@{handle} · audience").format(handle=handle), colour=BRAND)
    told = hours_source is SnapshotSource.BUSINESS
    if hours and hours_as_of is not None:
        listed = "\n".join(
            # Translators: {hour} is an hour of the day, such as 19:00–20:00.
            ngettext(
                "{hour} · {count} active followers on average",
                "{hour} · {count} active followers on average",
                round(h.active),
            ).format(hour=hour_span(h), count=fmt.count(round(h.active)))
            for h in best_hours(hours)
        )
        # Translators: {zone} is a time zone, such as Europe/Berlin.
        heading = _("Most active ({zone}), export uploaded {day}").format(
            zone=tz_name, day=fmt.day(hours_as_of)
        )
        if told:
            # One day's count per hour, not an export's mean over its last days.
            # Translators: {zone} is a time zone, such as Europe/Berlin.
            heading = _("Most active ({zone}), TikTok's figures for {day}").format(
                zone=tz_name, day=fmt.day(hours_as_of)
            )
            listed = "\n".join(
                # Translators: {hours} is an hour of the day, such as 19:00–20:00.
                ngettext(
                    "{hours} · {count} followers online",
                    "{hours} · {count} followers online",
                    round(h.active),
                ).format(hours=hour_span(h), count=fmt.count(round(h.active)))
                for h in best_hours(hours)
            )
        embed.add_field(name=heading, value=listed, inline=False)
    if gender is not None:
        embed.add_field(
            name=_("Gender, as of {day}").format(day=fmt.day(gender.as_of)),
            value=shares_text(gender.gender),
            inline=False,
        )
    if territories is not None:
        embed.add_field(
            name=_("Top territories, as of {day}").format(day=fmt.day(territories.as_of)),
            value=shares_text(territories.territories),
            inline=False,
        )
    if chart_name:
        embed.set_image(url=f"attachment://{chart_name}")
    footer = _(BUSINESS_ZONE_NOTE) if told and hours else _(ZONE_NOTE).format(zone=EXPORT_ZONE)
    embed.set_footer(text=footer)
    return embed
