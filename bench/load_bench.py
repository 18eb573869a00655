"""Acknowledgement benchmark.

Sends bursts of slash commands through the local Discord-compatible server to the real bot, as
many teams would on a busy morning: a third each `/net`, `/account list` and `/why`, spread
over 25 guilds of 4 accounts with 730 days of snapshots each. Discord drops an interaction
whose first response comes later than 3 s (10062; the user sees "The application did not
respond"). Prints, per burst and database, how many were acknowledged in time, how many were
late, the time to acknowledge (p50, p99, worst), the worst event-loop stall during the burst
and the time until the last answer was complete. On SQLite, and on PostgreSQL as well when
TEST_DATABASE_URL names a server (e.g. under `.ci/with-postgres`).
Targets: 0 late at every size; p99 under 500 ms.

Run: python -m bench.load_bench [--bursts 50,200,500] [--days N] [--guilds N]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.digest_bench import synthetic_daily
from bench.pull_bench import watch_stalls
from bot.analytics.vocabulary import SnapshotSource
from tests.conftest import FakeClock, start_bot, stop_bot
from tests.databases import POSTGRES_URL, fresh_database
from tests.discord_server import FakeDiscord, InteractionRecord

OWNER = 1
ACCOUNTS_PER_GUILD = 4
COMMANDS = ("net", "account list", "why")
SETTLE_TIMEOUT = 120.0
CALLBACK = re.compile(r"^/interactions/(\d+)/[^/]+/callback$")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _settled(record: InteractionRecord) -> bool:
    """Answered, or refused by the server: nothing more will come for it."""
    return bool(record.visible) or bool(record.violations)


def guild_id(number: int) -> int:
    return (number + 1) << 22  # spread over shards as real ids would be


def channel_id(number: int) -> int:
    return 900_000 + number


async def burst(server: FakeDiscord, handles: list[list[str]], size: int) -> dict[str, float]:
    stop, worst = asyncio.Event(), [0.0]
    watcher = asyncio.create_task(watch_stalls(stop, worst))
    started = time.monotonic()
    records = []
    for number in range(size):
        command = COMMANDS[number % len(COMMANDS)]
        guild = number % len(handles)
        handle = handles[guild][(number // len(handles)) % ACCOUNTS_PER_GUILD]
        options = {} if command == "account list" else {"account": handle}
        records.append(
            await server.invoke(
                guild_id(guild), OWNER, command, options, channel_id=channel_id(guild)
            )
        )
    while not all(_settled(r) for r in records):
        if time.monotonic() - started > SETTLE_TIMEOUT:
            break
        await asyncio.sleep(0.05)
    finished = time.monotonic() - started
    stop.set()
    await watcher
    first_callback: dict[int, float] = {}
    for request in server.requests:
        match = CALLBACK.match(request.path)
        if match:
            first_callback.setdefault(int(match[1]), request.time)
    waits = [first_callback[r.id] - r.dispatched_at for r in records if r.id in first_callback]
    in_time = sum(1 for r in records if r.acknowledged)
    return {
        "size": size,
        "in_time": in_time,
        "late": size - in_time,
        "p50": 1000 * statistics.median(waits) if waits else float("nan"),
        "p99": 1000 * _percentile(waits, 0.99) if waits else float("nan"),
        "max": 1000 * max(waits) if waits else float("nan"),
        "stall": 1000 * worst[0],
        "answered": sum(1 for r in records if r.visible),
        "done": finished,
    }


async def run(database: str, url: str, sizes: list[int], days: int, guilds: int) -> None:
    server = FakeDiscord()
    await server.start()
    for number in range(guilds):
        guild = server.add_guild(guild_id(number), f"Bench {number}", owner_id=OWNER)
        guild.add_member(OWNER, "owner")
        guild.add_channel(channel_id(number), "general")
    bot = await start_bot(server, url, FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC)))
    rng = np.random.default_rng(11)
    handles = []
    for number in range(guilds):
        names = [f"bench.{number}.{n}" for n in range(ACCOUNTS_PER_GUILD)]
        for handle in names:
            account = await bot.store.accounts.add(guild_id(number), handle)
            await bot.store.uploads.merge_daily(
                account.id, synthetic_daily(rng, days), source=SnapshotSource.MANUAL
            )
        handles.append(names)
    print(
        f"{database}: bursts of /net, /account list, /why over {guilds} guilds x "
        f"{ACCOUNTS_PER_GUILD} accounts x {days:,} days (Discord's deadline: 3 s)"
    )
    print(
        f"{'burst':>6} {'in time':>8} {'late':>5} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'stall ms':>9} {'answered':>9} {'all done s':>11}"
    )
    for size in sizes:
        row = await burst(server, handles, size)
        print(
            f"{row['size']:>6.0f} {row['in_time']:>8.0f} {row['late']:>5.0f} "
            f"{row['p50']:>8.0f} {row['p99']:>8.0f} {row['max']:>8.0f} {row['stall']:>9.0f} "
            f"{row['answered']:>9.0f} {row['done']:>11.1f}",
            flush=True,
        )
    await stop_bot(bot)
    await server.stop()


async def run_all(sizes: list[int], days: int, guilds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
        async with fresh_database(Path(folder)) as url:
            await run("SQLite" if POSTGRES_URL is None else "PostgreSQL", url, sizes, days, guilds)
    if POSTGRES_URL is not None:  # the SQLite figures too, for comparison
        with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            await run("SQLite", url, sizes, days, guilds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bursts", default="50,200,500", help="comma-separated burst sizes")
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--guilds", type=int, default=25)
    args = parser.parse_args()
    # Late interactions make the bot log one failure each; the table says how many there were.
    logging.basicConfig(level=logging.CRITICAL)
    sizes = [int(size) for size in args.bursts.split(",")]
    asyncio.run(run_all(sizes, args.days, args.guilds))


if __name__ == "__main__":
    main()
