"""/leaderboard: every account of the server at a glance, ranked."""

from __future__ import annotations

from typing import Literal

from discord import app_commands
from discord.ext import commands

from bot.analytics.leaderboard import RankBy, build_leaderboard, read_since
from bot.app import NetBot
from bot.render.leaderboard import leaderboard_pages
from bot.workers import in_worker
from cogs.common import Bounded, Interaction, guild_today
from cogs.views import send_pages


@app_commands.guild_only()
class TeamCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="leaderboard", description="Every account of this server ranked by net followers"
    )
    @app_commands.describe(
        days="Window length in days (default 7)",
        by="Rank by net followers, or by growth (net as a % of followers at the start)",
    )
    async def leaderboard(
        self,
        interaction: Interaction,
        days: app_commands.Transform[int, Bounded("days", 1, 365)] = 7,
        by: Literal["net", "growth"] = "net",
    ) -> None:
        assert interaction.guild_id is not None
        today = await guild_today(interaction)
        store = self.bot.store
        accounts = await store.accounts.list(interaction.guild_id)
        columns = await store.snapshots.follower_columns(
            interaction.guild_id, since=read_since(today, days)
        )
        handles = {account.id: account.handle for account in accounts}
        board = await in_worker(
            build_leaderboard,
            {handles[i]: data for i, data in columns.items() if i in handles},
            today=today,
            days=days,
            by=RankBy(by),
        )
        await send_pages(interaction, await in_worker(leaderboard_pages, board))


async def setup(bot: NetBot) -> None:
    await bot.add_cog(TeamCog(bot))
