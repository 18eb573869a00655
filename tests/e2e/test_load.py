"""A burst of slash commands: every one is acknowledged within Discord's 3 s, then answered."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from tests.conftest import GENERAL_A, GUILD_A, OWNER, World

BURST = 60
ACCOUNTS = 5
DAYS = 1_800
COMMANDS = ("net", "account list", "why")


async def seed(world: World) -> list[str]:
    """Five accounts with five years of daily totals each, ending yesterday."""
    last = world.clock().date() - timedelta(days=1)
    handles = [f"busy.{number}" for number in range(ACCOUNTS)]
    for number, handle in enumerate(handles):
        account = await world.bot.store.accounts.add(GUILD_A, handle)
        rows = [
            {
                "day": last - timedelta(days=offset),
                "followers": 50_000 + 7 * number + 3 * (DAYS - offset) - offset % 11,
                "views": 20_000 + offset % 97,
            }
            for offset in range(DAYS)
        ]
        await world.bot.store.uploads.merge_daily(
            account.id, daily_frame(rows), source=SnapshotSource.MANUAL
        )
    return handles


async def test_burst_of_commands_is_acknowledged_in_time(world: World) -> None:
    handles = await seed(world)
    records = []
    for number in range(BURST):
        command = COMMANDS[number % len(COMMANDS)]
        options = {} if command == "account list" else {"account": handles[number % ACCOUNTS]}
        records.append(
            await world.server.invoke(GUILD_A, OWNER, command, options, channel_id=GENERAL_A)
        )
    replies = await asyncio.gather(*(record.reply(timeout=60) for record in records))

    late = [record.describe() for record in records if not record.acknowledged]
    assert late == []
    callbacks = {
        int(match[1]): request.time
        for request in world.server.requests
        if (match := re.match(r"^/interactions/(\d+)/", request.path))
    }
    waits = sorted(callbacks[record.id] - record.dispatched_at for record in records)
    # Deferring comes before any query, so even the last of the burst is acknowledged at once.
    assert waits[-1] < 1.5, f"slowest acknowledgement {waits[-1]:.2f} s"
    for number, (record, reply) in enumerate(zip(records, replies, strict=True)):
        assert not reply.ephemeral, record.describe()
        if record.command == "account list":
            assert f"Tracked accounts ({ACCOUNTS})" in str(reply.embed)
        else:
            assert f"@{handles[number % ACCOUNTS]}" in str(reply.embed)


async def test_error_after_a_public_deferral_is_seen_by_the_caller_only(world: World) -> None:
    record = await world.server.invoke(GUILD_A, OWNER, "net", {"account": "not.tracked"})
    assert await record.wait_acknowledged() == 5  # deferred before the account was looked up
    messages = await record.all_messages()
    assert [m.ephemeral for m in messages] == [True]
    assert "@not.tracked is not tracked in this server" in messages[0].content
    assert record.original is not None and record.original.deleted
