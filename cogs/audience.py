"""/audience: when an account's followers are online, and who and where they are."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.analytics.audience import local_hours
from bot.app import NetBot
from bot.clock import zone
from bot.i18n import _
from bot.render.audience import NO_AUDIENCE, audience_embed
from bot.render.charts import audience_chart
from cogs.common import Interaction, TrackedAccount


class AudienceCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.guild_only()
    @app_commands.command(
        name="audience", description="When followers are online, their gender, top territories"
    )
    @app_commands.describe(account="The account")
    async def audience(self, interaction: Interaction, account: TrackedAccount) -> None:
        latest = await self.bot.store.audience.latest(account.id)
        if latest.hours is None and latest.gender is None and latest.territories is None:
            await interaction.followup.send(_(NO_AUDIENCE).format(handle=account.handle))
            return
        tz_name = (await self.bot.store.settings.get(account.guild_id)).timezone
        hours = (
            local_hours(latest.hours.hours, latest.hours.as_of, zone(tz_name))
            if latest.hours
            else []
        )
        name = f"{account.handle}-audience.png"
        files = []
        if hours:
            png = await self.bot.workers.run(audience_chart, account.handle, hours, tz_name=tz_name)
            files.append(discord.File(io.BytesIO(png), filename=name))
        embed = audience_embed(
            account.handle,
            hours,
            latest.hours.as_of if latest.hours else None,
            latest.gender,
            latest.territories,
            tz_name=tz_name,
            chart_name=name if hours else None,
            hours_source=latest.hours.source if latest.hours else None,
        )
        await interaction.followup.send(embed=embed, files=files)


async def setup(bot: NetBot) -> None:
    await bot.add_cog(AudienceCog(bot))
