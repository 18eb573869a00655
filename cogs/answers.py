"""The answers /net, /why and /chart give, shared by the commands and the buttons that go one
step deeper into an account."""

from __future__ import annotations

import io
from datetime import date

import discord
import pandas as pd

from bot.analytics.diagnose.attribution import top_videos
from bot.analytics.series import latest_day, net_report
from bot.app import NetBot
from bot.clock import local_today
from bot.errors import UserFacingError
from bot.i18n import N_, _
from bot.render.charts import account_caption, account_chart
from bot.render.diagnosis import why_embeds
from bot.render.embeds import net_embed, pack_messages
from bot.render.outlook import goal_line
from bot.render.videos import video_lines, videos_field
from bot.services import explain
from bot.services.outlook import goal_progress
from storage import Account

NO_DATA = N_(
    "No follower data for @{handle} yet. Add some with `/upload` (a TikTok export) "
    "or `/log` (a count typed by hand)."
)


async def daily_with_data(bot: NetBot, account: Account) -> tuple[pd.DataFrame, date]:
    """The account's daily frame and its latest day, or a clear error when it has none."""
    daily = await bot.store.snapshots.daily(account.id)
    end = latest_day(daily)
    if end is None:
        raise UserFacingError(_(NO_DATA).format(handle=account.handle))
    return daily, end


async def net_answer(bot: NetBot, account: Account, days: int) -> discord.Embed:
    """/net's embed for the window of ``days`` days to the account's latest day."""
    daily, end = await daily_with_data(bot, account)
    report = net_report(daily, days, end=end)
    assert report is not None
    settings = await bot.store.settings.get(account.guild_id)
    today = local_today(settings.timezone, bot.clock())
    embed = net_embed(account.handle, report, today=today)
    goal = await goal_progress(bot.store, account, daily, today)
    if goal is not None:
        embed.add_field(name=_("Goal"), value=goal_line(goal), inline=False)
    posts = await bot.store.snapshots.posts(account.id)
    if not posts.empty:
        top = await bot.workers.run(
            top_videos, daily, posts, end=end, days=days, tz=settings.timezone
        )
        videos = video_lines(top)
        if videos is not None:
            embed.add_field(name=videos_field(top), value=videos, inline=False)
    return embed


async def why_answer(bot: NetBot, account: Account, days: int) -> list[list[discord.Embed]]:
    """/why's pages for the window of ``days`` days to the account's latest day."""
    daily, end = await daily_with_data(bot, account)
    settings = await bot.store.settings.get(account.guild_id)
    diagnosis = await explain.diagnose_account(
        bot.store, account, days=days, tz=settings.timezone, end=end, daily=daily
    )
    assert diagnosis is not None
    today = local_today(settings.timezone, bot.clock())
    return pack_messages(why_embeds(account.handle, diagnosis, today))


async def chart_answer(bot: NetBot, account: Account, days: int) -> tuple[str, discord.File]:
    """/chart's caption and PNG over the ``days`` days to the account's latest day."""
    daily, end = await daily_with_data(bot, account)
    png = await bot.workers.run(account_chart, account.handle, daily, end=end, days=days)
    caption = account_caption(account.handle, daily, end=end, days=days)
    return caption, discord.File(io.BytesIO(png), filename=f"{account.handle}-{days}d.png")
