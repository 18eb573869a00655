"""Pieces every cog shares: the account option, the manager check, the guild's today."""

from __future__ import annotations

from datetime import date
from typing import Any

import discord
from discord import app_commands

from bot import fmt
from bot.analytics.handles import InvalidHandle, normalise_handle
from bot.app import NetBot
from bot.clock import local_today
from bot.errors import UserFacingError
from bot.i18n import _
from bot.render.problems import invalid_handle
from storage import Account

Interaction = discord.Interaction[NetBot]


def parse_handle(text: str) -> str:
    try:
        return normalise_handle(text)
    except InvalidHandle as error:
        raise UserFacingError(invalid_handle(error)) from error


class AccountOption(app_commands.Transformer):
    """An account of *this* guild, autocompleted from its handles only."""

    async def transform(self, interaction: Interaction, value: str, /) -> Account:  # type: ignore[override]
        if interaction.guild_id is None:
            raise UserFacingError(_("Use this command in a server."))
        handle = parse_handle(value)
        account = await interaction.client.store.accounts.get(interaction.guild_id, handle)
        if account is None:
            raise UserFacingError(
                _(
                    "@{handle} is not tracked in this server. A manager can add it with "
                    "`/account add`; `/account list` shows what is tracked."
                ).format(handle=handle)
            )
        return account

    async def autocomplete(  # type: ignore[override]
        self, interaction: Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        handles = await interaction.client.store.accounts.search_handles(
            interaction.guild_id, value
        )
        return [app_commands.Choice(name=f"@{handle}", value=handle) for handle in handles]


TrackedAccount = app_commands.Transform[Account, AccountOption]


class Bounded(app_commands.Transformer):
    """A whole-number option whose range the bot checks itself.

    Discord's own client keeps to the synced ``min_value``/``max_value``; a modified one need not,
    and a value out of range would be stored, or break the command that uses it.
    """

    def __init__(self, name: str, low: int, high: int) -> None:
        self.name, self.low, self.high = name, low, high

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.integer

    @property
    def min_value(self) -> int:
        return self.low

    @property
    def max_value(self) -> int:
        return self.high

    async def transform(self, interaction: Interaction, value: object, /) -> int:  # type: ignore[override]
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not self.low <= value <= self.high
        ):
            raise UserFacingError(
                # Translators: {option} is the command option's name, {value} what was typed.
                _(
                    "`{option}` must be a whole number from {low} to {high}; `{value}` is not. "
                    "Nothing was changed."
                ).format(
                    option=self.name,
                    low=fmt.count(self.low),
                    high=fmt.count(self.high),
                    value=str(value)[:24],
                )
            )
        return value


async def manages(bot: NetBot, member: discord.Member, permissions: discord.Permissions) -> bool:
    """Manage Server (``permissions``: the member's in the channel at hand), or the bot's
    manager role, in the member's server."""
    if permissions.manage_guild:
        return True
    settings = await bot.store.settings.get(member.guild.id)
    return bool(settings.manager_role_id and member.get_role(settings.manager_role_id))


async def is_manager(interaction: Interaction) -> bool:
    """Manage Server, or the bot's manager role, in this server."""
    assert interaction.guild_id is not None
    member = interaction.user
    if not isinstance(member, discord.Member):
        return interaction.permissions.manage_guild
    return await manages(interaction.client, member, interaction.permissions)


async def _is_manager(interaction: Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if await is_manager(interaction):
        return True
    raise app_commands.CheckFailure(
        _("Only members with the Manage Server permission (or the bot's manager role) can do that.")
    )


manager_only = app_commands.check(_is_manager)


def for_managers(command: app_commands.Command[Any, ..., Any]) -> bool:
    """Whether only managers may run the command (the manager check, or Manage Server)."""
    permissions = command.default_permissions or (
        command.parent.default_permissions if command.parent else None
    )
    if permissions is not None and permissions.manage_guild:
        return True
    return any(
        check is _is_manager or "has_permissions" in getattr(check, "__qualname__", "")
        for check in command.checks
    )


async def _may_add_data(interaction: Interaction) -> bool:
    """Everyone, unless /settings data-role named a role: then its members and managers."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    settings = await interaction.client.store.settings.get(interaction.guild_id)
    member = interaction.user
    if settings.data_role_id is None or (
        isinstance(member, discord.Member) and member.get_role(settings.data_role_id)
    ):
        return True
    try:
        return await _is_manager(interaction)
    except app_commands.CheckFailure:
        raise app_commands.CheckFailure(
            _(
                "Only members with the {role} role (or who manage the bot) can add data in this "
                "server."
            ).format(role=f"<@&{settings.data_role_id}>")
        ) from None


data_role_only = app_commands.check(_may_add_data)


async def guild_today(interaction: Interaction) -> date:
    """Today in the guild's configured time zone."""
    assert interaction.guild_id is not None
    settings = await interaction.client.store.settings.get(interaction.guild_id)
    return local_today(settings.timezone, interaction.client.clock())


async def check_can_post(bot: NetBot, channel: discord.abc.GuildChannel, notice: str) -> None:
    """Prove the bot can post in ``channel`` by posting a short notice there."""
    try:
        await bot.get_partial_messageable(channel.id).send(notice)
    except discord.Forbidden:
        raise UserFacingError(
            _(
                "I cannot post in {channel}: give me View Channel, Send Messages, Embed Links and "
                "Attach Files there, then run this again."
            ).format(channel=channel.mention)
        ) from None
    except discord.NotFound:
        raise UserFacingError(
            _("{channel} no longer exists; choose another.").format(channel=channel.mention)
        ) from None
