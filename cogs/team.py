"""/leaderboard and /help: the whole server at a glance, and where to start."""

from __future__ import annotations

from typing import Literal

from discord import app_commands
from discord.ext import commands

from bot.analytics.coverage import coverage
from bot.analytics.leaderboard import RankBy, build_leaderboard, read_since
from bot.app import PRIVATE, NetBot
from bot.render.help import CommandEntry, ServerSetup, help_embed
from bot.render.leaderboard import leaderboard_pages
from bot.sources import SourceKind
from cogs.common import Bounded, Interaction, for_managers, guild_today, is_manager
from cogs.views import send_pages


class TeamCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.guild_only()
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
        board = await self.bot.workers.run(
            build_leaderboard,
            {i: data for i, data in columns.items() if i in handles},
            handles=handles,
            today=today,
            days=days,
            by=RankBy(by),
        )
        await send_pages(interaction, await self.bot.workers.run(leaderboard_pages, board))

    @app_commands.guild_only()
    @app_commands.command(
        name="help",
        description="What this bot does here, your commands, what is connected or missing",
        extras={PRIVATE: True},
    )
    async def help(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        guild_id = interaction.guild_id
        store = self.bot.store
        manager = await is_manager(interaction)
        everyone: list[CommandEntry] = []
        managers: list[CommandEntry] = []
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            if isinstance(command, app_commands.Group):
                subcommands = [
                    sub for sub in command.commands if isinstance(sub, app_commands.Command)
                ]
                open_to_all = tuple(sub.name for sub in subcommands if not for_managers(sub))
                only_managers = tuple(sub.name for sub in subcommands if for_managers(sub))
                if open_to_all:
                    everyone.append(CommandEntry(command.name, command.description, open_to_all))
                if only_managers and manager:
                    managers.append(CommandEntry(command.name, command.description, only_managers))
            elif isinstance(command, app_commands.Command):
                entry = CommandEntry(command.name, command.description)
                if not for_managers(command):
                    everyone.append(entry)
                elif manager:
                    managers.append(entry)
        accounts = await store.accounts.list(guild_id)
        latest = await store.snapshots.latest_days(guild_id)
        connections = await store.connections.of_guild(guild_id)
        settings = await store.settings.get(guild_id)
        setup = ServerSetup(
            coverage=coverage(
                {account.handle: latest.get(account.id) for account in accounts},
                today=await guild_today(interaction),
            ),
            connected=sum(connection.connected for connection in connections.values()),
            tiktok_available=SourceKind.TIKTOK_DISPLAY in self.bot.sources,
            digest_channel_id=settings.digest_channel_id,
            alert_channel_id=settings.alert_channel_id,
        )
        await interaction.followup.send(embed=help_embed(everyone, managers, setup), ephemeral=True)


async def setup(bot: NetBot) -> None:
    await bot.add_cog(TeamCog(bot))
