"""/net, /why, /chart: what the numbers say."""

from __future__ import annotations

import io
from datetime import date

import discord
import pandas as pd
from discord import app_commands
from discord.ext import commands

from bot import explain
from bot.analytics.series import latest_day, net_report
from bot.app import NetBot
from bot.errors import UserFacingError
from bot.outlook import goal_progress
from bot.render.charts import account_caption, account_chart
from bot.render.diagnosis import why_embeds
from bot.render.embeds import net_embed, pack_messages
from bot.render.outlook import goal_line
from bot.workers import in_worker
from cogs.common import Bounded, Interaction, TrackedAccount, guild_today
from cogs.views import send_pages
from storage import Account

NO_DATA = (
    "No follower data for @{handle} yet. Add some with `/upload` (a TikTok export) "
    "or `/log` (a count typed by hand)."
)


@app_commands.guild_only()
class InsightsCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.command(name="net", description="Net followers (gained minus lost) over a window")
    @app_commands.describe(account="The account", days="Window length in days (default 7)")
    async def net(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        days: app_commands.Transform[int, Bounded("days", 1, 365)] = 7,
    ) -> None:
        daily, end = await self._daily_with_data(account)
        report = net_report(daily, days, end=end)
        assert report is not None
        today = await guild_today(interaction)
        embed = net_embed(account.handle, report, today=today)
        goal = await goal_progress(self.bot.store, account, daily)
        if goal is not None:
            embed.add_field(name="Goal", value=goal_line(goal), inline=False)
        await interaction.followup.send(embed=embed)

    @app_commands.command(name="why", description="Why is this account losing followers?")
    @app_commands.describe(account="The account", days="Window length in days (default 7)")
    async def why(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        days: app_commands.Transform[int, Bounded("days", 1, 90)] = 7,
    ) -> None:
        daily, end = await self._daily_with_data(account)
        settings = await self.bot.store.settings.get(account.guild_id)
        diagnosis = await explain.diagnose_account(
            self.bot.store, account, days=days, tz=settings.timezone, end=end, daily=daily
        )
        assert diagnosis is not None
        today = await guild_today(interaction)
        await send_pages(interaction, pack_messages(why_embeds(account.handle, diagnosis, today)))

    @app_commands.command(name="chart", description="Chart of total followers and daily net")
    @app_commands.describe(account="The account", days="Days to show (default 28)")
    async def chart(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        days: app_commands.Transform[int, Bounded("days", 7, 365)] = 28,
    ) -> None:
        daily, end = await self._daily_with_data(account)
        png = await in_worker(account_chart, account.handle, daily, end=end, days=days)
        name = f"{account.handle}-{days}d.png"
        await interaction.followup.send(
            account_caption(account.handle, daily, end=end, days=days),
            file=discord.File(io.BytesIO(png), filename=name),
        )

    async def _daily_with_data(self, account: Account) -> tuple[pd.DataFrame, date]:
        """The account's daily frame and its latest day, or a clear error when it has none."""
        daily = await self.bot.store.snapshots.daily(account.id)
        end = latest_day(daily)
        if end is None:
            raise UserFacingError(NO_DATA.format(handle=account.handle))
        return daily, end


async def setup(bot: NetBot) -> None:
    await bot.add_cog(InsightsCog(bot))
