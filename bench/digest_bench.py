"""Digest benchmarks.

(a) Build the weekly digest data for 10,000 accounts with two years of daily snapshots each,
    from the database, and print the time and the peak RSS of the process that did it.
    Targets: < 2 s, < 500 MB.
(b) Fan a digest out to 1,000 channels through the local Discord-compatible server, which
    enforces Discord's global limit of 50 requests/s with 429 + Retry-After, and print the total
    time against the 20 s bound (target <= 1.05x), the share of requests answered 429 (target
    < 1%: the outbox paces itself), duplicates and losses.

Run: python -m bench.digest_bench [--accounts N] [--days N] [--channels N] [--part a|b|both]
     [--database PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, build_digest
from bot.analytics.model import conform_daily
from bot.analytics.vocabulary import MessageKind, SnapshotSource, part_period, reference
from bot.clock import utc_now
from bot.delivery import Outgoing, channel_target
from bot.render.digest import CHART_NAME
from storage import Store
from tests.conftest import FakeClock, start_bot, stop_bot
from tests.discord_server import FakeDiscord

TODAY = date(2026, 11, 22)
GUILD = 1
WEEK = "2026-W48"
WEEK_PART = part_period(WEEK, 1)


def synthetic_daily(rng: np.random.Generator, days: int) -> pd.DataFrame:
    index = pd.date_range(
        end=pd.Timestamp(TODAY - timedelta(days=1)), periods=days, freq="D", name="day"
    )
    start = int(rng.integers(1_000, 500_000))
    drift = rng.normal(0.0, 30.0)
    steps = rng.normal(drift, 40.0, size=days).round().astype(np.int64)
    followers = np.maximum(start + steps.cumsum(), 0)
    views = rng.integers(1_000, 200_000, size=days)
    frame = pd.DataFrame({"followers": followers, "views": views}, index=index)
    return conform_daily(frame)


async def seed(url: str, accounts: int, days: int) -> None:
    store = Store(url, clock=utc_now)
    await store.open()
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    for number in range(accounts):
        account = await store.accounts.add(GUILD, f"acct{number:05d}")
        await store.uploads.merge_daily(
            account.id, synthetic_daily(rng, days), source=SnapshotSource.MANUAL
        )
        if number and number % 1000 == 0:
            print(
                f"  seeded {number:,} accounts ({time.perf_counter() - started:.0f} s)", flush=True
            )
    await store.close()
    print(
        f"  seeded {accounts:,} accounts x {days:,} days in {time.perf_counter() - started:.0f} s"
    )


async def build(url: str) -> None:
    """The measured work: read what the digest needs and build its data."""
    store = Store(url, clock=utc_now)
    await store.open()
    started = time.perf_counter()
    accounts = await store.accounts.list(GUILD)
    columns = await store.snapshots.follower_columns(
        GUILD, since=TODAY - timedelta(days=DIGEST_LOOKBACK_DAYS)
    )
    loaded = time.perf_counter()
    handles = {a.id: a.handle for a in accounts}
    digest = build_digest({a.id: columns[a.id] for a in accounts}, handles=handles, today=TODAY)
    done = time.perf_counter()
    await store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  accounts in digest: {len(digest.accounts):,}; shrinking: "
        f"{len(digest.shrinking):,}; team net {digest.team_net:+,}"
    )
    print(
        f"  load {loaded - started:.2f} s + build {done - loaded:.2f} s = "
        f"{done - started:.2f} s (target < 2 s)"
    )
    print(f"  peak RSS {peak_mb:.0f} MB (target < 500 MB)")


def part_a(accounts: int, days: int, database: Path | None) -> None:
    print(f"(a) weekly digest data, {accounts:,} accounts x {days:,} days")
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as folder:
        path = database or Path(folder) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        if path.exists():
            print(f"  reusing {path}")
        else:
            asyncio.run(seed(url, accounts, days))
        # A fresh process, so the peak RSS is the digest's own, not the seeding's.
        subprocess.run([sys.executable, "-m", "bench.digest_bench", "--measure", url], check=True)


async def fan_out(channels: int) -> None:
    """One digest message to ``channels`` channels through the outbox, under the global limit."""
    server = FakeDiscord()
    await server.start()
    guild = server.add_guild(GUILD, "Bench", owner_id=1)
    guild.add_member(1, "owner")
    ids = [10_000 + number for number in range(channels)]
    for channel_id in ids:
        guild.add_channel(channel_id, f"digest-{channel_id}")
    with tempfile.TemporaryDirectory(prefix="fanout-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        bot = await start_bot(server, url, clock)
        account = await bot.store.accounts.add(GUILD, "bench.account")
        rng = np.random.default_rng(3)
        await bot.store.uploads.merge_daily(
            account.id, synthetic_daily(rng, 60), source=SnapshotSource.MANUAL
        )
        [message] = await bot.deliveries.digests.build(
            GUILD, reference=reference(MessageKind.DIGEST, WEEK)
        )
        outgoing = Outgoing(message.embeds, files={CHART_NAME: message.chart or b""})
        server.enforce_global_rate_limit(50)
        requests_before = len(server.requests)
        started = time.perf_counter()
        results = [
            await bot.deliveries.outbox.deliver(
                MessageKind.DIGEST, channel_target(channel_id), WEEK_PART, GUILD, outgoing
            )
            for channel_id in ids
        ]
        elapsed = time.perf_counter() - started
        # A second pass, as after a restart mid-fan-out: every claim must refuse a resend.
        again = [
            await bot.deliveries.outbox.deliver(
                MessageKind.DIGEST, channel_target(channel_id), WEEK_PART, GUILD, outgoing
            )
            for channel_id in ids
        ]
        await stop_bot(bot)
    await server.stop()
    posted = [sum(1 for m in server.messages[channel_id] if m.embeds) for channel_id in ids]
    bound = channels / 50
    print(f"(b) fan-out of one digest to {channels:,} channels, global limit 50 requests/s")
    print(
        f"  total {elapsed:.1f} s vs bound {bound:.1f} s = {elapsed / bound:.2f}x (target <= 1.05x)"
    )
    requests = len(server.requests) - requests_before
    print(
        f"  429s received: {server.rate_limit_hits} of {requests:,} requests "
        f"= {100 * server.rate_limit_hits / max(1, requests):.1f}% (target < 1%)"
    )
    print(
        f"  sent {results.count(True):,}; duplicates {sum(max(0, n - 1) for n in posted)}; "
        f"losses {posted.count(0)}; resends on the second pass {again.count(True)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--channels", type=int, default=1_000)
    parser.add_argument("--part", choices=("a", "b", "both"), default="both")
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help="keep the seeded SQLite file here and reuse it on later runs",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        asyncio.run(build(args.measure))
        return
    if args.part in ("a", "both"):
        part_a(args.accounts, args.days, args.database)
    if args.part in ("b", "both"):
        asyncio.run(fan_out(args.channels))


if __name__ == "__main__":
    main()
