"""Import benchmark.

Imports 500 accounts x 365 days, once as TikTok Studio FollowerHistory CSVs and once as
hand-kept sheets, through the same code /upload uses (parse in a worker thread, one transaction
per upload), and prints rows/s end to end against the same run's floor: pandas reading the
same CSVs plus one executemany into SQLite. Then measures the event loop's worst stall while
the real bot handles an /upload of the largest allowed file through the local Discord server.
Targets: >= 100,000 rows/s end to end, within 1.5x of the floor; worst stall < 50 ms.

Run: python -m bench.import_bench [--accounts N] [--days N]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sqlite3
import tempfile
import threading
import time
from collections.abc import Coroutine
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from bot.analytics.formats.base import ImportLimits, MiB
from bot.app import NetBot, point_discord_at
from bot.clock import utc_now
from bot.config import Settings
from bot.services.importer import import_file
from bot.workers import Workers
from storage import Store
from tests.conftest import GENERAL_A, GUILD_A, OWNER, FakeClock, build_guilds
from tests.discord_server import FakeDiscord

RECEIVED = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
T = TypeVar("T")
LAST_DAY = date(2026, 11, 19)


def _totals(rng: np.random.Generator, days: int) -> np.ndarray:
    return np.maximum(
        rng.integers(1_000, 200_000) + rng.normal(5, 40, days).round().cumsum(), 0
    ).astype(np.int64)


def studio_csv(rng: np.random.Generator, days: int) -> bytes:
    """A FollowerHistory.csv as Studio writes it: BOM, every field quoted, LF, no year."""
    followers = _totals(rng, days)
    lines = ['"Date","Followers","Difference in followers from previous day"']
    for i in range(days):
        day = LAST_DAY - timedelta(days=days - 1 - i)
        diff = int(followers[i] - followers[i - 1]) if i else 0
        lines.append(f'"{day:%B} {day.day}","{followers[i]}","{diff}"')
    return "\ufeff".encode() + "\n".join(lines).encode()


def sheet_csv(rng: np.random.Generator, days: int) -> bytes:
    """A hand-kept sheet: ISO dates, followers, gained, lost, views."""
    followers = _totals(rng, days)
    gained = rng.integers(0, 200, days)
    lines = ["date,followers,gained,lost,views"]
    for i in range(days):
        day = LAST_DAY - timedelta(days=days - 1 - i)
        lines.append(
            f"{day.isoformat()},{followers[i]},{gained[i]},{gained[i] // 2},"
            f"{rng.integers(1_000, 90_000)}"
        )
    return "\n".join(lines).encode()


async def end_to_end(files: list[bytes], name: str) -> float:
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        store = Store(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}", clock=utc_now)
        await store.open()
        accounts = [await store.accounts.add(1, f"acct{i:04d}") for i in range(len(files))]
        started = time.perf_counter()
        for account, data in zip(accounts, files, strict=True):
            await import_file(store, account, name, data, received_at=RECEIVED)
        elapsed = time.perf_counter() - started
        await store.close()
    return elapsed


def floor(files: list[bytes], studio: bool) -> float:
    """pandas reading the same bytes, then one executemany of every row into SQLite."""
    with tempfile.TemporaryDirectory(prefix="import-floor-") as folder:
        conn = sqlite3.connect(Path(folder) / "floor.db")
        conn.execute(
            "CREATE TABLE s (account INTEGER, day TEXT, followers INTEGER, "
            "gained INTEGER, lost INTEGER, views INTEGER, PRIMARY KEY (account, day))"
        )
        started = time.perf_counter()
        rows: list[tuple[object, ...]] = []
        for account, data in enumerate(files):
            frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
            if studio:
                rows.extend(
                    (account, d, f, None, None, None)
                    for d, f in zip(frame["Date"], frame["Followers"], strict=True)
                )
            else:
                rows.extend((account, *row) for row in frame.itertuples(index=False, name=None))
        with conn:
            conn.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?, ?)", rows)
        elapsed = time.perf_counter() - started
        conn.close()
    return elapsed


def largest_allowed_upload(limits: ImportLimits) -> bytes:
    """A hand-kept sheet at the upload limit: the most days allowed, padded with a notes
    column (which the import ignores) up to just under 10 MiB."""
    days = limits.max_days
    pad = (limits.max_upload_bytes - 200 * days) // days
    lines = ["date,followers,views,notes"]
    for i in range(days):
        day = LAST_DAY - timedelta(days=days - 1 - i)
        lines.append(f"{day.isoformat()},{10_000 + i},{5_000 + i},{'x' * pad}")
    data = "\n".join(lines).encode()
    assert len(data) <= limits.max_upload_bytes
    return data


class ServerThread:
    """The local Discord server on its own event loop in another thread, so that the stall
    measured is the bot's alone (the server's own work on a 10 MiB body is not the bot's)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = FakeDiscord()

    async def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


