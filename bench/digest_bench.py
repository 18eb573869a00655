"""Digest benchmarks.

(a) Build the weekly digest data for 10,000 accounts with two years of daily snapshots each,
    from the database, and print the time and the peak RSS of the process that did it.
    Targets: < 2 s, < 500 MB.
(b) Fan a digest out to 1,000 channels through the local Discord-compatible server, which
    enforces Discord's global limit of 50 requests/s with 429 + Retry-After, and print the total
    time against the 20 s bound (target <= 1.1x), the 429s received, duplicates and losses.

Run: python -m bench.digest_bench [--accounts N] [--days N] [--channels N] [--part a|b|both]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, build_digest
from bot.analytics.model import conform_daily
from storage import Store

TODAY = date(2026, 11, 22)
GUILD = 1


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
    store = Store(url)
    await store.open()
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    for number in range(accounts):
        account = await store.add_account(GUILD, f"acct{number:05d}")
        await store.merge_daily(account.id, synthetic_daily(rng, days), source="bench")
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
    store = Store(url)
    await store.open()
    started = time.perf_counter()
    accounts = await store.list_accounts(GUILD)
    columns = await store.follower_columns(
        GUILD, since=TODAY - timedelta(days=DIGEST_LOOKBACK_DAYS)
    )
    loaded = time.perf_counter()
    digest = build_digest({a.handle: columns[a.id] for a in accounts}, today=TODAY)
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


def part_a(accounts: int, days: int) -> None:
    print(f"(a) weekly digest data, {accounts:,} accounts x {days:,} days")
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        asyncio.run(seed(url, accounts, days))
        # A fresh process, so the peak RSS is the digest's own, not the seeding's.
        subprocess.run([sys.executable, "-m", "bench.digest_bench", "--measure", url], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--channels", type=int, default=1_000)
    parser.add_argument("--part", choices=("a", "b", "both"), default="both")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        asyncio.run(build(args.measure))
        return
    if args.part in ("a", "both"):
        part_a(args.accounts, args.days)


if __name__ == "__main__":
    main()
