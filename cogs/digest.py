"""/digest channel|schedule|preview|send: the weekly net-follower digest."""

from __future__ import annotations

import calendar
import io
import zoneinfo

import discord
from discord import app_commands
from discord.ext import commands

from bot import fmt
from bot.analytics.vocabulary import MessageKind
from bot.app import PRIVATE, NetBot
from bot.clock import time_of_day
from bot.errors import UserFacingError
from bot.i18n import _
from bot.render.digest import (
    CHART_NAME,
    DigestMessage,
    digest_busy,
    digest_completed,
    digest_cut_short,
    digest_not_posted,
    digest_posted,
    digest_still_unfinished,
)
from cogs.common import Interaction, check_can_post, manager_only

TIMEZONES = sorted(zoneinfo.available_timezones())


def parse_time_of_day(text: str) -> str:
    try:
        return time_of_day(text).strftime("%H:%M")
    except ValueError:
        raise UserFacingError(
            # Translators: keep HH:MM as it is: the time must be typed that way.
            _("`{text}` is not a time: use 24-hour HH:MM, e.g. `09:00`.").format(text=text[:20])
        ) from None


def parse_timezone(text: str) -> str:
    name = text.strip()
    if name not in zoneinfo.available_timezones():
        raise UserFacingError(
            _(
                "`{text}` is not a time zone: pick one from the list, e.g. `Europe/Berlin` "
                "or `America/New_York`."
            ).format(text=name[:40])
        )
    return name


def _files(message: DigestMessage) -> list[discord.File]:
    return [discord.File(io.BytesIO(message.chart), filename=CHART_NAME)] if message.chart else []


@app_commands.guild_only()
class DigestCog(
    commands.GroupCog, group_name="digest", group_description="The weekly net-follower digest"
):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="channel",
        description="Choose where the weekly digest is posted",
        extras={PRIVATE: True},
    )
    @app_commands.describe(channel="A text channel the bot can post in")
    @manager_only
    async def channel(self, interaction: Interaction, channel: discord.TextChannel) -> None:
        assert interaction.guild_id is not None
        async with self.bot.languages.speaking(interaction.guild_id):  # a post: the server's
            notice = _("The weekly net-follower digest will be posted here.")
        await check_can_post(self.bot, channel, notice)
        await self.bot.store.settings.update(
            interaction.guild_id, digest_channel_id=channel.id, digest_since=self.bot.clock()
        )
        await self.bot.scheduler.reschedule_guild(interaction.guild_id)
        await interaction.followup.send(
            _("Weekly digests will go to {channel}.").format(channel=channel.mention)
            + f" {await self._next(interaction)}",
            ephemeral=True,
        )

    @app_commands.command(
        name="schedule",
        description="Choose the digest's weekday and time",
        extras={PRIVATE: True},
    )
    @app_commands.describe(
        weekday="Day of the week",
        time="24-hour time, HH:MM",
        timezone="IANA time zone, e.g. Europe/Berlin (default: keep)",
    )
    @app_commands.choices(
        weekday=[
            app_commands.Choice(name=name, value=index)
            for index, name in enumerate(calendar.day_name)
        ]
    )
    @manager_only
    async def schedule(
        self,
        interaction: Interaction,
        weekday: app_commands.Choice[int],
        time: str,
        timezone: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        fields: dict[str, object] = {
            "digest_weekday": weekday.value,
            "digest_time": parse_time_of_day(time),
            "digest_since": self.bot.clock(),
        }
        if timezone is not None:
            fields["timezone"] = parse_timezone(timezone)
        await self.bot.store.settings.update(interaction.guild_id, **fields)
        await self.bot.scheduler.reschedule_guild(interaction.guild_id)
        settings = await self.bot.store.settings.get(interaction.guild_id)
        # Translators: {when} is e.g. "Mondays at 09:00", {timezone} e.g. "Europe/Berlin".
        text = _("Digest schedule: {when} ({timezone}).").format(
            when=fmt.weekly(settings.digest_weekday, settings.digest_time),
            timezone=settings.timezone,
        )
        if settings.digest_channel_id is None:
            text += " " + _("Choose a channel with `/digest channel` to start receiving it.")
        else:
            text += " " + await self._next(interaction)
        await interaction.followup.send(text, ephemeral=True)

    @schedule.autocomplete("timezone")
    async def _timezone_choices(
        self, _interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower().replace(" ", "_")
        hits = [name for name in TIMEZONES if needle in name.lower()]
        return [app_commands.Choice(name=name, value=name) for name in hits[:25]]

    @app_commands.command(
        name="preview", description="See this week's digest (only you)", extras={PRIVATE: True}
    )
    async def preview(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        messages = await self.bot.deliveries.digests.build(interaction.guild_id, reference=None)
        for message in messages:
            await interaction.followup.send(
                embeds=message.embeds, files=_files(message), ephemeral=True
            )

    @app_commands.command(
        name="send",
        description="Post the digest to the digest channel now",
        extras={PRIVATE: True},
    )
    @manager_only
    async def send(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.store.settings.get(interaction.guild_id)
        if settings.digest_channel_id is None:
            raise UserFacingError(_("No digest channel yet: choose one with `/digest channel`."))
        channel_id = settings.digest_channel_id
        digests = self.bot.deliveries.digests
        if digests.busy(channel_id):
            raise UserFacingError(digest_busy(channel_id))
        finished = await digests.finish(channel_id)
        if finished:
            last = finished[-1]
            if last.unfinished:
                raise UserFacingError(digest_still_unfinished(channel_id, last.posted, last.total))
            text = digest_completed(channel_id, sum(p.sent_now for p in finished), last.total)
            await interaction.followup.send(text, ephemeral=True)
            return
        progress = await digests.send(
            settings, channel_id, kind=MessageKind.MANUAL_DIGEST, period=str(interaction.id)
        )
        if progress is None:
            raise UserFacingError(digest_busy(channel_id))
        if progress.unfinished:
            text = digest_cut_short(channel_id, progress.posted, progress.total)
        elif progress.posted == 0:
            raise UserFacingError(digest_not_posted(channel_id))
        else:
            text = digest_posted(channel_id, progress.posted)
        await interaction.followup.send(text, ephemeral=True)

    async def _next(self, interaction: Interaction) -> str:
        assert interaction.guild_id is not None
        settings = await self.bot.store.settings.get(interaction.guild_id)
        upcoming = self.bot.scheduler.next_digest_time(interaction.guild_id)
        if upcoming is None:
            return ""
        return _("Next one: {when}.").format(when=fmt.moment(upcoming, settings.timezone))


async def setup(bot: NetBot) -> None:
    await bot.add_cog(DigestCog(bot))
