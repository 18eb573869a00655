"""Option values past the schema, as a modified client could send them: the bot checks each one
itself, answers with a clear ephemeral error and stores nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from tests.conftest import GUILD_A, OWNER, World

HUGE_ID = 99_999_999_999_999_999_999_999


async def tracked_with_data(world: World, handle: str) -> int:
    account = await world.bot.store.accounts.add(GUILD_A, handle)
    last = world.clock().date() - timedelta(days=1)
    rows = [{"day": last - timedelta(days=n), "followers": 1_000 - n} for n in range(30)]
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame(rows), source=SnapshotSource.MANUAL
    )
    return account.id


@pytest.mark.parametrize(
    ("option", "value"),
    [("followers", -1), ("lost", 1_000_000_000_000), ("gained", 2**53), ("views", "12")],
)
async def test_log_refuses_counts_out_of_range(world: World, option: str, value: object) -> None:
    account_id = (await world.bot.store.accounts.add(GUILD_A, "counted")).id
    options = {"account": "counted", "followers": 10} | {option: value}
    reply = await world.run("log", options, unchecked=True)
    assert reply.ephemeral, reply.content
    assert f"`{option}` must be a whole number from 0 to 2,000,000,000" in reply.content
    assert (await world.bot.store.snapshots.daily(account_id)).empty


@pytest.mark.parametrize(
    ("command", "days", "low", "high"),
    [
        ("net", 0, 1, 365),
        ("net", 2**40, 1, 365),
        ("why", 0, 1, 90),
        ("why", 2**40, 1, 90),
        ("chart", 100_000, 7, 365),
        ("chart", -3, 7, 365),
    ],
)
async def test_windows_out_of_range_are_refused(
    world: World, command: str, days: int, low: int, high: int
) -> None:
    await tracked_with_data(world, "windowed")
    reply = await world.run(command, {"account": "windowed", "days": days}, unchecked=True)
    assert reply.ephemeral, reply.content
    assert f"`days` must be a whole number from {low:,} to {high:,}" in reply.content
    assert "Something went wrong" not in reply.content


async def test_manager_role_must_be_a_role_of_this_server(world: World) -> None:
    reply = await world.run("settings manager-role", {"role": HUGE_ID}, unchecked=True)
    assert reply.ephemeral
    assert "Choose a role of this server" in reply.content
    assert (await world.bot.store.settings.get(GUILD_A)).manager_role_id is None


async def test_the_synced_schema_keeps_the_ranges(world: World) -> None:
    await world.bot.store.accounts.add(GUILD_A, "schema.kept")
    with pytest.raises(AssertionError, match=r"a value in 0\.\.2000000000"):
        await world.server.invoke(
            GUILD_A, OWNER, "log", {"account": "schema.kept", "followers": -1}
        )
    with pytest.raises(AssertionError, match=r"a value in 7\.\.365"):
        await world.server.invoke(GUILD_A, OWNER, "chart", {"account": "schema.kept", "days": 3})


async def test_unknown_member_and_channel_ids_are_refused(world: World) -> None:
    owner = await world.run("account add", {"handle": "owned.by", "owner": HUGE_ID}, unchecked=True)
    assert owner.ephemeral
    assert owner.content == f"`{str(HUGE_ID)[:40]}` is not a valid value for that option."
    assert await world.bot.store.accounts.get(GUILD_A, "owned.by") is None
    channel = await world.run("digest channel", {"channel": HUGE_ID}, unchecked=True)
    assert channel.ephemeral and str(HUGE_ID) in channel.content
    assert (await world.bot.store.settings.get(GUILD_A)).digest_channel_id is None