async def stall_during_upload() -> tuple[float, int, str]:
    """Worst event-loop stall while the bot handles /upload of the largest allowed file."""
    data = largest_allowed_upload(ImportLimits())
    remote = ServerThread()
    server = remote.server
    await remote.call(server.start())
    build_guilds(server)
    with tempfile.TemporaryDirectory(prefix="stall-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings(
            discord_token="bench-token",
            database_url=url,
            discord_api_base_url=server.api_base,
            discord_gateway_url=server.gateway_url,
            _env_file=None,
        )  # type: ignore[call-arg]
        point_discord_at(settings)
        workers = Workers()
        bot = NetBot(
            settings=settings,
            store=Store(url, workers=workers, clock=utc_now),
            workers=workers,
            clock=FakeClock(RECEIVED),
            guild_ready_timeout=0.01,
        )
        await bot.login("bench-token")
        connection = asyncio.create_task(bot.connect())
        await remote.call(server.wait_until_identified())
        await bot.wait_until_ready()
        await bot.store.accounts.add(GUILD_A, "big.file")
        worst = 0.0
        running = True

        async def ticker() -> None:
            nonlocal worst
            loop = asyncio.get_running_loop()
            while running:
                before = loop.time()
                await asyncio.sleep(0.001)
                worst = max(worst, loop.time() - before - 0.001)

        probe = asyncio.create_task(ticker())
        record = await remote.call(
            server.invoke(
                GUILD_A,
                OWNER,
                "upload",
                {"file": "big.csv", "account": "big.file"},
                channel_id=GENERAL_A,
                attachments={"big.csv": data},
            )
        )
        reply = await remote.call(record.reply(timeout=60))
        await bot.deliveries.alerts.idle()
        running = False
        await probe
        await bot.close()
        await asyncio.wait_for(connection, 5)
    await remote.call(server.stop())
    remote.close()
    return worst, len(data), reply.text.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    rows = args.accounts * args.days
    for label, make, name, studio in (
        ("TikTok Studio FollowerHistory.csv", studio_csv, "FollowerHistory.csv", True),
        ("hand-kept sheet CSV", sheet_csv, "followers.csv", False),
    ):
        files = [make(rng, args.days) for _ in range(args.accounts)]
        e2e = asyncio.run(end_to_end(files, name))
        base = floor(files, studio)
        print(f"{label}: {args.accounts:,} accounts x {args.days:,} days = {rows:,} rows")
        print(f"  end to end {e2e:.2f} s = {rows / e2e:,.0f} rows/s (target >= 100,000)")
        print(
            f"  floor      {base:.2f} s = {rows / base:,.0f} rows/s; end to end is "
            f"{e2e / base:.2f}x the floor (target <= 1.5x)"
        )
    worst, size, first_line = asyncio.run(stall_during_upload())
    print(
        f"/upload of a {size / MiB:.2f} MiB file ({first_line}): worst event-loop stall "
        f"{worst * 1000:.1f} ms (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
