"""/net, /why, /chart: what the numbers say."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.app import NetBot
from bot.render.buttons import net_actions
from cogs.actions import AccountButton, AccountMenu, account_view
from cogs.answers import chart_answer, net_answer, why_answer
from cogs.common import Bounded, Interaction, TrackedAccount
from cogs.views import send_pages


class InsightsCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.guild_only()
    @app_commands.command(name="net", description="Net followers (gained minus lost) over a window")
    @app_commands.describe(account="The account", days="Window length in days (default 7)")
    async def net(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        days: app_commands.Transform[int, Bounded("days", 1, 365)] = 7,
    ) -> None:
        embed = await net_answer(self.bot, account, days)
        await interaction.followup.send(
            embed=embed, view=account_view(account.id, net_actions(days), current=days)
        )

    @app_commands.guild_only()
    @app_commands.command(name="why", description="Why is this account losing followers?")
    @app_commands.describe(account="The account", days="Window length in days (default 7)")
    async def why(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        days: app_commands.Transform[int, Bounded("days", 1, 90)] = 7,
    ) -> None:
        await send_pages(interaction, await why_answer(self.bot, account, days))

    @app_commands.guild_only()
    @app_commands.command(name="chart", description="Chart of total followers and daily net")
    @app_commands.describe(account="The account", days="Days to show (default 28)")
    async def chart(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        days: app_commands.Transform[int, Bounded("days", 7, 365)] = 28,
    ) -> None:
        caption, file = await chart_answer(self.bot, account, days)
        await interaction.followup.send(caption, file=file)


async def setup(bot: NetBot) -> None:
    bot.add_dynamic_items(AccountButton, AccountMenu)
    await bot.add_cog(InsightsCog(bot))
