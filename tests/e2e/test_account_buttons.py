"""The buttons under /net and alerts: each press answered to the presser, after a restart too,
and refused to someone outside the account's server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.analytics.model import daily_frame, posts_frame
from bot.analytics.vocabulary import SnapshotSource
from bot.render.buttons import NOT_A_MEMBER
from tests.conftest import (
    ALERTS_A,
    DIGEST_A,
    GUILD_A,
    MANAGER,
    MEMBER,
    OWNER,
    World,
    start_bot,
    stop_bot,
)

PNG = b"\x89PNG\r\n\x1a\n"


def fields(message: Any) -> dict[str, str]:
    return {item["name"]: item["value"] for item in message.embed["fields"]}


async def log_days(world: World, handle: str, counts: dict[int, int]) -> None:
    """/log each day's total, confirming a total the bot questions (a sharp move), as the
    member who typed it would."""
    for day, followers in counts.items():
        options = {"account": handle, "followers": followers, "date": f"2026-11-{day:02d}"}
        record = await world.server.invoke(GUILD_A, OWNER, "log", options)
        reply = await record.reply()
        if reply.custom_ids() == ["log:confirm", "log:cancel"]:
            await (await world.server.click(record, "log:confirm", OWNER)).reply()


async def test_net_buttons_open_why_chart_and_other_windows(world: World) -> None:
    await world.run("account add", {"handle": "pixel.pets"})
    account = await world.bot.store.accounts.get(GUILD_A, "pixel.pets")
    assert account is not None
    await log_days(world, "pixel.pets", {1: 900, 13: 1010, 20: 1052})
    record = await world.server.invoke(GUILD_A, MEMBER, "net", {"account": "pixel.pets"})
    net = await record.reply()
    ident = account.id
    assert net.custom_ids() == [
        f"acct:why:{ident}:7",
        f"acct:chart:{ident}:7",
        f"acct:net:{ident}:7",
        f"acct:net:{ident}:28",
        f"acct:net:{ident}:90",
    ]
    labels = [net.component(cid)["label"] for cid in net.custom_ids()]
    assert labels == ["Why?", "Chart", "7d", "28d", "90d"]

    why = await (await world.server.click(record, f"acct:why:{ident}:7", MANAGER)).reply()
    assert why.ephemeral
    typed_why = await world.run("why", {"account": "pixel.pets"}, user=MANAGER)
    assert why.embeds == typed_why.embeds

    chart = await (await world.server.click(record, f"acct:chart:{ident}:7", MEMBER)).reply()
    assert chart.ephemeral
    assert chart.file("pixel.pets-28d.png").data.startswith(PNG)

    wider = await (await world.server.click(record, f"acct:net:{ident}:28", MEMBER)).reply()
    assert wider.ephemeral
    # 24 Oct .. 20 Nov: from 1 Nov's 900 (the first total) to 1,052 on 20 Nov: +152, partial
    assert fields(wider)["Window"] == "24 Oct – 20 Nov 2026 (28 days)"
    assert fields(wider)["Net followers"] == "+152 (partial: 19 of 28 days known)"
    typed = await world.run("net", {"account": "pixel.pets", "days": 28})
    assert wider.embeds == typed.embeds
    assert wider.component(f"acct:net:{ident}:28")["style"] == 1  # the window shown
    assert net.component(f"acct:net:{ident}:7")["style"] == 1

    # A new bot on the same database answers the buttons of the old message.
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    again = await (await world.server.click(record, f"acct:net:{ident}:90", OWNER)).reply()
    assert fields(again)["Window"] == "23 Aug – 20 Nov 2026 (90 days)"
    assert fields(again)["Net followers"] == "+152 (partial: 19 of 90 days known)"
    chart = await (await world.server.click(record, f"acct:chart:{ident}:7", OWNER)).reply()
    assert chart.file("pixel.pets-28d.png").data.startswith(PNG)


async def test_alert_buttons_snooze_mute_and_refuse_outsiders(world: World) -> None:
    await world.run("account add", {"handle": "dipping"})
    account = await world.bot.store.accounts.get(GUILD_A, "dipping")
    assert account is not None
    ident = account.id
    await world.run("alerts subscribe", {"account": "dipping"}, user=MEMBER)
    await world.run("alerts subscribe", {"account": "dipping"}, user=OWNER)
    await world.run("alerts channel", {"channel": ALERTS_A}, user=MANAGER)
    await log_days(world, "dipping", {14: 900, 21: 850})
    await world.bot.deliveries.alerts.idle()
    [dm] = world.server.dms[MEMBER]
    assert dm.custom_ids() == [
        f"acct:why:{ident}:7",
        f"acct:chart:{ident}:7",
        f"acct:snooze:{ident}:7",
        f"acct:mute:{ident}:7",
    ]
    assert [dm.component(c)["label"] for c in dm.custom_ids()] == [
        "Why?",
        "Chart",
        "Snooze 7 days",
        "Mute account",
    ]
    [posted] = [m for m in world.server.messages[ALERTS_A] if m.embeds]
    assert posted.custom_ids() == dm.custom_ids()

    why = await (await world.server.click(dm, f"acct:why:{ident}:7", MEMBER)).reply()
    assert why.ephemeral and why.embed["title"] == "Why is @dipping losing followers?"

    snooze = await (await world.server.click(dm, f"acct:snooze:{ident}:7", MEMBER)).reply()
    assert snooze.content == (
        "You will get no alert DMs about @dipping until Sun 29 Nov 2026 12:00 (UTC). "
        "The alert channel, if there is one, still gets them."
    )
    refused = await (await world.server.click(dm, f"acct:mute:{ident}:7", MEMBER)).reply()
    assert refused.content.startswith("Only members with the Manage Server permission")
    assert not await world.bot.store.silences.muted(ident)

    # A sharp loss on 22 Nov alerts again: the owner and the channel hear of it, the member
    # who snoozed does not.
    await log_days(world, "dipping", {22: 700})
    await world.bot.deliveries.alerts.idle()
    assert len(world.server.dms[MEMBER]) == 1
    assert len(world.server.dms[OWNER]) == 2
    assert len([m for m in world.server.messages[ALERTS_A] if m.embeds]) == 2

    # A manager mutes the account from the alert channel, after a restart.
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    muted = await (await world.server.click(posted, f"acct:mute:{ident}:7", MANAGER)).reply()
    assert muted.ephemeral
    assert muted.content == (
        "Alerts about @dipping are muted for everyone. "
        "A manager turns them back on with `/alerts unmute account:dipping`."
    )
    world.clock.now += timedelta(days=1)
    await log_days(world, "dipping", {23: 550})
    await world.bot.deliveries.alerts.idle()
    assert len(world.server.dms[OWNER]) == 2
    assert len([m for m in world.server.messages[ALERTS_A] if m.embeds]) == 2

    not_manager = await world.run("alerts unmute", {"account": "dipping"}, user=MEMBER)
    assert not_manager.ephemeral and "Manage Server" in not_manager.content
    unmuted = await world.run("alerts unmute", {"account": "dipping"}, user=MANAGER)
    assert unmuted.content == "Alerts about @dipping are on again."
    world.clock.now += timedelta(days=1)
    await log_days(world, "dipping", {24: 400})
    await world.bot.deliveries.alerts.idle()
    assert len(world.server.dms[OWNER]) == 3
    assert len(world.server.dms[MEMBER]) == 1  # still snoozed until 29 Nov

    # Discord sends DM presses to shard 0, whose process may not hold the team's server (it is
    # another shard's): the press is still answered, from what Discord says of the server.
    cached = world.bot.get_guild(GUILD_A)
    assert cached is not None
    world.bot._connection._remove_guild(cached)
    assert world.bot.get_guild(GUILD_A) is None
    why = await (await world.server.click(dm, f"acct:why:{ident}:7", MEMBER)).reply()
    assert why.ephemeral and why.embed["title"] == "Why is @dipping losing followers?"

    # The member leaves the team's server; their old DM's buttons show them nothing more.
    world.guild_a.remove_member(MEMBER)
    for action in ("why", "chart", "snooze"):
        press = await world.server.click(dm, f"acct:{action}:{ident}:7", MEMBER)
        answer = await press.reply()
        assert answer.ephemeral and answer.content == NOT_A_MEMBER
        assert answer.embeds == [] and answer.files == []


async def test_net_names_the_windows_strongest_and_weakest_video(world: World) -> None:
    account = await world.bot.store.accounts.add(GUILD_A, "clips")
    totals = {10: 1000, 11: 1000, 12: 1000, 13: 1000, 14: 1000, 15: 1010, 16: 1030}
    totals |= {17: 1060, 18: 1100, 19: 1052, 20: 1112, 21: 1100}
    videos = [("a", "Post A", 15, 1000), ("b", "Post B", 18, 3000), ("c", "Post C", 19, 1000)]
    await world.bot.store.uploads.ingest(
        account.id,
        sha256="1" * 64,
        filename="seed.zip",
        formats=["seed"],
        received_at=world.clock(),
        daily=daily_frame(
            [{"day": date(2026, 11, day), "followers": value} for day, value in totals.items()]
        ),
        posts_frame=posts_frame(
            {
                "post_id": post_id,
                "posted_at": datetime(2026, 11, day, 12, 0, tzinfo=UTC),
                "title": title,
                "views": views,
            }
            for post_id, title, day, views in videos
        ),
    )
    net = await world.run("net", {"account": "clips"}, user=MEMBER)
    assert fields(net)["Net followers"] == "+100"
    # Each day's net goes to the posts of that day and the two before, by views:
    # A: 15..17 Nov alone: 10 + 20 + 30 = +60. B (3,000 views) and C (1,000) share 19 and 20 Nov:
    # B: 18 Nov +40, 3/4 of -48 and of +60: 40 - 36 + 45 = +49; C: -12 + 15, and 21 Nov -12: -9.
    assert fields(net)[
        "Videos (followers estimated from the day of each post and the two after)"
    ] == (
        "Most followers: “Post A” (15 Nov 2026): about +60 followers, 1,000 views\n"
        "Weakest: “Post C” (19 Nov 2026): about -9 followers, 1,000 views"
    )


async def test_digest_menu_opens_an_account_after_a_restart_too(world: World) -> None:
    ids = {}
    for handle, totals in (
        ("alpha", {7: 900, 14: 1000, 21: 1070}),
        ("beta", {7: 5000, 14: 5100, 21: 4950}),
        ("gamma", {1: 200, 11: 230, 15: 260}),
    ):
        account = await world.bot.store.accounts.add(GUILD_A, handle)
        rows = [{"day": date(2026, 11, d), "followers": v} for d, v in totals.items()]
        await world.bot.store.uploads.merge_daily(
            account.id, daily_frame(rows), source=SnapshotSource.MANUAL
        )
        ids[handle] = account.id
    await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    await world.run("digest send", user=MANAGER)
    parts = [m for m in world.server.messages[DIGEST_A] if m.embeds]
    assert [m.custom_ids() for m in parts[:-1]] == [[] for _ in parts[:-1]]
    last = parts[-1]
    assert last.custom_ids() == ["acct:open"]
    menu = last.component("acct:open")
    assert menu["placeholder"] == "Open an account"
    # The biggest loss first: beta -150, then gamma +30 (9..15 Nov), then alpha +70.
    assert [(o["label"], o["value"]) for o in menu["options"]] == [
        ("@beta · 7-day net -150", str(ids["beta"])),
        ("@gamma · 7-day net +30", str(ids["gamma"])),
        ("@alpha · 7-day net +70", str(ids["alpha"])),
    ]

    picked = await world.server.click(last, "acct:open", MEMBER, values=[str(ids["beta"])])
    opened = await picked.reply()
    typed = await world.run("net", {"account": "beta"}, user=MEMBER)
    assert opened.ephemeral and opened.embeds == typed.embeds
    assert opened.custom_ids() == typed.custom_ids()

    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    again = await world.server.click(last, "acct:open", OWNER, values=[str(ids["alpha"])])
    assert fields(await again.reply())["Net followers"] == "+70"
