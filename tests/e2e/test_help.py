"""/help: what the bot does, the caller's commands, and what this server still lacks."""

from __future__ import annotations

from datetime import date

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from tests.conftest import DIGEST_A, GUILD_A, MANAGER, MEMBER, World


async def seed(world: World, handle: str, days: list[date]) -> None:
    account = await world.bot.store.accounts.add(GUILD_A, handle)
    if days:
        rows = [{"day": day, "followers": 100 + i} for i, day in enumerate(days)]
        await world.bot.store.uploads.merge_daily(
            account.id, daily_frame(rows), source=SnapshotSource.MANUAL
        )


async def test_help_for_a_member_and_for_a_manager(world: World) -> None:
    await seed(world, "fresh", [date(2026, 11, 20), date(2026, 11, 21)])
    await seed(world, "old.one", [date(2026, 11, 10)])  # 12 days before 22 Nov
    await seed(world, "empty", [])

    member = await world.run("help", user=MEMBER)
    assert member.ephemeral
    text = member.embed["description"]
    assert member.embed["title"] == "What this bot does here"
    assert text.startswith("I track the follower counts of this server's TikTok accounts")
    assert "`/leaderboard`: Every account of this server ranked by net followers" in text
    assert "`/net`: Net followers (gained minus lost) over a window" in text
    assert "`/alerts` subscribe · unsubscribe: DMs when an account starts losing followers" in (
        text
    )
    assert "unmute" not in text and "For managers" not in text
    assert "`/settings` show:" in text
    setup = member.embed["fields"][0]
    assert setup["name"] == "This server"
    assert setup["value"].splitlines()[1:] == [
        # TikTok is not set up for this bot: connecting is not offered
        "⚠ 1 account has no data yet (@empty): `/upload` an export or `/log` a count.",
        "⚠ 1 account has no data for 7 days or more (@old.one): `/upload` a fresh export or "
        "`/log` a count.",
        "⚠ No digest channel: a manager picks one with `/digest channel`.",
        "No alert channel: alerts go only to members' DMs (`/alerts channel` adds one).",
    ]
    assert setup["value"].startswith("3 accounts tracked")

    await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    manager = await world.run("help", user=MANAGER)
    text = manager.embed["description"]
    assert "**For managers**" in text
    assert "`/alerts` channel · unmute: DMs when an account starts losing followers" in text
    assert (
        "`/settings` timezone · manager-role · data-role · language: This server's bot settings"
        in text
    )
    assert f"Weekly digest goes to <#{DIGEST_A}>." in manager.embed["fields"][0]["value"]
    assert len(text) < 4096
