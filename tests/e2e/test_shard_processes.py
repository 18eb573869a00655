"""Two `python -m bot run` processes, shards 0 and 1 of 2, on one PostgreSQL database: each
schedules and answers only its own guilds, and a SIGKILL and restart of one of them neither
duplicates a digest nor loses what it had stored."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from bot.clock import utc_now
from bot.shards import shard_of
from storage import Store
from tests.databases import fresh_database, postgres_only
from tests.discord_server import FakeDiscord, FakeMessage
from tests.e2e.test_run_process import environment

pytestmark = postgres_only

TOKEN = "shard-test-token"
OWNER = 42
SHARDS = 2
# Six guilds, three on each shard: the shard is (id >> 22) % 2.
GUILDS = [((n << 22) | 5) for n in range(10, 16)]
DIGEST_CHANNEL = {guild: 9_000 + i for i, guild in enumerate(GUILDS)}


def is_digest(message: FakeMessage) -> bool:
    return any("ref digest/" in (e.get("footer") or {}).get("text", "") for e in message.embeds)


def digests_posted(server: FakeDiscord) -> dict[int, int]:
    return {
        guild: sum(1 for m in server.messages[DIGEST_CHANNEL[guild]] if is_digest(m))
        for guild in GUILDS
    }


async def seed(url: str) -> None:
    """One account with a week of data per guild, and a digest that fell due ten minutes ago
    (in the bot's own clock), so each process's start-up catch-up owes it once."""
    due = utc_now() - timedelta(minutes=10)
    today = due.date()
    store = Store(url, clock=utc_now)
    await store.open()
    try:
        for n, guild in enumerate(GUILDS):
            account = await store.accounts.add(guild, f"creator.{n}")
            rows = [
                {"day": today - timedelta(days=d), "followers": 1_000 + 10 * (7 - d)}
                for d in range(8)
            ]
            await store.uploads.merge_daily(
                account.id, daily_frame(rows), source=SnapshotSource.MANUAL
            )
            await store.settings.update(
                guild,
                digest_channel_id=DIGEST_CHANNEL[guild],
                digest_weekday=due.weekday(),
                digest_time=due.strftime("%H:%M"),
            )
    finally:
        await store.close()


async def start(
    server: FakeDiscord, tmp_path: Path, url: str, shard: int, count: int = SHARDS
) -> asyncio.subprocess.Process:
    folder = tmp_path / f"shard-{shard}-of-{count}"
    folder.mkdir(exist_ok=True)
    env = environment(server, folder, TOKEN) | {
        "DATABASE_URL": url,
        "SHARD_COUNT": str(count),
        "SHARD_IDS": str(shard),
        # A killed process's claims lapse in seconds, for its restart to settle them.
        "CLAIM_LEASE_SECONDS": "3",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def until(condition: object, timeout: float, what: str) -> None:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


async def answered(server: FakeDiscord, guild: int, command: str, **options: object) -> str:
    record = await server.invoke(guild, OWNER, command, options)
    return (await record.reply(timeout=15)).text


async def kill(process: asyncio.subprocess.Process, server: FakeDiscord, guild: int) -> None:
    process.send_signal(signal.SIGKILL)
    await process.communicate()
    await until(
        lambda: not server.covered(guild),
        10,
        "the killed shard's connection to close",
    )


async def restart(server: FakeDiscord, tmp_path: Path, url: str) -> asyncio.subprocess.Process:
    identified = server.identify_count
    process = await start(server, tmp_path, url, 1)
    await until(lambda: server.identify_count > identified, 60, "shard 1 to IDENTIFY again")
    return process


async def stop(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    return err.decode()


async def six_guilds() -> FakeDiscord:
    server = FakeDiscord(token=TOKEN, recommended_shards=SHARDS)
    for guild in GUILDS:
        server.add_guild(guild, f"Team {guild}", owner_id=OWNER).add_channel(
            DIGEST_CHANNEL[guild], "digest"
        )
    await server.start()
    return server


async def test_two_shard_processes_share_the_work_once_and_survive_a_sigkill(
    tmp_path: Path,
) -> None:
    assert sorted(shard_of(g, SHARDS) for g in GUILDS) == [0, 0, 0, 1, 1, 1]
    server = await six_guilds()
    processes: dict[int, asyncio.subprocess.Process] = {}
    async with fresh_database(tmp_path) as url:
        await seed(url)
        try:
            processes = {s: await start(server, tmp_path, url, s) for s in range(SHARDS)}
            await server.wait_until_identified(timeout=60)
            on_one = [g for g in GUILDS if shard_of(g, SHARDS) == 1]
            # Killed as soon as its first digest is out: the others are unsent, or claimed
            # and perhaps sent without the claim being marked; the restart settles each once.
            await until(lambda: any(digests_posted(server)[g] for g in on_one), 60, "a digest")
            await kill(processes[1], server, on_one[0])
            processes[1] = await restart(server, tmp_path, url)
            await until(lambda: all(digests_posted(server).values()), 60, "six digests")

            for n, guild in enumerate(GUILDS):  # each answered by the one process that has it
                assert f"@creator.{n}" in await answered(server, guild, "account list")
            added = await answered(server, on_one[0], "account add", handle="kept.after.kill")
            assert added.startswith("Now tracking @kept.after.kill")

            await kill(processes[1], server, on_one[0])
            with pytest.raises(AssertionError, match="not connected"):  # shard 0 does not own it
                await server.invoke(on_one[0], OWNER, "account list")
            processes[1] = await restart(server, tmp_path, url)
            listed = await answered(server, on_one[0], "account list")
            assert "@kept.after.kill" in listed and "@creator." in listed
            # The restart's catch-up runs right after it connects; give it time to misbehave.
            await asyncio.sleep(3)
            assert digests_posted(server) == dict.fromkeys(GUILDS, 1)
        finally:
            logs = {}
            for shard, process in processes.items():
                with contextlib.suppress(ProcessLookupError):
                    logs[shard] = await stop(process)
            await server.stop()
    for log in logs.values():
        assert TOKEN not in log
        assert "Traceback" not in log
    server.assert_clean()


async def test_a_reshard_hands_each_guild_to_its_new_owner_without_a_duplicate(
    tmp_path: Path,
) -> None:
    server = await six_guilds()
    logs: list[str] = []
    async with fresh_database(tmp_path) as url:
        await seed(url)
        try:
            alone = await start(server, tmp_path, url, 0, count=1)
            try:
                await server.wait_until_identified(timeout=60)
                await until(lambda: all(digests_posted(server).values()), 60, "six digests")
            finally:
                logs.append(await stop(alone))
            identified = server.identify_count
            processes = [await start(server, tmp_path, url, s) for s in range(SHARDS)]
            try:
                await until(lambda: server.identify_count >= identified + SHARDS, 60, "2 shards")
                for n, guild in enumerate(GUILDS):
                    assert f"@creator.{n}" in await answered(server, guild, "account list")
                await asyncio.sleep(3)  # both start-up catch-ups have had their chance
                assert digests_posted(server) == dict.fromkeys(GUILDS, 1)
            finally:
                for process in processes:
                    logs.append(await stop(process))
        finally:
            await server.stop()
    for log in logs:
        assert "Traceback" not in log
    server.assert_clean()
