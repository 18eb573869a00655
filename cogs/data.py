"""/log, /upload, /export: getting data in and out."""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import discord
import pandas as pd
from discord import app_commands
from discord.ext import commands

from bot import fmt
from bot.analytics.formats.base import ImportFileError, ImportLimits
from bot.analytics.model import daily_frame
from bot.analytics.plausible import RECENT_DAYS, doubt
from bot.analytics.series import net_report
from bot.analytics.vocabulary import SnapshotSource
from bot.app import PRIVATE, NetBot
from bot.errors import UserFacingError
from bot.i18n import N_, _, ngettext
from bot.render.export import posts_csv, snapshots_csv
from bot.render.figures import gap_line, net_figure
from bot.render.imports import (
    count_cancelled,
    count_question,
    import_cancelled,
    named_elsewhere_question,
    summary_embed,
    tracked_elsewhere,
)
from bot.render.problems import nothing_imported
from bot.services.importer import ReadUpload, other_owners, read_upload, store_upload
from cogs.common import Bounded, Interaction, TrackedAccount, data_role_only, guild_today
from cogs.views import CallerView
from storage import Account

log = logging.getLogger(__name__)

MAX_COUNT = 2_000_000_000
OLDEST_LOG_DAYS = 5 * 366


async def upload_allowed(interaction: Interaction) -> bool:
    """One member may not keep the parsing threads busy: a few uploads a minute each."""
    cooldown = interaction.client.upload_cooldown
    wait = cooldown.use(interaction.user.id)
    if wait is None:
        return True
    raise app_commands.CommandOnCooldown(app_commands.Cooldown(cooldown.rate, cooldown.per), wait)


def parse_log_date(text: str | None, today: date) -> date:
    """``YYYY-MM-DD``, not in the future, not older than five years."""
    if text is None:
        return today
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UserFacingError(
            # Translators: keep YYYY-MM-DD as it is: the date must be typed that way.
            _("`{text}` is not a date: write it as YYYY-MM-DD, e.g. `{example}`.").format(
                text=text[:20], example=today.isoformat()
            )
        ) from None
    if day > today:
        raise UserFacingError(
            _("{day} is in the future (today is {today} in this server's time zone).").format(
                day=fmt.day(day), today=fmt.day(today)
            )
        )
    if day < today - timedelta(days=OLDEST_LOG_DAYS):
        raise UserFacingError(_("That date is more than five years ago."))
    return day


