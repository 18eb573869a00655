"""/forecast: where an account's follower total is heading."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.analytics.forecast import TooLittleData
from bot.app import NetBot
from bot.render.outlook import forecast_embed, too_little
from bot.services.outlook import account_outlook
from cogs.common import Bounded, Interaction, TrackedAccount, guild_today

MAX_TARGET = 2_000_000_000


class ForecastCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.guild_only()
    @app_commands.command(
        name="forecast", description="Projected followers in 7, 28 and 90 days, with a range"
    )
    @app_commands.describe(
        account="The account", target="A follower count: the day it is expected to be reached"
    )
    async def forecast(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        target: app_commands.Transform[int, Bounded("target", 1, MAX_TARGET)] | None = None,
    ) -> None:
        today = await guild_today(interaction)
        outlook = (await account_outlook(self.bot.store, account, today)).forecast
        if isinstance(outlook, TooLittleData):
            await interaction.followup.send(too_little(account.handle, outlook))
            return
        reach = outlook.reach(target) if target is not None else None
        await interaction.followup.send(embed=forecast_embed(account.handle, outlook, reach))


async def setup(bot: NetBot) -> None:
    await bot.add_cog(ForecastCog(bot))
