"""/goal set|clear|list: follower goals, and how each account is doing against its own."""

from __future__ import annotations

from datetime import date

from discord import app_commands
from discord.ext import commands

from bot import fmt
from bot.app import NetBot
from bot.errors import UserFacingError
from bot.i18n import _
from bot.render.embeds import line_embeds, pack_messages
from bot.render.outlook import goal_line
from bot.services.outlook import account_outlook, goal_outlooks
from cogs.common import Bounded, Interaction, TrackedAccount, guild_today, manager_only
from cogs.views import send_pages

MAX_GOAL = 2_000_000_000
FURTHEST_GOAL_DAYS = 10 * 366


def parse_goal_date(text: str | None, today: date) -> date | None:
    """``YYYY-MM-DD``, after today and within ten years."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UserFacingError(
            # Translators: keep YYYY-MM-DD as it is: the date must be typed that way.
            _(
                "`{text}` is not a date: write it as YYYY-MM-DD, e.g. `{example}`. "
                "Nothing was changed."
            ).format(text=text[:20], example=date(today.year + 1, 1, 1).isoformat())
        ) from None
    if day <= today:
        raise UserFacingError(
            _(
                "A goal's date must be after today ({today} in this server's time zone). "
                "Nothing was changed."
            ).format(today=fmt.day(today))
        )
    if (day - today).days > FURTHEST_GOAL_DAYS:
        raise UserFacingError(_("A goal's date must be within ten years. Nothing was changed."))
    return day


@app_commands.guild_only()
class GoalsCog(
    commands.GroupCog, group_name="goal", group_description="Follower goals and progress"
):
    def __init__(self, bot: NetBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="set", description="Set an account's follower goal")
    @app_commands.describe(
        account="The account",
        followers="The follower total to reach",
        by="The day to reach it by, YYYY-MM-DD (optional)",
    )
    @manager_only
    async def set_goal(
        self,
        interaction: Interaction,
        account: TrackedAccount,
        followers: app_commands.Transform[int, Bounded("followers", 1, MAX_GOAL)],
        by: str | None = None,
    ) -> None:
        today = await guild_today(interaction)
        day = parse_goal_date(by, today)
        await self.bot.store.goals.set(
            account.id, followers, day, user_id=interaction.user.id, now=self.bot.clock()
        )
        outlook = await account_outlook(self.bot.store, account, today)
        assert outlook.goal is not None
        await interaction.followup.send(
            _("Goal set for @{handle}: {progress}").format(
                handle=account.handle, progress=goal_line(outlook.goal)
            )
        )

    @app_commands.command(name="clear", description="Remove an account's follower goal")
    @app_commands.describe(account="The account")
    @manager_only
    async def clear(self, interaction: Interaction, account: TrackedAccount) -> None:
        removed = await self.bot.store.goals.clear(account.id)
        text = (
            _("Removed @{handle}'s goal.")
            if removed
            else _("@{handle} has no goal; nothing was changed.")
        ).format(handle=account.handle)
        await interaction.followup.send(text)

    @app_commands.command(name="list", description="Every account's goal and its progress")
    async def list_goals(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        goals = await self.bot.store.goals.of_guild(interaction.guild_id)
        accounts = [
            a for a in await self.bot.store.accounts.list(interaction.guild_id) if a.id in goals
        ]
        if not accounts:
            await interaction.followup.send(
                _("No goals yet. A manager can set one with `/goal set account followers [by]`.")
            )
            return
        lines = []
        today = await guild_today(interaction)
        outlooks = await goal_outlooks(self.bot.store, accounts, goals, today)
        for account in accounts:
            progress = outlooks[account.id].goal
            assert progress is not None
            lines.append(f"**@{account.handle}** · {goal_line(progress)}")
        await send_pages(interaction, pack_messages(line_embeds(_("Goals"), lines)))


async def setup(bot: NetBot) -> None:
    await bot.add_cog(GoalsCog(bot))
