"""/account add|remove|list: which TikTok accounts this server tracks."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date

import discord
from discord import app_commands
from discord.ext import commands

from bot import fmt
from bot.analytics.series import FollowerColumns, latest_total, net_report
from bot.app import PRIVATE, NetBot
from bot.errors import UserFacingError
from bot.i18n import N_, _
from bot.render import tiktok as wording
from bot.render.embeds import PAGE_EMBED_LIMIT, line_embeds, pack_messages
from bot.render.figures import account_brief
from bot.sources import DataSource, SourceKind
from bot.tiktok.business_pull import BusinessReport
from bot.tiktok.client import TikTokError
from bot.tiktok.oauth import STATE_TTL
from bot.tiktok.pull import NotConnected
from bot.tiktok.tokens import ConnectionLost
from bot.tiktok.vault import UnreadableToken
from cogs.common import Interaction, TrackedAccount, guild_today, manager_only, parse_handle
from cogs.views import CallerView, send_pages
from storage import Account, AccountExists
from storage.connections import Connection

log = logging.getLogger(__name__)


class ConfirmRemoval(CallerView):
    """Two buttons; only the member who asked may press them."""

    refusal = N_("Only the member who asked can confirm this.")

    def __init__(self, bot: NetBot, account: Account, requester_id: int) -> None:
        super().__init__(requester_id, timeout=bot.button_timeout)
        self.bot = bot
        self.account = account

    @discord.ui.button(
        label=N_("Delete account and data"),
        style=discord.ButtonStyle.danger,
        custom_id="account-remove:confirm",
    )
    async def confirm(self, interaction: Interaction, _button: discord.ui.Button) -> None:
        await interaction.response.defer()
        revocation = None
        for source in self.bot.sources:
            revocation = await source.disconnect(self.account) or revocation
        days = await self.bot.store.accounts.remove(self.account.id)
        self.stop()
        log.info("Guild %s removed @%s (%d days)", self.account.guild_id, self.account.handle, days)
        handle = self.account.handle
        # Translators: {days} is a number of days, e.g. "12 days".
        content = _("Stopped tracking @{handle} and deleted {days} of data.").format(
            handle=handle, days=fmt.days(days)
        )
        if revocation is not None:
            content += f" {wording.access_after_disconnect(handle, revocation)}"
        await interaction.edit_original_response(content=content, view=None)

    @discord.ui.button(
        label=N_("Cancel"),
        style=discord.ButtonStyle.secondary,
        custom_id="account-remove:cancel",
    )
    async def cancel(self, interaction: Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=_("Kept @{handle}; nothing was deleted.").format(handle=self.account.handle),
            view=None,
        )


def list_lines(
    accounts: Sequence[Account],
    frames: Mapping[int, FollowerColumns],
    connections: Mapping[int, Connection] | None = None,
    *,
    today: date,
) -> list[str]:
    """One line per account: its latest total and 7-day net, and its TikTok connection."""
    lines = []
    for account in accounts:
        daily = frames[account.id]
        connection = (connections or {}).get(account.id)
        link = (
            " · "
            + wording.connection_status(
                connection.connected, connection.last_pull_at, connection.api
            )
            if connection is not None
            else ""
        )
        report = net_report(daily, 7)
        if report is None:
            lines.append(_("**@{handle}** · no data yet").format(handle=account.handle) + link)
            continue
        lines.append(
            f"**@{account.handle}** · {account_brief(report, latest_total(daily), today)}{link}"
        )
    return lines


@app_commands.guild_only()
class AccountsCog(
    commands.GroupCog,
    group_name="account",
    group_description="The TikTok accounts this server tracks",
):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="add", description="Track a TikTok account in this server")
    @app_commands.describe(
        handle="TikTok username, e.g. @glowlab.studio", owner="Who runs the account (optional)"
    )
    @manager_only
    async def add(
        self, interaction: Interaction, handle: str, owner: discord.Member | None = None
    ) -> None:
        assert interaction.guild_id is not None
        name = parse_handle(handle)
        try:
            await self.bot.store.accounts.add(
                interaction.guild_id, name, owner_id=owner.id if owner else None
            )
        except AccountExists:
            raise UserFacingError(
                _("@{handle} is already tracked in this server.").format(handle=name)
            ) from None
        if owner:
            text = _(
                "Now tracking @{handle} for {owner}. Feed it with `/upload` (a TikTok export) "
                "or `/log` (a count typed by hand)."
            ).format(handle=name, owner=owner.mention)
        else:
            text = _(
                "Now tracking @{handle}. Feed it with `/upload` (a TikTok export) "
                "or `/log` (a count typed by hand)."
            ).format(handle=name)
        await interaction.followup.send(text)

    @app_commands.command(
        name="remove",
        description="Stop tracking an account and delete its data",
        extras={PRIVATE: True},
    )
    @app_commands.describe(account="The account to remove")
    @app_commands.rename(account="handle")
    @manager_only
    async def remove(self, interaction: Interaction, account: TrackedAccount) -> None:
        view = ConfirmRemoval(self.bot, account, interaction.user.id)
        await view.send(
            interaction,
            content=_("Delete @{handle} and all its stored data? This cannot be undone.").format(
                handle=account.handle
            ),
            ephemeral=True,
        )

    @app_commands.command(
        name="list", description="Tracked accounts with their total and 7-day net"
    )
    async def list(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        accounts = await self.bot.store.accounts.list(interaction.guild_id)
        if not accounts:
            raise UserFacingError(
                _("No accounts tracked yet. A manager can add one with `/account add`.")
            )
        # arrays, not frames: the fast read that keeps a 500-account list well inside a second
        frames = await self.bot.store.snapshots.follower_columns(
            interaction.guild_id, since=date.min
        )
        connections = await self.bot.store.connections.of_guild(interaction.guild_id)
        today = await guild_today(interaction)
        lines = await self.bot.workers.run(list_lines, accounts, frames, connections, today=today)
        title = _("Tracked accounts ({count})").format(count=len(accounts))
        embeds = line_embeds(title, lines, limit=PAGE_EMBED_LIMIT)
        await send_pages(interaction, pack_messages(embeds))

    @app_commands.command(
        name="connect",
        description="Link the account to TikTok; it is pulled by itself from then on",
        extras={PRIVATE: True},
    )
    @app_commands.describe(
        account="The account to connect",
        api="Which TikTok API: display, or business for a Business account's daily split",
    )
    @app_commands.choices(
        api=[
            app_commands.Choice(name="display", value=SourceKind.TIKTOK_DISPLAY.value),
            app_commands.Choice(name="business", value=SourceKind.TIKTOK_BUSINESS.value),
        ]
    )
    @manager_only
    async def connect(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        api: app_commands.Choice[str] | None = None,
    ) -> None:
        kind = SourceKind(api.value) if api is not None else self._only_kind(ask=True)
        source = self.bot.sources.get(kind)
        url = await source.consent_link(account, interaction.user.id)
        view = discord.ui.View()
        view.add_item(discord.ui.Button(label=_("Open TikTok"), url=url))
        minutes = int(STATE_TTL.total_seconds() // 60)
        prompt = (
            wording.business_consent_prompt(account.handle, minutes)
            if kind is SourceKind.TIKTOK_BUSINESS
            else wording.consent_prompt(account.handle, minutes)
        )
        await interaction.followup.send(prompt, view=view, ephemeral=True)

    @app_commands.command(
        name="disconnect",
        description="Revoke and forget the account's TikTok connection",
        extras={PRIVATE: True},
    )
    @app_commands.describe(account="The account to disconnect")
    @manager_only
    async def disconnect(self, interaction: Interaction, account: TrackedAccount) -> None:
        source = await self._source_of(account)
        revocation = await source.disconnect(account)
        if revocation is None:
            raise UserFacingError(wording.not_connected(account.handle))
        access = wording.access_after_disconnect(account.handle, revocation)
        await interaction.followup.send(
            wording.disconnected(account.handle, access), ephemeral=True
        )

    def _only_kind(self, *, ask: bool = False) -> SourceKind:
        """The API to use when none is named: the one configured (Display when none is, so
        the answer names its settings); with both, ``ask`` makes the member choose."""
        configured = [kind for kind in SourceKind if kind in self.bot.sources]
        if len(configured) == 1:
            return configured[0]
        if configured and ask:
            raise UserFacingError(wording.choose_api())
        return SourceKind.TIKTOK_DISPLAY

    async def _source_of(self, account: Account) -> DataSource:
        """The source the account is connected through (else the one configured)."""
        connection = await self.bot.store.connections.get(account.id)
        return self.bot.sources.get(connection.api if connection else self._only_kind())

    @app_commands.command(name="sync", description="Pull the account from TikTok now")
    @app_commands.describe(account="The account to pull")
    @manager_only
    async def sync(self, interaction: Interaction, account: TrackedAccount) -> None:
        source = await self._source_of(account)
        try:
            report = await source.pull(account)
        except NotConnected:
            raise UserFacingError(wording.not_connected(account.handle)) from None
        except ConnectionLost as lost:
            raise UserFacingError(wording.lost_notice(account.handle, lost.reason)) from None
        except (TikTokError, UnreadableToken):
            raise UserFacingError(wording.unavailable(account.handle)) from None
        if isinstance(report, BusinessReport):
            days = report.write.days
            await interaction.followup.send(
                wording.business_pulled(
                    account.handle,
                    first=report.first,
                    last=report.last,
                    followers=report.followers,
                    new=days.new,
                    revised=days.revised,
                    kept=len(days.kept),
                    disagreements=len(report.disagreements),
                    posts_new=report.write.posts_new,
                    posts_updated=report.write.posts_updated,
                )
            )
            return
        net = net_report(await self.bot.store.snapshots.account_columns(account.id), 7)
        await interaction.followup.send(
            wording.pulled(
                account.handle,
                followers=report.followers,
                day=fmt.day(report.day),
                posts_new=report.write.posts_new,
                posts_updated=report.write.posts_updated,
                views_estimated=report.write.views_estimated,
                export_followers=report.write.export_followers,
                gap=net.gap if net else None,
            )
        )


async def setup(bot: NetBot) -> None:
    await bot.add_cog(AccountsCog(bot))
