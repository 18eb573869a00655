"""Weekly digests and negative-growth alerts, exactly once, through the local Discord."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import MessageKind, SnapshotSource
from bot.scheduler import SWEEP_JOB, digest_job_id
from storage import Account, Lease
from tests.conftest import (
    ALERTS_A,
    DIGEST_A,
    GUILD_A,
    MANAGER,
    MEMBER,
    OWNER,
    READ_ONLY_A,
    World,
    start_bot,
    stop_bot,
)
from tests.discord_server import FakeMessage

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DIGEST_POSTS = rf"/channels/{DIGEST_A}/messages"


async def seed(world: World, handle: str, totals: dict[date, int]) -> Account:
    """Set up an account with daily totals straight through the store."""
    account = await world.bot.store.accounts.add(GUILD_A, handle)
    rows = [{"day": day, "followers": value} for day, value in sorted(totals.items())]
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame(rows), source=SnapshotSource.MANUAL
    )
    return account


def falling(last: date, days: int, start: int, step: int) -> dict[date, int]:
    """``days`` daily totals ending on ``last``, changing by ``step`` a day."""
    first = last - timedelta(days=days - 1)
    return {first + timedelta(days=i): start + step * i for i in range(days)}


async def set_digest_channel(world: World) -> None:
    reply = await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    assert reply.ephemeral and f"<#{DIGEST_A}>" in reply.content


# --- settings --------------------------------------------------------------------------------


async def test_digest_channel_is_checked_and_needs_a_manager(world: World) -> None:
    refused = await world.run("digest channel", {"channel": DIGEST_A}, user=MEMBER)
    assert refused.ephemeral and "Manage Server" in refused.content

    cannot = await world.run("digest channel", {"channel": READ_ONLY_A}, user=MANAGER)
    assert cannot.ephemeral and "I cannot post in" in cannot.content
    assert (await world.bot.store.settings.get(GUILD_A)).digest_channel_id is None

    await set_digest_channel(world)
    notice = world.server.messages[DIGEST_A][-1]
    assert notice.content == "The weekly net-follower digest will be posted here."
    assert (await world.bot.store.settings.get(GUILD_A)).digest_channel_id == DIGEST_A


async def test_schedule_validates_and_names_its_time_zone(world: World) -> None:
    bad_time = await world.run("digest schedule", {"weekday": 4, "time": "25:00"})
    assert bad_time.ephemeral and "24-hour HH:MM" in bad_time.content
    bad_zone = await world.run(
        "digest schedule", {"weekday": 4, "time": "17:30", "timezone": "Mars/Olympus"}
    )
    assert bad_zone.ephemeral and "is not a time zone" in bad_zone.content
    settings = await world.bot.store.settings.get(GUILD_A)
    assert (settings.digest_weekday, settings.digest_time, settings.timezone) == (0, "09:00", "UTC")

    await set_digest_channel(world)
    ok = await world.run(
        "digest schedule", {"weekday": 4, "time": "7:05", "timezone": "Europe/Berlin"}
    )
    assert ok.content.startswith("Digest schedule: Fridays at 07:05 (Europe/Berlin). Next one: ")
    assert re.search(r"Next one: Fri \d+ \w{3} \d{4} 07:05 \(Europe/Berlin\)\.$", ok.content)

    zones = await world.server.autocomplete(
        GUILD_A,
        OWNER,
        "digest schedule",
        {"weekday": 0, "time": "09:00", "timezone": "berl"},
        "timezone",
    )
    assert [c["value"] for c in zones] == ["Europe/Berlin"]


# --- the digest ------------------------------------------------------------------------------


async def test_scheduled_digest_posts_once_with_chart(world: World) -> None:
    await seed(world, "grower", falling(date(2026, 11, 21), 20, 1000, 10))
    await seed(world, "shrinker", falling(date(2026, 11, 21), 20, 5000, -30))
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])

    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))  # same week: nothing new

    posted = world.server.messages[DIGEST_A][before:]
    assert len(posted) == 1
    digest = posted[0]
    summary, accounts = digest.embeds
    assert summary["title"] == "Weekly net-follower digest · 23 Nov 2026"
    values = {f["name"]: f["value"] for f in summary["fields"]}
    # grower +70 and shrinker -210 over 15..21 Nov
    assert values["Team net, last 7 days of data"] == "-140"
    # totals on 21 Nov: 1000 + 19 * 10 = 1,190 and 5000 - 19 * 30 = 4,430
    assert values["Team total"] == "5,620 followers"
    # as % of the followers before the week: 70 / 1,120 = 6.25% (to one decimal, half to
    # even: 6.2%); -210 / 4,640 = -4.53%
    assert values["Top 1"] == "@grower +70 (+6.2%)"
    assert values["Bottom 1"] == "@shrinker -210 (-4.5%)"
    assert summary["image"]["url"] == "attachment://team-net-28d.png"
    assert [f.name for f in digest.files] == ["team-net-28d.png"]
    assert digest.files[0].data.startswith(b"\x89PNG")
    assert accounts["title"] == (
        "Accounts, losing most first: net (% of followers) over 15 Nov – 21 Nov 2026"
    )
    lines = accounts["description"].splitlines()
    assert lines[0] == "**@shrinker** · net -210 (-4.5%)"
    assert lines[1].startswith("total 4,430 · vs previous: ±0 vs 8 Nov – 14 Nov 2026 (-210)")
    assert lines[3] == "**@grower** · net +70 (+6.2%)"
    assert accounts["footer"]["text"] == "ref digest/2026-W48/1 · part 1 of 1"


async def test_preview_is_ephemeral_and_posts_nothing(world: World) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    await set_digest_channel(world)
    before = len(world.server.messages[DIGEST_A])
    preview = await world.run("digest preview", user=MEMBER)
    assert preview.ephemeral
    assert preview.embeds[0]["title"].startswith("Weekly net-follower digest")
    assert preview.embeds[-1]["footer"]["text"] == "Preview, not posted · part 1 of 1"
    assert len(world.server.messages[DIGEST_A]) == before


async def test_digest_send_needs_a_channel_then_posts(world: World) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    missing = await world.run("digest send", user=MANAGER)
    assert missing.ephemeral and "/digest channel" in missing.content
    await set_digest_channel(world)
    sent = await world.run("digest send", user=MANAGER)
    assert sent.content == f"Posted the digest in <#{DIGEST_A}> (1 message)."
    assert world.server.messages[DIGEST_A][-1].embeds[0]["title"].startswith("Weekly")


async def test_hundred_account_digest_stays_within_limits(world: World) -> None:
    for number in range(100):
        await seed(
            world,
            f"creator.{number:03d}",
            falling(date(2026, 11, 21), 16, 10_000 + number, (-1) ** number * number),
        )
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    posted = world.server.messages[DIGEST_A][before:]
    assert len(posted) >= 2  # split across messages
    listed = [
        line
        for message in posted
        for embed in message.embeds
        for line in (embed.get("description") or "").splitlines()
        if line.startswith("**@creator.")
    ]
    assert len(listed) == 100
    for message in posted:
        assert len(message.embeds) <= 10
        assert (
            sum(len(e.get("title", "")) + len(e.get("description", "")) for e in message.embeds)
            <= 6000
        )
    world.server.assert_clean()


async def test_digest_due_while_down_is_sent_once_after_restart(world: World) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    await set_digest_channel(world)
    await stop_bot(world.bot)
    before = len(world.server.messages[DIGEST_A])

    world.clock.now = MONDAY_9 + timedelta(hours=3)  # due 09:00, back at 12:00: within grace
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.server.wait_for_message(
        channel_id=DIGEST_A, predicate=lambda m: bool(m.embeds), timeout=10
    )
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    posted = [m for m in world.server.messages[DIGEST_A][before:] if m.embeds]
    assert len(posted) == 1


async def test_channel_set_after_the_due_time_owes_no_catch_up_after_restart(
    world: World,
) -> None:
    await seed(world, "solo", falling(date(2026, 11, 22), 10, 300, 1))
    world.clock.now = MONDAY_9 + timedelta(hours=5)  # the bot was up at 09:00, with no channel
    await set_digest_channel(world)
    before = len(world.server.messages[DIGEST_A])
    sent = await world.run("digest send", user=MANAGER)
    assert sent.content.startswith(f"Posted the digest in <#{DIGEST_A}>")
    await stop_bot(world.bot)

    world.clock.now += timedelta(minutes=30)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    assert len(digest_posts(world, before)) == 1  # the one asked for, and no "missed" repeat


async def test_digest_too_late_after_restart_is_skipped(world: World) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    await set_digest_channel(world)
    await stop_bot(world.bot)
    before = len(world.server.messages[DIGEST_A])
    world.clock.now = MONDAY_9 + timedelta(hours=13)  # past the 12-hour grace
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    assert world.server.messages[DIGEST_A][before:] == []


async def test_rate_limited_digest_is_retried_after_retry_after(world: World) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    world.server.rate_limit(
        method="POST", path_regex=rf"/channels/{DIGEST_A}/messages", times=1, retry_after=0.3
    )
    before = len(world.server.messages[DIGEST_A])
    started = time.monotonic()
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    assert time.monotonic() - started >= 0.3
    assert world.server.rate_limit_hits == 1
    assert len(world.server.messages[DIGEST_A][before:]) == 1


async def test_deleted_digest_channel_is_skipped_without_crashing(world: World) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    await set_digest_channel(world)
    world.server.fail_channel(DIGEST_A, 404)
    world.clock.now = MONDAY_9
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    delivery = await world.bot.store.deliveries.get(
        MessageKind.DIGEST, f"channel:{DIGEST_A}", "2026-W48/1"
    )
    assert delivery is not None and delivery.status == "skipped"
    still_up = await world.run("account list")
    assert still_up.embed["title"] == "Tracked accounts (1)"


# A team whose digest takes three messages: one compact line per account past the first few.
THREE_PARTS = 135


async def seed_team(world: World, count: int) -> list[str]:
    """``count`` accounts with 16 days of data up to yesterday; their handles."""
    yesterday = world.clock.now.date() - timedelta(days=1)
    handles = [f"creator.{number:03d}" for number in range(count)]
    for number, handle in enumerate(handles):
        await seed(world, handle, falling(yesterday, 16, 10_000 + number, (-1) ** number * number))
    return handles


def digest_posts(world: World, before: int) -> list[FakeMessage]:
    return [m for m in world.server.messages[DIGEST_A][before:] if m.embeds]


def footers(messages: list[FakeMessage]) -> list[str]:
    return [m.embeds[-1]["footer"]["text"] for m in messages]


def listed(messages: list[FakeMessage]) -> list[str]:
    """The handles the digest lines name, in posting order."""
    return [
        line.split("**")[1].removeprefix("@")
        for message in messages
        for embed in message.embeds
        for line in (embed.get("description") or "").splitlines()
        if line.startswith("**@")
    ]


async def test_digest_cut_short_after_part_one_is_finished_after_restart(world: World) -> None:
    handles = await seed_team(world, THREE_PARTS)
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])
    # Discord takes part 1, then fails the next two posts.
    world.server.fail_next(DIGEST_POSTS, 503, times=2, method="POST", after=1)
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    assert footers(digest_posts(world, before)) == ["ref digest/2026-W48/1 · part 1 of 3"]

    retry = await world.run("digest send", user=MANAGER)
    assert retry.ephemeral
    assert retry.content.startswith(
        f"A digest in <#{DIGEST_A}> is unfinished: 1 of its 3 messages are posted"
    )
    assert len(digest_posts(world, before)) == 1  # no second digest started

    await stop_bot(world.bot)
    world.clock.now = MONDAY_9 + timedelta(hours=13)  # past the grace: a started digest still ends
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    posted = digest_posts(world, before)
    assert footers(posted) == [f"ref digest/2026-W48/{n} · part {n} of 3" for n in (1, 2, 3)]
    assert sorted(listed(posted)) == handles  # each account exactly once

    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    assert len(digest_posts(world, before)) == 3
    fresh = await world.run("digest send", user=MANAGER)
    assert fresh.content == f"Posted the digest in <#{DIGEST_A}> (3 messages)."
    world.server.assert_clean()


async def test_digest_send_cut_short_is_finished_by_the_retry(world: World) -> None:
    handles = await seed_team(world, THREE_PARTS)
    await set_digest_channel(world)
    before = len(world.server.messages[DIGEST_A])
    world.server.fail_next(DIGEST_POSTS, 503, times=1, method="POST", after=1)
    cut = await world.run("digest send", user=MANAGER)
    assert cut.ephemeral
    assert cut.content.startswith(
        f"Posted 1 of the digest's 3 messages in <#{DIGEST_A}>; Discord did not take the rest"
    )

    retry = await world.run("digest send", user=MANAGER)
    assert retry.content == (
        f"A digest in <#{DIGEST_A}> was unfinished: posted its missing 2 messages, so all 3 "
        "are there now. No new digest was started; run `/digest send` again for a fresh one."
    )
    posted = digest_posts(world, before)
    [reference] = {text.rpartition("/")[0] for text in footers(posted)}
    assert footers(posted) == [f"{reference}/{n} · part {n} of 3" for n in (1, 2, 3)]
    assert sorted(listed(posted)) == handles

    fresh = await world.run("digest send", user=MANAGER)
    assert fresh.content == f"Posted the digest in <#{DIGEST_A}> (3 messages)."
    assert sorted(listed(digest_posts(world, before + 3))) == handles


async def test_digest_send_while_a_digest_is_being_posted_says_so(world: World) -> None:
    handles = await seed_team(world, THREE_PARTS)
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])
    # Part 1 goes out, part 2 waits out a rate limit.
    world.server.rate_limit(method="POST", path_regex=DIGEST_POSTS, retry_after=1.0, after=1)
    job = asyncio.create_task(world.bot.scheduler.run_job_now(digest_job_id(GUILD_A)))
    await world.server.wait_for_message(channel_id=DIGEST_A, predicate=lambda m: bool(m.embeds))
    busy = await world.run("digest send", user=MANAGER)
    assert busy.ephemeral and busy.content.startswith(
        f"A digest is being posted in <#{DIGEST_A}> right now"
    )
    await job
    posted = digest_posts(world, before)
    assert footers(posted) == [f"ref digest/2026-W48/{n} · part {n} of 3" for n in (1, 2, 3)]
    assert sorted(listed(posted)) == handles


async def test_part_that_arrived_unrecorded_is_not_posted_again(world: World) -> None:
    handles = await seed_team(world, THREE_PARTS)
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])
    # Part 2 reaches the channel but its answer is lost; the bot stops there and is restarted.
    world.server.fail_next(DIGEST_POSTS, 503, method="POST", after=1, reply_lost=True)
    await world.bot.scheduler.run_job_now(digest_job_id(GUILD_A))
    assert len(digest_posts(world, before)) == 2
    await stop_bot(world.bot)

    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    posted = digest_posts(world, before)
    assert footers(posted) == [f"ref digest/2026-W48/{n} · part {n} of 3" for n in (1, 2, 3)]
    assert sorted(listed(posted)) == handles
    second = await world.bot.store.deliveries.get(
        MessageKind.DIGEST, f"channel:{DIGEST_A}", "2026-W48/2"
    )
    assert second is not None and (second.status, second.message_id) == ("sent", posted[1].id)


async def test_a_process_starting_while_another_posts_leaves_the_send_to_it(
    world: World,
) -> None:
    await seed(world, "solo", falling(date(2026, 11, 21), 10, 300, 1))
    await set_digest_channel(world)
    world.clock.now = MONDAY_9
    before = len(world.server.messages[DIGEST_A])
    hold = world.server.hold_next(DIGEST_POSTS, method="POST")
    sending = asyncio.create_task(world.bot.scheduler.run_job_now(digest_job_id(GUILD_A)))
    await asyncio.wait_for(hold.arrived.wait(), 10)  # the part is claimed and in flight
    target = f"channel:{DIGEST_A}"

    second = await start_bot(world.server, world.database_url, world.clock)
    try:
        await second.scheduler.recovery_done()  # settles and catches up: must leave it alone
        await second.deliveries.keep_claims()
        assert hold.release is not None
        hold.release.set()
        await sending
    finally:
        await stop_bot(second)
    assert len(digest_posts(world, before)) == 1
    [part] = await world.bot.store.deliveries.parts(MessageKind.DIGEST, target, "2026-W48")
    assert part.status == "sent"


# --- alerts ----------------------------------------------------------------------------------


async def test_alert_dm_arrives_once_across_two_uploads(world: World) -> None:
    await world.run("account add", {"handle": "sinking"})
    sub = await world.run("alerts subscribe", {"account": "sinking"}, user=MEMBER)
    assert sub.ephemeral and "You will get a DM when @sinking" in sub.content
    history = falling(date(2026, 11, 21), 14, 4000, -25)
    csv = "date,followers\n" + "\n".join(f"{d.isoformat()},{v}" for d, v in history.items())
    for name, data in (("a.csv", csv.encode()), ("b.csv", (csv + "\n").encode())):
        reply = await world.run(
            "upload", {"file": name, "account": "sinking"}, attachments={name: data}
        )
        assert reply.embed["title"] == f"Import into @sinking: {name}"
        await world.bot.deliveries.alerts.idle()
    dms = world.server.dms[MEMBER]
    assert len(dms) == 1
    alert = dms[0].embeds[0]
    assert alert["title"] == "@sinking is losing followers"
    # 15..21 Nov: F(21) - F(14) = 3675 - 3850 = -175
    assert "Net followers: **-175** over 15 Nov – 21 Nov 2026 (7 days)" in alert["description"]
    assert alert["footer"]["text"].startswith("ref alert/")


async def test_log_alert_goes_to_subscribers_and_alert_channel(world: World) -> None:
    await world.run("account add", {"handle": "dipping"})
    sub = await world.run("alerts subscribe", user=MEMBER)  # all accounts
    assert sub.content.startswith(
        "You will get a DM when any account of this server has a negative 7-day net, with the "
        "likely causes."
    )
    again = await world.run("alerts subscribe", user=MEMBER)
    assert again.content.startswith("You are already subscribed to all accounts of this server.")
    await world.run("alerts channel", {"channel": ALERTS_A}, user=MANAGER)
    await world.run("log", {"account": "dipping", "followers": 900, "date": "2026-11-14"})
    await world.bot.deliveries.alerts.idle()
    assert world.server.dms[MEMBER] == []
    await world.run("log", {"account": "dipping", "followers": 850, "date": "2026-11-21"})
    await world.bot.deliveries.alerts.idle()
    assert len(world.server.dms[MEMBER]) == 1
    channel_alerts = [m for m in world.server.messages[ALERTS_A] if m.embeds]
    assert len(channel_alerts) == 1
    assert channel_alerts[0].embeds[0]["title"] == "@dipping is losing followers"


async def test_closed_dms_are_noted_in_the_alert_channel(world: World) -> None:
    await world.run("account add", {"handle": "dipping"})
    await world.run("alerts subscribe", {"account": "dipping"}, user=MEMBER)
    await world.run("alerts channel", {"channel": ALERTS_A}, user=MANAGER)
    world.server.close_dms(MEMBER)
    await world.run("log", {"account": "dipping", "followers": 900, "date": "2026-11-14"})
    reply = await world.run("log", {"account": "dipping", "followers": 850, "date": "2026-11-21"})
    assert "Logged @dipping" in reply.content
    await world.bot.deliveries.alerts.idle()
    notes = [m.content for m in world.server.messages[ALERTS_A] if "Could not DM" in m.content]
    assert notes == [
        f"Could not DM <@{MEMBER}> the alert about @dipping: their direct "
        "messages are closed to this bot. They can open them under Privacy "
        "Settings for this server."
    ]


def days_back(world: World, days: int) -> date:
    """A day counted back from the injected clock's today."""
    return world.clock.now.date() - timedelta(days=days)


