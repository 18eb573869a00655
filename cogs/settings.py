"""/settings show|manager-role|data-role: this server's configuration at a glance, who manages
it, and who adds data."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import fmt
from bot.app import PRIVATE, NetBot
from bot.errors import UserFacingError
from cogs.common import Interaction


@app_commands.guild_only()
class SettingsCog(
    commands.GroupCog, group_name="settings", group_description="This server's bot settings"
):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="show", description="Show this server's bot settings", extras={PRIVATE: True}
    )
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.store.settings.get(interaction.guild_id)
        upcoming = self.bot.scheduler.next_digest_time(interaction.guild_id)

        def channel(channel_id: int | None) -> str:
            return f"<#{channel_id}>" if channel_id else "not set"

        lines = [
            f"Time zone: {settings.timezone}",
            f"Digest: {fmt.weekly(settings.digest_weekday, settings.digest_time)}, "
            f"to {channel(settings.digest_channel_id)}",
            f"Next digest: {fmt.moment(upcoming, settings.timezone) if upcoming else 'none'}",
            f"Alert channel: {channel(settings.alert_channel_id)}",
            "Manager role: "
            + (
                f"<@&{settings.manager_role_id}>"
                if settings.manager_role_id
                else "none (Manage Server only)"
            ),
        ]
        await interaction.followup.send("\n".join(lines), ephemeral=True)

    @app_commands.command(
        name="manager-role",
        description="Let a role manage accounts and settings (no role: clear)",
        extras={PRIVATE: True},
    )
    @app_commands.describe(role="The role; leave empty to allow Manage Server only")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def manager_role(
        self, interaction: Interaction, role: discord.Role | None = None
    ) -> None:
        assert interaction.guild_id is not None
        if role is not None and not isinstance(role, discord.Role):
            # Discord resolves a real role; a bare id names nothing in this server.
            raise UserFacingError("Choose a role of this server from the list; nothing changed.")
        await self.bot.store.settings.update(
            interaction.guild_id, manager_role_id=role.id if role else None
        )
        text = (
            f"Members with {role.mention} can now add and remove accounts and change the "
            "digest and alert settings."
            if role
            else "Only members with Manage Server can manage the bot now."
        )
        await interaction.followup.send(text, ephemeral=True)

    @app_commands.command(
        name="data-role",
        description="Let only a role (and managers) /log and /upload (no role: everyone)",
        extras={PRIVATE: True},
    )
    @app_commands.describe(role="The role; leave empty to let every member add data")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def data_role(self, interaction: Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        if role is not None and not isinstance(role, discord.Role):
            raise UserFacingError("Choose a role of this server from the list; nothing changed.")
        await self.bot.store.settings.update(
            interaction.guild_id, data_role_id=role.id if role else None
        )
        text = (
            f"Only members with {role.mention}, and those who manage the bot, can /log and "
            "/upload now."
            if role
            else "Every member can /log and /upload now."
        )
        await interaction.followup.send(text, ephemeral=True)


async def setup(bot: NetBot) -> None:
    await bot.add_cog(SettingsCog(bot))
