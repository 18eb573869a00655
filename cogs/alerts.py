"""/alerts subscribe|unsubscribe|channel|unmute: who hears about shrinking accounts."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.analytics.alerts import ALERT_WINDOW_DAYS
from bot.app import PRIVATE, NetBot
from bot.render.buttons import unmuted
from cogs.common import Interaction, TrackedAccount, check_can_post, manager_only
from storage import Account


def _scope(account: Account | None) -> str:
    """What a subscription covers: one account, or all of them."""
    return f"@{account.handle}" if account is not None else "all accounts of this server"


def _which(account: Account | None) -> str:
    """Which account's loss sends the DM: any one of them alerts on its own."""
    return f"@{account.handle}" if account is not None else "any account of this server"


@app_commands.guild_only()
class AlertsCog(
    commands.GroupCog,
    group_name="alerts",
    group_description="DMs when an account starts losing followers",
):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="subscribe",
        description="DM me when net growth turns negative",
        extras={PRIVATE: True},
    )
    @app_commands.describe(account="One account (default: all of this server's)")
    async def subscribe(
        self, interaction: Interaction, account: TrackedAccount | None = None
    ) -> None:
        assert interaction.guild_id is not None
        added = await self.bot.store.subscriptions.add(
            interaction.guild_id, interaction.user.id, account.id if account else None
        )
        scope = _scope(account)
        text = (
            f"You will get a DM when {_which(account)} has a negative {ALERT_WINDOW_DAYS}-day "
            "net, "
            "with the likely causes."
            if added
            else f"You are already subscribed to {scope}."
        )
        await interaction.followup.send(
            text + " Keep DMs from this server open so the alerts can reach you.", ephemeral=True
        )

    @app_commands.command(name="unsubscribe", description="Stop the DMs", extras={PRIVATE: True})
    @app_commands.describe(account="One account (default: the all-accounts subscription)")
    async def unsubscribe(
        self, interaction: Interaction, account: TrackedAccount | None = None
    ) -> None:
        assert interaction.guild_id is not None
        removed = await self.bot.store.subscriptions.remove(
            interaction.guild_id, interaction.user.id, account.id if account else None
        )
        scope = _scope(account)
        await interaction.followup.send(
            f"No more alerts for {scope}."
            if removed
            else f"You were not subscribed to {scope}; nothing changed.",
            ephemeral=True,
        )

    @app_commands.command(
        name="channel", description="Also post alerts in a channel", extras={PRIVATE: True}
    )
    @app_commands.describe(channel="A text channel the bot can post in")
    @manager_only
    async def channel(self, interaction: Interaction, channel: discord.TextChannel) -> None:
        assert interaction.guild_id is not None
        await check_can_post(self.bot, channel, "Negative-growth alerts will be posted here.")
        await self.bot.store.settings.update(interaction.guild_id, alert_channel_id=channel.id)
        await interaction.followup.send(
            f"Alerts will also be posted in {channel.mention}.", ephemeral=True
        )

    @app_commands.command(
        name="unmute",
        description="Turn alerts back on for an account a manager muted",
        extras={PRIVATE: True},
    )
    @app_commands.describe(account="The muted account")
    @manager_only
    async def unmute(self, interaction: Interaction, account: TrackedAccount) -> None:
        was_muted = await self.bot.store.silences.unmute(account.id)
        await interaction.followup.send(unmuted(account.handle, was_muted), ephemeral=True)


async def setup(bot: NetBot) -> None:
    await bot.add_cog(AlertsCog(bot))