async def alert_after_a_drop(world: World, drops: int) -> str:
    """A subscriber, and a /log that triggers an alert whose DM loses its connection
    ``drops`` times; the alert's period."""
    await stop_bot(world.bot)
    world.bot = await start_bot(
        world.server, world.database_url, world.clock, send_retry_seconds=0.05
    )
    await world.run("account add", {"handle": "dipping"})
    account = await world.bot.store.accounts.get(GUILD_A, "dipping")
    assert account is not None
    await world.run("alerts subscribe", {"account": "dipping"}, user=MEMBER)
    await world.run(
        "log", {"account": "dipping", "followers": 900, "date": str(days_back(world, 8))}
    )
    world.server.drop_next(r"^/channels/\d+/messages$", drops, method="POST")
    await world.run(
        "log", {"account": "dipping", "followers": 850, "date": str(days_back(world, 1))}
    )
    await world.bot.deliveries.alerts.idle()
    return f"{account.id}:{days_back(world, 1)}"


async def test_alert_cut_off_by_a_network_error_is_sent_once_soon(world: World) -> None:
    period = await alert_after_a_drop(world, 1)
    assert len(world.server.dms[MEMBER]) == 1  # retried in the same run, not at the next start
    delivery = await world.bot.store.deliveries.get(MessageKind.ALERT, f"user:{MEMBER}", period)
    assert delivery is not None and delivery.status == "sent"
    assert delivery.message_id == world.server.dms[MEMBER][0].id


