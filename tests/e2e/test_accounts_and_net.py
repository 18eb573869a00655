"""Accounts, manual counts and /net, driven as a user would through the local Discord."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from tests.conftest import GUILD_A, GUILD_B, MANAGER, MEMBER, OWNER_B, World, start_bot, stop_bot


def field(message: Any, name: str) -> str:
    for item in message.embed["fields"]:
        if item["name"] == name:
            return item["value"]
    raise AssertionError(f"no field {name!r} in {message.embed}")


async def test_manager_adds_account_and_member_is_refused(world: World) -> None:
    reply = await world.run("account add", {"handle": "@GlowLab.Studio"}, user=MANAGER)
    assert reply.content.startswith("Now tracking @glowlab.studio")
    assert not reply.ephemeral

    refused = await world.run("account add", {"handle": "sneaky"}, user=MEMBER)
    assert refused.ephemeral
    assert "Manage Server" in refused.content
    assert [a.handle for a in await world.bot.store.accounts.list(GUILD_A)] == ["glowlab.studio"]


async def test_invalid_and_duplicate_handles_are_explained(world: World) -> None:
    bad = await world.run("account add", {"handle": "no spaces allowed!"})
    assert bad.ephemeral and "is not a TikTok username" in bad.content
    await world.run("account add", {"handle": "dup.account"})
    again = await world.run("account add", {"handle": "DUP.account"})
    assert again.ephemeral and "already tracked" in again.content


async def test_autocomplete_lists_only_this_guilds_accounts(world: World) -> None:
    await world.run("account add", {"handle": "alpha.one"})
    await world.run("account add", {"handle": "alpha.two"})
    await world.run("account add", {"handle": "beta.only"}, guild=GUILD_B, user=OWNER_B)

    in_a = await world.server.autocomplete(GUILD_A, MEMBER, "net", {"account": "al"}, "account")
    assert [c["value"] for c in in_a] == ["alpha.one", "alpha.two"]
    assert [c["name"] for c in in_a] == ["@alpha.one", "@alpha.two"]
    in_b = await world.server.autocomplete(GUILD_B, MEMBER, "net", {"account": ""}, "account")
    assert [c["value"] for c in in_b] == ["beta.only"]


async def test_net_in_another_guild_reveals_nothing(world: World) -> None:
    await world.run("account add", {"handle": "secret.brand"})
    await world.run("log", {"account": "secret.brand", "followers": 5000, "date": "2026-11-20"})

    tracked_elsewhere = await world.run(
        "net", {"account": "secret.brand"}, guild=GUILD_B, user=OWNER_B
    )
    never_tracked = await world.run("net", {"account": "nobody.here"}, guild=GUILD_B, user=OWNER_B)
    assert tracked_elsewhere.ephemeral
    assert "5,000" not in tracked_elsewhere.text
    # Word for word the same answer as for a handle no guild tracks, apart from the handle.
    assert tracked_elsewhere.content.replace("secret.brand", "X") == (
        never_tracked.content.replace("nobody.here", "X")
    )


async def test_log_then_net_shows_hand_computed_numbers(world: World) -> None:
    await world.run("account add", {"handle": "pixel.pets"})
    # 12..20 Nov, with a gained/lost split on the last two days.
    counts = {12: 1000, 13: 1010, 14: 1030, 15: 1025, 16: 1040, 17: 1050, 18: 1045}
    for day, followers in counts.items():
        await world.run(
            "log", {"account": "pixel.pets", "followers": followers, "date": f"2026-11-{day}"}
        )
    await world.run(
        "log",
        {
            "account": "pixel.pets",
            "followers": 1060,
            "date": "2026-11-19",
            "gained": 30,
            "lost": 15,
        },
    )
    logged = await world.run(
        "log",
        {
            "account": "pixel.pets",
            "followers": 1052,
            "date": "2026-11-20",
            "gained": 12,
            "lost": 20,
        },
    )
    # 7-day window 14..20 Nov: F(20) - F(13) = 1052 - 1010 = 42
    assert "Logged @pixel.pets for 20 Nov 2026: 1,052 followers, +12 gained, -20 lost." in (
        logged.content
    )
    assert "7-day net to 20 Nov 2026: +42" in logged.content

    reply = await world.run("net", {"account": "pixel.pets"}, user=MEMBER)
    assert reply.embed["title"] == "@pixel.pets · net followers"
    assert field(reply, "Window") == "14 Nov – 20 Nov 2026 (7 days)"
    assert field(reply, "Net followers") == "+42"
    # gained 30 + 12 = 42, lost 15 + 20 = 35, given for 2 of the 7 days
    assert field(reply, "Gained / lost") == "+42 gained, -35 lost (given for 2 of 7 days)"
    assert field(reply, "Total") == "1,052 on 20 Nov 2026"
    # previous window 7..13 Nov has only F(12), F(13): +10 over 1 of 7 days; 42 - 10 = +32
    assert field(reply, "Previous window") == "+32 vs 7 Nov – 13 Nov 2026 (+10) (partial)"

    three = await world.run("net", {"account": "pixel.pets", "days": 3})
    # 18..20 Nov: F(20) - F(17) = 1052 - 1050 = 2; previous 15..17: 1050 - 1030 = 20
    assert field(three, "Net followers") == "+2"
    assert field(three, "Previous window") == "-18 vs 15 Nov – 17 Nov 2026 (+20)"


async def test_log_rejects_bad_dates_and_stores_nothing(world: World) -> None:
    await world.run("account add", {"handle": "dated"})
    tomorrow = (world.clock.now + timedelta(days=1)).date().isoformat()
    future = await world.run("log", {"account": "dated", "followers": 10, "date": tomorrow})
    assert future.ephemeral and "in the future" in future.content
    garbled = await world.run("log", {"account": "dated", "followers": 10, "date": "20/11/2026"})
    assert garbled.ephemeral and "YYYY-MM-DD" in garbled.content
    account = await world.bot.store.accounts.get(GUILD_A, "dated")
    assert account is not None
    assert (await world.bot.store.snapshots.daily(account.id)).empty


async def test_net_without_data_says_how_to_add_some(world: World) -> None:
    await world.run("account add", {"handle": "empty.one"})
    reply = await world.run("net", {"account": "empty.one"})
    assert reply.ephemeral
    assert "No follower data for @empty.one yet" in reply.content
    assert "/upload" in reply.content


async def test_account_list_shows_total_and_7_day_net(world: World) -> None:
    await world.run("account add", {"handle": "b.second"})
    await world.run("account add", {"handle": "a.first"})
    await world.run("log", {"account": "a.first", "followers": 2000, "date": "2026-11-13"})
    await world.run("log", {"account": "a.first", "followers": 1990, "date": "2026-11-20"})
    reply = await world.run("account list")
    assert reply.embed["title"] == "Tracked accounts (2)"
    assert reply.embed["description"].splitlines() == [
        "**@a.first** · 1,990 followers (20 Nov 2026) · 7-day net -10",
        "**@b.second** · no data yet",
    ]


async def test_remove_asks_for_confirmation(world: World) -> None:
    await world.run("account add", {"handle": "to.remove"})
    await world.run("log", {"account": "to.remove", "followers": 7, "date": "2026-11-20"})

    prompt_record = await world.server.invoke(
        GUILD_A, MANAGER, "account remove", {"handle": "to.remove"}
    )
    prompt = await prompt_record.reply()
    assert prompt.ephemeral and "cannot be undone" in prompt.content
    assert prompt.custom_ids() == ["account-remove:confirm", "account-remove:cancel"]
    cancel = await world.server.click(prompt_record, "account-remove:cancel", MANAGER)
    assert "nothing was deleted" in (await cancel.reply()).content
    assert await world.bot.store.accounts.get(GUILD_A, "to.remove") is not None

    again = await world.server.invoke(GUILD_A, MANAGER, "account remove", {"handle": "to.remove"})
    await again.reply()
    done = await (await world.server.click(again, "account-remove:confirm", MANAGER)).reply()
    assert "Stopped tracking @to.remove and deleted 1 day of data." in done.content
    assert await world.bot.store.accounts.get(GUILD_A, "to.remove") is None


async def test_commands_sync_once_and_not_again_when_unchanged(world: World) -> None:
    names = world.server.commands.names()
    assert {
        "account",
        "log",
        "net",
        "why",
        "chart",
        "upload",
        "export",
        "digest",
        "alerts",
    } <= names
    assert world.server.commands.put_counts["global"] == 1
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    assert world.server.commands.put_counts["global"] == 1


async def test_answering_an_interaction_twice_is_rejected(world: World) -> None:
    await world.run("account add", {"handle": "twice"})
    record = await world.server.invoke(GUILD_A, MEMBER, "account list")
    await record.reply()
    payload = record.payload
    url = f"{world.server.api_base}/interactions/{payload['id']}/{payload['token']}/callback"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"type": 4, "data": {"content": "again"}}) as response,
    ):
        body = await response.json()
    assert (response.status, body["code"]) == (400, 40060)
    assert [v.code for v in world.server.violations] == [40060]
    world.server.violations.clear()  # the bot itself broke no rule


async def test_unexpected_failure_is_logged_and_answered_calmly(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(_guild_id: int) -> list[object]:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(world.bot.store.accounts, "list", broken)
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        reply = await world.run("account list")
    assert reply.ephemeral
    assert reply.content == (
        "Something went wrong on our side; it has been logged. Please try again."
    )
    [record] = [r for r in caplog.records if r.name == "bot.app"]
    assert record.getMessage() == "Command /account list failed"
    assert record.exc_info is not None and "database on fire" in str(record.exc_info[1])


async def test_burst_of_concurrent_adds_and_logs_is_all_answered_and_stored(world: World) -> None:
    """Eight commands in flight at a time, each round adding four accounts and logging the
    four added the round before: every one is answered and every write is stored."""
    day = world.clock().date() - timedelta(days=1)
    rounds = 10
    replies: list[Any] = []
    for r in range(rounds + 1):
        burst = [
            world.run("account add", {"handle": f"burst.{r}.{i}"}) for i in range(4) if r < rounds
        ] + [
            world.run(
                "log",
                {"account": f"burst.{r - 1}.{i}", "followers": 100 * r + i, "date": str(day)},
            )
            for i in range(4)
            if r > 0
        ]
        replies += await asyncio.gather(*burst)
    adds = [reply.content for reply in replies if "Now tracking" in reply.content]
    logs = [reply.content for reply in replies if reply.content.startswith("Logged @burst.")]
    assert (len(adds), len(logs)) == (4 * rounds, 4 * rounds), [
        reply.content for reply in replies if reply.ephemeral
    ]
    accounts = await world.bot.store.accounts.list(GUILD_A)
    assert len(accounts) == 4 * rounds
    stored = await world.bot.store.snapshots.daily_many(a.id for a in accounts)
    followers = {a.handle: stored[a.id]["followers"].tolist() for a in accounts}
    assert followers == {
        f"burst.{r}.{i}": [100 * (r + 1) + i] for r in range(rounds) for i in range(4)
    }
