"""Post dates in /why and in alerts are the guild's calendar days, not UTC's."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot import fmt
from bot.analytics.model import daily_frame, posts_frame
from bot.clock import local_today
from tests.conftest import GUILD_A, MANAGER, MEMBER, World

TOKYO = "Asia/Tokyo"  # UTC+9 all year: 23:30 UTC is 08:30 the next day


async def seed_quiet_account(world: World, handle: str) -> date:
    """40 days of totals falling 20 a day to yesterday (in Tokyo), and a post at 23:30 UTC each
    day until 11 days before yesterday: the account has gone quiet. Returns yesterday."""
    end = local_today(TOKYO, world.clock()) - timedelta(days=1)
    first = end - timedelta(days=39)
    account = await world.bot.store.accounts.add(GUILD_A, handle)
    totals = [{"day": first + timedelta(days=i), "followers": 5_000 - 20 * i} for i in range(40)]
    posted = [first + timedelta(days=i) for i in range(40 - 11)]
    posts = posts_frame(
        {
            "post_id": f"p{k}",
            "posted_at": datetime.combine(day, time(23, 30), tzinfo=UTC),
            "title": "Morning routine #beauty",
            "views": 2_000,
        }
        for k, day in enumerate(posted)
    )
    await world.bot.store.uploads.ingest(
        account.id,
        sha256="0" * 64,
        filename="seed.zip",
        formats=["seed"],
        received_at=world.clock(),
        daily=daily_frame(totals),
        posts_frame=posts,
    )
    return end


async def use_tokyo(world: World) -> None:
    reply = await world.run(
        "digest schedule", {"weekday": 0, "time": "09:00", "timezone": TOKYO}, user=MANAGER
    )
    assert reply.content.startswith("Digest schedule: ")
    assert (await world.bot.store.settings.get(GUILD_A)).timezone == TOKYO


async def test_why_dates_posts_in_the_guilds_zone(world: World) -> None:
    end = await seed_quiet_account(world, "quiet")
    await use_tokyo(world)
    why = await world.run("why", {"account": "quiet"}, user=MEMBER)
    top = why.embed["fields"][0]
    assert top["name"].startswith("1. Inactivity")
    # The last post went up at 23:30 UTC 11 days before ``end``: 08:30 in Tokyo 10 days before.
    last = end - timedelta(days=10)
    assert f"last post {fmt.day(last)}, 10 days before {fmt.day(end)}" in top["value"]


async def test_alert_dates_posts_in_the_guilds_zone(world: World) -> None:
    end = await seed_quiet_account(world, "quiet")
    await use_tokyo(world)
    sub = await world.run("alerts subscribe", {"account": "quiet"}, user=MEMBER)
    assert sub.ephemeral
    await world.bot.deliveries.alerts.sweep()
    dms = world.server.dms[MEMBER]
    assert len(dms) == 1
    last = end - timedelta(days=10)
    causes = {f["name"]: f["value"] for f in dms[0].embeds[0]["fields"]}["Likely causes"]
    assert f"last post {fmt.day(last)}, 10 days before {fmt.day(end)}" in causes