async def test_alert_retries_are_bounded_then_left_to_the_next_start(world: World) -> None:
    period = await alert_after_a_drop(world, 4)  # the send and its three retries
    assert world.server.dms[MEMBER] == []
    delivery = await world.bot.store.deliveries.get(MessageKind.ALERT, f"user:{MEMBER}", period)
    assert delivery is not None and delivery.status == "claimed"
    assert delivery.lease_until is None  # given up: the next start need not wait for it
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    assert len(world.server.dms[MEMBER]) == 1


async def test_a_killed_process_claim_is_taken_over_once_its_lease_runs_out(
    world: World,
) -> None:
    await world.run("account add", {"handle": "dipping"})
    account = await world.bot.store.accounts.get(GUILD_A, "dipping")
    assert account is not None
    await world.run("alerts subscribe", {"account": "dipping"}, user=MEMBER)
    await world.run(
        "log", {"account": "dipping", "followers": 900, "date": str(days_back(world, 8))}
    )
    # Another process claimed the alert, then was killed before sending it.
    killed = Lease("killed", world.clock.now + timedelta(seconds=60))
    period = f"{account.id}:{days_back(world, 1)}"
    await world.bot.store.deliveries.claim(
        MessageKind.ALERT,
        f"user:{MEMBER}",
        period,
        guild_id=GUILD_A,
        now=world.clock.now,
        lease=killed,
        account_id=account.id,
    )
    drop = daily_frame([{"day": days_back(world, 1), "followers": 850}])
    await world.bot.store.uploads.merge_daily(account.id, drop, source=SnapshotSource.MANUAL)
    await world.bot.deliveries.keep_claims()
    await world.bot.deliveries.alerts.idle()
    assert world.server.dms[MEMBER] == []  # its lease still runs: it may be mid-send

    world.clock.now += timedelta(seconds=61)
    await world.bot.deliveries.keep_claims()
    await world.bot.deliveries.keep_claims()
    await world.bot.deliveries.alerts.idle()
    assert len(world.server.dms[MEMBER]) == 1
    delivery = await world.bot.store.deliveries.get(MessageKind.ALERT, f"user:{MEMBER}", period)
    assert delivery is not None and delivery.status == "sent"


