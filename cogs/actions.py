"""The buttons under /net and alerts, and the digest's menu of accounts: one click deeper into an
account.

They are persistent: their custom id carries the action, the account's id and the window, and
the handler registered at start-up answers them, so a message keeps working after a restart.
Each press is answered to the presser alone, and only when they belong to the account's server.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import timedelta

import discord

from bot import fmt
from bot.app import speak_to
from bot.clock import zone
from bot.errors import UserFacingError
from bot.i18n import _
from bot.render.buttons import (
    ACCOUNT_ACTION_TEMPLATE,
    ACCOUNT_MENU_ID,
    CHART_MIN_DAYS,
    MANAGERS_ONLY,
    NO_LONGER_TRACKED,
    NOT_A_MEMBER,
    SNOOZE_DAYS,
    SOMETHING_WENT_WRONG,
    AccountAction,
    account_action_id,
    account_action_label,
    muted,
    net_actions,
    snoozed,
)
from bot.workers import work_for
from cogs.answers import chart_answer, net_answer, why_answer
from cogs.common import Interaction, manages
from storage import Account

log = logging.getLogger(__name__)

DEFAULT_DAYS = 7  # the window the digest's menu opens, as /net's default


class AccountButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ACCOUNT_ACTION_TEMPLATE
):
    """One button of an account: Why, Chart, a window, Snooze or Mute."""

    def __init__(
        self, action: AccountAction, account_id: int, days: int, *, current: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=account_action_label(action, days),
                custom_id=account_action_id(action, account_id, days),
                style=discord.ButtonStyle.primary if current else discord.ButtonStyle.secondary,
            )
        )
        self.action = action
        self.account_id = account_id
        self.days = days

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls,
        interaction: Interaction,
        item: discord.ui.Button[discord.ui.View],
        match: re.Match[str],
        /,
    ) -> AccountButton:
        return cls(AccountAction(match["action"]), int(match["account"]), int(match["days"]))

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        speak_to(interaction)  # a press runs in a task of its own: answer in the presser's words
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            account, member = await _account_for(interaction, self.account_id)
            work_for(
                account.guild_id
            )  # a press from a DM still counts against the account's server
            await self._answer(interaction, account, member)
        except UserFacingError as error:
            await interaction.followup.send(str(error), ephemeral=True)
        except Exception:
            log.exception("Button %s failed", self.item.custom_id)
            await interaction.followup.send(_(SOMETHING_WENT_WRONG), ephemeral=True)

    async def _answer(
        self, interaction: Interaction, account: Account, member: discord.Member
    ) -> None:
        bot = interaction.client
        days = self.days
        if self.action is AccountAction.WHY:
            pages = await why_answer(bot, account, min(days, 90))
            for page in pages:
                await interaction.followup.send(embeds=page, ephemeral=True)
        elif self.action is AccountAction.CHART:
            caption, file = await chart_answer(bot, account, max(days, CHART_MIN_DAYS))
            await interaction.followup.send(caption, file=file, ephemeral=True)
        elif self.action is AccountAction.NET:
            embed = await net_answer(bot, account, days)
            view = account_view(account.id, net_actions(days), current=days)
            await interaction.followup.send(embed=embed, view=view, ephemeral=True)
        elif self.action is AccountAction.SNOOZE:
            until = bot.clock() + timedelta(days=SNOOZE_DAYS)
            await bot.store.silences.snooze(account.id, member.id, until)
            settings = await bot.store.settings.get(account.guild_id)
            when = fmt.moment(until.astimezone(zone(settings.timezone)), settings.timezone)
            await interaction.followup.send(snoozed(account.handle, when), ephemeral=True)
        else:
            # a press in a DM carries no channel permissions: the member's in the server count
            permissions = (
                interaction.permissions if interaction.guild_id else member.guild_permissions
            )
            if not await manages(bot, member, permissions):
                raise UserFacingError(_(MANAGERS_ONLY))
            newly = await bot.store.silences.mute(account.id, member.id, bot.clock())
            await interaction.followup.send(muted(account.handle, newly), ephemeral=True)


class AccountMenu(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]], template=ACCOUNT_MENU_ID
):
    """The digest's menu of its accounts: the chosen one opens as /net does, with its buttons."""

    def __init__(self, item: discord.ui.Select[discord.ui.View]) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls,
        interaction: Interaction,
        item: discord.ui.Select[discord.ui.View],
        match: re.Match[str],
        /,
    ) -> AccountMenu:
        return cls(item)

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        speak_to(interaction)  # a press runs in a task of its own: answer in the presser's words
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            chosen = self.item.values[0] if self.item.values else ""
            if not chosen.isdigit():
                raise UserFacingError(_(NO_LONGER_TRACKED))
            account, _member = await _account_for(interaction, int(chosen))
            work_for(account.guild_id)
            embed = await net_answer(interaction.client, account, DEFAULT_DAYS)
            view = account_view(account.id, net_actions(DEFAULT_DAYS), current=DEFAULT_DAYS)
            await interaction.followup.send(embed=embed, view=view, ephemeral=True)
        except UserFacingError as error:
            await interaction.followup.send(str(error), ephemeral=True)
        except Exception:
            log.exception("The digest's account menu failed")
            await interaction.followup.send(_(SOMETHING_WENT_WRONG), ephemeral=True)


def account_view(
    account_id: int, actions: Sequence[tuple[AccountAction, int]], *, current: int | None = None
) -> discord.ui.View:
    """The buttons of an account, the window shown (``current``) highlighted."""
    view = discord.ui.View(timeout=None)
    for action, days in actions:
        highlighted = action is AccountAction.NET and days == current
        view.add_item(AccountButton(action, account_id, days, current=highlighted))
    return view


async def _account_for(interaction: Interaction, account_id: int) -> tuple[Account, discord.Member]:
    """The account, and the presser as a member of its server; a plain refusal otherwise."""
    account = await interaction.client.store.accounts.by_id(account_id)
    if account is None:
        raise UserFacingError(_(NO_LONGER_TRACKED))
    user = interaction.user
    if interaction.guild_id is not None:
        if interaction.guild_id != account.guild_id or not isinstance(user, discord.Member):
            raise UserFacingError(_(NOT_A_MEMBER))
        return account, user
    # Pressed in a DM: ask Discord whether the presser is still in the account's server. DMs
    # reach shard 0, whose process may not hold the server when another shard's process does.
    try:
        guild = interaction.client.get_guild(
            account.guild_id
        ) or await interaction.client.fetch_guild(account.guild_id)
        return account, await guild.fetch_member(user.id)
    except discord.NotFound:
        raise UserFacingError(_(NOT_A_MEMBER)) from None
