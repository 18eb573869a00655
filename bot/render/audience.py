"""/audience in words and a chart: when followers are online, who they are, where they are."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import discord

from bot import fmt
from bot.analytics.audience import EXPORT_ZONE, AudienceSnapshot, LocalHour, best_hours
from bot.analytics.vocabulary import SnapshotSource
from bot.i18n import N_, _
from bot.render.embeds import BRAND

ZONE_NOTE = (
    f"The export's hours are taken to be {EXPORT_ZONE}: TikTok's analytics roll over at "
    f"00:00 {EXPORT_ZONE} and the file names no zone."
)
BUSINESS_ZONE_NOTE = N_("TikTok's API for Business gives these hours in UTC.")
NO_AUDIENCE = (
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
    return f"{cause} · post when followers are most active: {hours}"


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
    embed = discord.Embed(title=f"@{handle} · audience", colour=BRAND)
    told = hours_source is SnapshotSource.BUSINESS
    if hours and hours_as_of is not None:
        listed = "\n".join(
            f"{hour_span(h)} · {fmt.count(round(h.active))} active followers on average"
            for h in best_hours(hours)
        )
        heading = f"Most active ({tz_name}), export uploaded {fmt.day(hours_as_of)}"
        if told:
            # One day's count per hour, not an export's mean over its last days.
            heading = _("Most active ({tz}), TikTok's figures for {day}").format(
                tz=tz_name, day=fmt.day(hours_as_of)
            )
            listed = "\n".join(
                _("{hours} · {count} followers online").format(
                    hours=hour_span(h), count=fmt.count(round(h.active))
                )
                for h in best_hours(hours)
            )
        embed.add_field(name=heading, value=listed, inline=False)
    if gender is not None:
        embed.add_field(
            name=f"Gender, as of {fmt.day(gender.as_of)}",
            value=shares_text(gender.gender),
            inline=False,
        )
    if territories is not None:
        embed.add_field(
            name=f"Top territories, as of {fmt.day(territories.as_of)}",
            value=shares_text(territories.territories),
            inline=False,
        )
    if chart_name:
        embed.set_image(url=f"attachment://{chart_name}")
    embed.set_footer(text=_(BUSINESS_ZONE_NOTE) if told and hours else ZONE_NOTE)
    return embed