class ConfirmImport(CallerView):
    """An upload named for another account waits here; only the uploader may import it, and
    when the buttons time out nothing was stored."""

    refusal = N_("Only the member who uploaded the file can confirm this.")

    def __init__(self, bot: NetBot, account: Account, upload: ReadUpload, uploader: int) -> None:
        super().__init__(uploader, timeout=bot.button_timeout)
        self.bot = bot
        self.account = account
        self.upload = upload

    @discord.ui.button(
        label=N_("Import anyway"), style=discord.ButtonStyle.primary, custom_id="upload:confirm"
    )
    async def confirm(self, interaction: Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.defer()
        summary = await store_upload(self.bot.store, self.account, self.upload)
        await interaction.edit_original_response(
            content=None, embed=summary_embed(summary), view=None
        )
        if not summary.outcome.already_imported:
            self.bot.deliveries.alerts.after_new_data(self.account)

    @discord.ui.button(
        label=N_("Cancel"), style=discord.ButtonStyle.secondary, custom_id="upload:cancel"
    )
    async def cancel(self, interaction: Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=import_cancelled(self.upload.filename), view=None
        )


@dataclass(frozen=True)
class LogRow:
    """One /log: a day's total and what else the member knew."""

    day: date
    followers: int
    gained: int | None
    lost: int | None
    views: int | None

    def frame(self) -> pd.DataFrame:
        return daily_frame([{k: v for k, v in asdict(self).items() if v is not None}])


class ConfirmCount(CallerView):
    """A hand-typed total that does not fit the history waits here for the member who typed
    it; nothing is stored (and nothing announced) until they confirm."""

    refusal = N_("Only the member who logged this count can confirm it.")

    def __init__(self, cog: DataCog, account: Account, row: LogRow, author: int) -> None:
        super().__init__(author, timeout=cog.bot.button_timeout)
        self.cog = cog
        self.account = account
        self.row = row

    @discord.ui.button(
        label=N_("Store it"), style=discord.ButtonStyle.primary, custom_id="log:confirm"
    )
    async def confirm(self, interaction: Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.defer()
        text = await self.cog.store_count(self.account, self.row)
        await interaction.edit_original_response(content=text, view=None)

    @discord.ui.button(
        label=N_("Cancel"), style=discord.ButtonStyle.secondary, custom_id="log:cancel"
    )
    async def cancel(self, interaction: Interaction, _button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=count_cancelled(self.account.handle), view=None
        )


class DataCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.guild_only()
    @app_commands.command(name="log", description="Record a follower count by hand")
    @app_commands.describe(
        account="The account",
        followers="Total followers at the end of the day",
        date="Day of the count, YYYY-MM-DD (default: today in this server's time zone)",
        gained="New followers that day, if you know it",
        lost="Followers lost that day, if you know it",
        views="Video views that day, if you know it",
    )
    @data_role_only
    async def log_count(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        followers: app_commands.Transform[int, Bounded("followers", 0, MAX_COUNT)],
        date: str | None = None,
        gained: app_commands.Transform[int, Bounded("gained", 0, MAX_COUNT)] | None = None,
        lost: app_commands.Transform[int, Bounded("lost", 0, MAX_COUNT)] | None = None,
        views: app_commands.Transform[int, Bounded("views", 0, MAX_COUNT)] | None = None,
    ) -> None:
        day = parse_log_date(date, await guild_today(interaction))
        row = LogRow(day, followers, gained, lost, views)
        stored = await self.bot.store.snapshots.daily(
            account.id, start=day - timedelta(days=2 * RECENT_DAYS)
        )
        found = doubt(stored["followers"], day, followers)
        if found is not None:
            view = ConfirmCount(self, account, row, interaction.user.id)
            question = count_question(account.handle, day, followers, found)
            await view.send(interaction, content=question)
            return
        await interaction.followup.send(await self.store_count(account, row))

    async def store_count(self, account: Account, row: LogRow) -> str:
        """Store a /log row and check the account's alerts; the reply."""
        outcome = await self.bot.store.uploads.merge_daily(
            account.id, row.frame(), source=SnapshotSource.MANUAL
        )
        report = net_report(await self.bot.store.snapshots.account_columns(account.id), 7)
        parts = [
            ngettext("{count} followers", "{count} followers", row.followers).format(
                count=fmt.count(row.followers)
            )
        ]
        if row.gained is not None:
            parts.append(_("{count} gained").format(count=fmt.signed(row.gained)))
        if row.lost is not None:
            parts.append(_("{count} lost").format(count=fmt.signed(-row.lost)))
        if row.views is not None:
            parts.append(
                ngettext("{count} views", "{count} views", row.views).format(
                    count=fmt.count(row.views)
                )
            )
        # Translators: {figures} lists what was stored, e.g. "1,200 followers, +3 gained".
        text = (
            _("Updated @{handle} for {day}: {figures}.")
            if outcome.updated
            else _("Logged @{handle} for {day}: {figures}.")
        ).format(handle=account.handle, day=fmt.day(row.day), figures=", ".join(parts))
        if report is not None:
            text += "\n" + _("7-day net to {day}: {figure}").format(
                day=fmt.day(report.current.end), figure=net_figure(report.current)
            )
            gap = gap_line(report)
            if gap is not None:
                text += f"\n{gap}"
        self.bot.deliveries.alerts.after_new_data(account)
        return text

    @app_commands.guild_only()
    @app_commands.command(
        name="upload",
        description="Import a TikTok export (ZIP, CSV or XLSX)",
        extras={PRIVATE: True},
    )
    @app_commands.check(upload_allowed)
    @app_commands.describe(
        file="TikTok Studio or Business Suite export, or a sheet with date and followers columns",
        account="The account the file belongs to",
    )
    @data_role_only
    async def upload(
        self, interaction: Interaction, file: discord.Attachment, account: TrackedAccount
    ) -> None:
        limits = ImportLimits()
        try:
            limits.check_size(file.filename, file.size)
        except ImportFileError as error:
            raise UserFacingError(nothing_imported(error)) from None
        data = await file.read()
        try:
            upload = await read_upload(
                self.bot.workers, file.filename, data, received_at=self.bot.clock(), limits=limits
            )
        except ImportFileError as error:
            raise UserFacingError(nothing_imported(error)) from None
        owners = await other_owners(self.bot.store, account, upload)
        refusal = tracked_elsewhere(file.filename, owners, account.handle)
        if refusal is not None:
            raise UserFacingError(refusal)
        if owners.unknown:
            view = ConfirmImport(self.bot, account, upload, interaction.user.id)
            question = named_elsewhere_question(file.filename, owners, account.handle)
            await view.send(interaction, content=question, ephemeral=True)
            return
        summary = await store_upload(self.bot.store, account, upload)
        await interaction.followup.send(embed=summary_embed(summary), ephemeral=True)
        if not summary.outcome.already_imported:
            self.bot.deliveries.alerts.after_new_data(account)

    @app_commands.guild_only()
    @app_commands.command(
        name="export", description="Download the stored data as CSV", extras={PRIVATE: True}
    )
    @app_commands.describe(account="The account to export")
    async def export(self, interaction: Interaction, account: TrackedAccount) -> None:
        daily = await self.bot.store.snapshots.daily(account.id)
        posts = await self.bot.store.snapshots.posts(account.id)
        files = [
            discord.File(
                io.BytesIO(snapshots_csv(account.handle, daily)),
                filename=f"{account.handle}-daily.csv",
            )
        ]
        if not posts.empty:
            files.append(
                discord.File(
                    io.BytesIO(posts_csv(account.handle, posts)),
                    filename=f"{account.handle}-videos.csv",
                )
            )
        if posts.empty:
            text = _("@{handle}: {days} of snapshots.")
        else:
            text = ngettext(
                "@{handle}: {days} of snapshots and {videos} videos.",
                "@{handle}: {days} of snapshots and {videos} videos.",
                len(posts),
            )
        await interaction.followup.send(
            text.format(handle=account.handle, days=fmt.days(len(daily)), videos=len(posts)),
            files=files,
            ephemeral=True,
        )


async def setup(bot: NetBot) -> None:
    await bot.add_cog(DataCog(bot))
