"""/log, /upload, /export: getting data in and out."""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot import fmt
from bot.analytics.formats.base import ImportFileError, ImportLimits
from bot.analytics.model import daily_frame
from bot.analytics.series import net_report
from bot.app import PRIVATE, NetBot
from bot.errors import UserFacingError
from bot.importer import import_file
from bot.render.export import posts_csv, snapshots_csv
from bot.render.figures import gap_line, net_figure
from bot.render.imports import summary_embed
from cogs.common import Bounded, Interaction, TrackedAccount, guild_today

log = logging.getLogger(__name__)

MAX_COUNT = 2_000_000_000
OLDEST_LOG_DAYS = 5 * 366


def parse_log_date(text: str | None, today: date) -> date:
    """``YYYY-MM-DD``, not in the future, not older than five years."""
    if text is None:
        return today
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UserFacingError(
            f"`{text[:20]}` is not a date: write it as YYYY-MM-DD, e.g. `{today.isoformat()}`."
        ) from None
    if day > today:
        raise UserFacingError(
            f"{fmt.day(day)} is in the future (today is {fmt.day(today)} in this server's "
            "time zone)."
        )
    if day < today - timedelta(days=OLDEST_LOG_DAYS):
        raise UserFacingError("That date is more than five years ago.")
    return day


@app_commands.guild_only()
class DataCog(commands.Cog):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot

    @app_commands.command(name="log", description="Record a follower count by hand")
    @app_commands.describe(
        account="The account",
        followers="Total followers at the end of the day",
        date="Day of the count, YYYY-MM-DD (default: today in this server's time zone)",
        gained="New followers that day, if you know it",
        lost="Followers lost that day, if you know it",
        views="Video views that day, if you know it",
    )
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
        row = {"day": day, "followers": followers, "gained": gained, "lost": lost, "views": views}
        outcome = await self.bot.store.uploads.merge_daily(
            account.id,
            daily_frame([{k: v for k, v in row.items() if v is not None}]),
            source="manual",
        )
        report = net_report(await self.bot.store.snapshots.account_columns(account.id), 7)
        parts = [f"{fmt.count(followers)} followers"]
        if gained is not None:
            parts.append(f"{fmt.signed(gained)} gained")
        if lost is not None:
            parts.append(f"{fmt.signed(-lost)} lost")
        if views is not None:
            parts.append(f"{fmt.count(views)} views")
        verb = "Updated" if outcome.updated else "Logged"
        text = f"{verb} @{account.handle} for {fmt.day(day)}: {', '.join(parts)}."
        if report is not None:
            text += f"\n7-day net to {fmt.day(report.current.end)}: {net_figure(report.current)}"
            gap = gap_line(report)
            if gap is not None:
                text += f"\n{gap}"
        await interaction.followup.send(text)
        self.bot.deliveries.alerts.after_new_data(account)

    @app_commands.command(
        name="upload",
        description="Import a TikTok export (ZIP, CSV or XLSX)",
        extras={PRIVATE: True},
    )
    @app_commands.describe(
        file="TikTok Studio or Business Suite export, or a sheet with date and followers columns",
        account="The account the file belongs to",
    )
    async def upload(
        self, interaction: Interaction, file: discord.Attachment, account: TrackedAccount
    ) -> None:
        limits = ImportLimits()
        try:
            limits.check_size(file.filename, file.size)
        except ImportFileError as error:
            raise UserFacingError(f"Nothing was imported: {error}") from None
        data = await file.read()
        try:
            summary = await import_file(
                self.bot.store,
                account,
                file.filename,
                data,
                received_at=self.bot.clock(),
                limits=limits,
            )
        except ImportFileError as error:
            raise UserFacingError(f"Nothing was imported: {error}") from None
        await interaction.followup.send(embed=summary_embed(summary), ephemeral=True)
        if not summary.outcome.already_imported:
            self.bot.deliveries.alerts.after_new_data(account)

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
        await interaction.followup.send(
            f"@{account.handle}: {fmt.days(len(daily))} of snapshots"
            + (f" and {len(posts)} videos" if not posts.empty else "")
            + ".",
            files=files,
            ephemeral=True,
        )


async def setup(bot: NetBot) -> None:
    await bot.add_cog(DataCog(bot))
