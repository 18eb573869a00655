"""/alerts subscribe|unsubscribe|channel|unmute: who hears about shrinking accounts."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.analytics.alerts import ALERT_WINDOW_DAYS
from bot.app import PRIVATE, NetBot
from bot.i18n import _
from bot.render.buttons import unmuted
from cogs.common import Interaction, TrackedAccount, check_can_post, manager_only
from storage import Account


def _subscribed(account: Account | None, added: bool) -> str:
    """The answer to /alerts subscribe: which account's loss sends the DM (any one of them
    alerts on its own), or that the member already had the subscription."""
    if added and account is not None:
        # Translators: {days} is the alert window in days, e.g. "a negative 7-day net".
        text = _(
            "You will get a DM when @{handle} has a negative {days}-day net, with the likely "
            "causes."
        )
    elif added:
        # Translators: {days} is the alert window in days, e.g. "a negative 7-day net".
        text = _(
            "You will get a DM when any account of this server has a negative {days}-day net, "
            "with the likely causes."
        )
    elif account is not None:
        text = _("You are already subscribed to @{handle}.")
    else:
        text = _("You are already subscribed to all accounts of this server.")
    handle = account.handle if account is not None else ""
    return text.format(handle=handle, days=ALERT_WINDOW_DAYS)


def _unsubscribed(account: Account | None, removed: bool) -> str:
    """The answer to /alerts unsubscribe, for one account or the all-accounts subscription."""
    if account is None:
        return (
            _("No more alerts for all accounts of this server.")
            if removed
            else _("You were not subscribed to all accounts of this server; nothing changed.")
        )
    text = (
        _("No more alerts for @{handle}.")
        if removed
        else _("You were not subscribed to @{handle}; nothing changed.")
    )
    return text.format(handle=account.handle)


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
        keep_open = _("Keep DMs from this server open so the alerts can reach you.")
        await interaction.followup.send(
            f"{_subscribed(account, added)} {keep_open}", ephemeral=True
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
        await interaction.followup.send(_unsubscribed(account, removed), ephemeral=True)

    @app_commands.command(
        name="channel", description="Also post alerts in a channel", extras={PRIVATE: True}
    )
    @app_commands.describe(channel="A text channel the bot can post in")
    @manager_only
    async def channel(self, interaction: Interaction, channel: discord.TextChannel) -> None:
        assert interaction.guild_id is not None
        async with self.bot.languages.speaking(interaction.guild_id):  # a post: the server's
            notice = _("Negative-growth alerts will be posted here.")
        await check_can_post(self.bot, channel, notice)
        await self.bot.store.settings.update(interaction.guild_id, alert_channel_id=channel.id)
        await interaction.followup.send(
            _("Alerts will also be posted in {channel}.").format(channel=channel.mention),
            ephemeral=True,
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
