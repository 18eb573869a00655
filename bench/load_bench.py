"""Acknowledgement benchmark.

Sends bursts of slash commands through the local Discord-compatible server to the real bot, as a
team would on a busy morning: a third each `/net`, `/account list` and `/why`, over five
accounts with 1,800 days of snapshots each. Discord drops an interaction whose first response
comes later than 3 s (10062; the user sees "The application did not respond"). Prints, per
burst, how many were acknowledged in time, how many were late, the time to acknowledge (p50,
p99, worst) and the time until the last answer was complete.
Targets: 0 late at 200; p99 under 500 ms.

Run: python -m bench.load_bench [--bursts 50,100,200] [--days N]
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
from tests.conftest import FakeClock, start_bot, stop_bot
from tests.discord_server import FakeDiscord, InteractionRecord

GUILD = 1
OWNER = 1
CHANNEL = 2
ACCOUNTS = 5
COMMANDS = ("net", "account list", "why")
SETTLE_TIMEOUT = 120.0
CALLBACK = re.compile(r"^/interactions/(\d+)/[^/]+/callback$")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _settled(record: InteractionRecord) -> bool:
    """Answered, or refused by the server: nothing more will come for it."""
    return bool(record.visible) or bool(record.violations)


async def burst(server: FakeDiscord, handles: list[str], size: int) -> dict[str, float]:
    started = time.monotonic()
    records = []
    for number in range(size):
        command = COMMANDS[number % len(COMMANDS)]
        options = {} if command == "account list" else {"account": handles[number % len(handles)]}
        records.append(await server.invoke(GUILD, OWNER, command, options, channel_id=CHANNEL))
    while not all(_settled(r) for r in records):
        if time.monotonic() - started > SETTLE_TIMEOUT:
            break
        await asyncio.sleep(0.05)
    finished = time.monotonic() - started
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
        "answered": sum(1 for r in records if r.visible),
        "done": finished,
    }


async def run(sizes: list[int], days: int) -> None:
    server = FakeDiscord()
    await server.start()
    guild = server.add_guild(GUILD, "Bench", owner_id=OWNER)
    guild.add_member(OWNER, "owner")
    guild.add_channel(CHANNEL, "general")
    with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        bot = await start_bot(server, url, FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC)))
        rng = np.random.default_rng(11)
        handles = [f"bench.account{number}" for number in range(ACCOUNTS)]
        for handle in handles:
            account = await bot.store.accounts.add(GUILD, handle)
            await bot.store.uploads.merge_daily(
                account.id, synthetic_daily(rng, days), source="bench"
            )
        print(
            f"bursts of /net, /account list, /why over {ACCOUNTS} accounts x {days:,} days "
            "(Discord's deadline: 3 s)"
        )
        print(
            f"{'burst':>6} {'in time':>8} {'late':>5} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'max ms':>8} {'answered':>9} {'all done s':>11}"
        )
        for size in sizes:
            row = await burst(server, handles, size)
            print(
                f"{row['size']:>6.0f} {row['in_time']:>8.0f} {row['late']:>5.0f} "
                f"{row['p50']:>8.0f} {row['p99']:>8.0f} {row['max']:>8.0f} "
                f"{row['answered']:>9.0f} {row['done']:>11.1f}",
                flush=True,
            )
        await stop_bot(bot)
    await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bursts", default="50,100,200", help="comma-separated burst sizes")
    parser.add_argument("--days", type=int, default=1_800)
    args = parser.parse_args()
    # Late interactions make the bot log one failure each; the table says how many there were.
    logging.basicConfig(level=logging.CRITICAL)
    asyncio.run(run([int(size) for size in args.bursts.split(",")], args.days))


if __name__ == "__main__":
    main()