async def test_restart_between_claim_and_send_does_not_duplicate(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await world.run("account add", {"handle": "dipping"})
    account = await world.bot.store.accounts.get(GUILD_A, "dipping")
    assert account is not None
    await world.run("alerts subscribe", {"account": "dipping"}, user=MEMBER)
    await world.run(
        "log", {"account": "dipping", "followers": 900, "date": str(days_back(world, 8))}
    )

    async def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("killed before the send was recorded")

    # The DM goes out, then the process dies before marking it sent.
    monkeypatch.setattr(world.bot.store.deliveries, "finish", crash)
    await world.run(
        "log", {"account": "dipping", "followers": 850, "date": str(days_back(world, 1))}
    )
    await world.bot.deliveries.alerts.idle()
    assert len(world.server.dms[MEMBER]) == 1
    monkeypatch.undo()
    await stop_bot(world.bot)

    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    await world.bot.scheduler.run_job_now(SWEEP_JOB)
    assert len(world.server.dms[MEMBER]) == 1
    delivery = await world.bot.store.deliveries.get(
        MessageKind.ALERT, f"user:{MEMBER}", f"{account.id}:{days_back(world, 1)}"
    )
    assert delivery is not None and delivery.status == "sent"
    assert delivery.message_id == world.server.dms[MEMBER][0].id


async def test_claim_without_send_is_sent_once_after_restart(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await world.run("account add", {"handle": "dipping"})
    await world.run("alerts subscribe", {"account": "dipping"}, user=MEMBER)
    await world.run(
        "log", {"account": "dipping", "followers": 900, "date": str(days_back(world, 8))}
    )

    async def killed(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("killed after the claim, before the send")

    monkeypatch.setattr(world.bot.deliveries.outbox, "_send", killed)
    await world.run(
        "log", {"account": "dipping", "followers": 850, "date": str(days_back(world, 1))}
    )
    await world.bot.deliveries.alerts.idle()
    assert world.server.dms[MEMBER] == []
    monkeypatch.undo()
    await stop_bot(world.bot)

    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()
    await world.bot.scheduler.run_job_now(SWEEP_JOB)
    assert len(world.server.dms[MEMBER]) == 1


# --- chart and export ------------------------------------------------------------------------


async def test_chart_is_a_png(world: World) -> None:
    await seed(world, "charted", falling(date(2026, 11, 21), 30, 2000, 3))
    reply = await world.run("chart", {"account": "charted"})
    assert reply.content == "@charted: total followers and daily net, 28 days to 21 Nov 2026."
    [png] = reply.files
    assert png.name == "charted-28d.png" and png.data.startswith(b"\x89PNG")


async def test_chart_of_split_only_data_says_totals_are_not_in_it(world: World) -> None:
    account = await world.bot.store.accounts.add(GUILD_A, "splitonly")
    today = world.clock().date()
    rows = [{"day": today - timedelta(days=i), "gained": 9, "lost": 4} for i in range(3)]
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame(rows), source=SnapshotSource.UPLOAD
    )
    reply = await world.run("chart", {"account": "splitonly", "days": 7})
    assert reply.content.startswith(
        f"@splitonly: running net and daily net, 7 days to {today.day} {today:%b %Y}. "
        "Total followers are not in this data"
    )
    [png] = reply.files
    assert png.data.startswith(b"\x89PNG")


async def test_export_neutralises_formulas_and_keeps_numbers(world: World) -> None:
    await seed(world, "exported", {date(2026, 11, 20): 100, date(2026, 11, 21): 98})
    csv = (
        '"Time","Video title","Video link","Post time","Total likes","Total comments",'
        '"Total shares","Total views"\n"November 21","=HYPERLINK(""http://x"")",'
        '"https://www.tiktok.com/@exported/video/1","November 20","1","2","3","400"'
    )
    uploaded = await world.run(
        "upload",
        {"file": "Content.csv", "account": "exported"},
        attachments={"Content.csv": csv.encode()},
    )
    assert uploaded.embed["title"] == "Import into @exported: Content.csv"
    reply = await world.run("export", {"account": "exported"})
    assert reply.ephemeral
    files = {f.name: f.data.decode() for f in reply.files}
    assert files["exported-daily.csv"].splitlines() == [
        "handle,date,followers,gained,lost,views,profile_views,likes,comments,shares",
        "exported,2026-11-20,100,,,,,,,",
        "exported,2026-11-21,98,,,,,,,",
    ]
    video = files["exported-videos.csv"].splitlines()[1]
    assert "'=HYPERLINK" in video
    assert video.endswith(",400,1,2,3")


async def test_account_added_after_removing_the_newest_gets_its_own_first_alert(
    world: World,
) -> None:
    await world.run("alerts subscribe", user=MEMBER)  # all accounts
    last = world.clock().date() - timedelta(days=1)
    week_before = (last - timedelta(days=7)).isoformat()

    async def fall(handle: str) -> None:
        await world.run("log", {"account": handle, "followers": 900, "date": week_before})
        await world.run("log", {"account": handle, "followers": 850, "date": last.isoformat()})
        await world.bot.deliveries.alerts.idle()

    await world.run("account add", {"handle": "first.brand"})
    await fall("first.brand")
    removal = await world.server.invoke(GUILD_A, OWNER, "account remove", {"handle": "first.brand"})
    await removal.reply()
    done = await (await world.server.click(removal, "account-remove:confirm", OWNER)).reply()
    assert "Stopped tracking @first.brand" in done.content

    await world.run("account add", {"handle": "second.brand"})
    await fall("second.brand")
    titles = [dm.embeds[0]["title"] for dm in world.server.dms[MEMBER]]
    assert titles == ["@first.brand is losing followers", "@second.brand is losing followers"]
