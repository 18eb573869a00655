"""The heavy-work pool is fair: one guild's flood of jobs leaves a thread for everyone else."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.workers import Workers, working_for

FLOODER, OTHER, THIRD = 1, 2, 3
JOB_SECONDS = 0.3


class Running:
    """Counts the jobs running at once, and the most seen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = self.most = 0

    def job(self, seconds: float) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(seconds)
        with self._lock:
            self.now -= 1


def _flood(workers: Workers, guild: int, jobs: int, running: Running) -> list[asyncio.Future[None]]:
    with working_for(guild):
        return [asyncio.ensure_future(workers.run(running.job, JOB_SECONDS)) for _ in range(jobs)]


async def _trivial_job_wait(workers: Workers, guild: int) -> float:
    started = time.perf_counter()
    with working_for(guild):
        assert await workers.run(sum, [1, 2, 3]) == 6
    return time.perf_counter() - started


async def test_a_flooding_guild_holds_at_most_all_threads_but_one() -> None:
    workers = Workers(threads=3)
    running = Running()
    try:
        await asyncio.gather(*_flood(workers, FLOODER, 8, running))
    finally:
        await workers.close()
    assert running.most == 2


async def test_another_guilds_trivial_job_does_not_wait_for_a_flood() -> None:
    """Eight 0.3 s jobs of one guild on two threads would keep a single queue busy 1.2 s."""
    workers = Workers(threads=2)
    running = Running()
    try:
        flood = _flood(workers, FLOODER, 8, running)
        await asyncio.sleep(0.05)  # the flood has taken every thread it may
        waited = await _trivial_job_wait(workers, OTHER)
        assert waited < 0.15, waited
        assert not all(job.done() for job in flood)
        await asyncio.gather(*flood)
    finally:
        await workers.close()


async def test_with_two_guilds_flooding_a_third_waits_at_most_one_job() -> None:
    workers = Workers(threads=2)
    running = Running()
    try:
        floods = _flood(workers, FLOODER, 6, running) + _flood(workers, THIRD, 6, running)
        await asyncio.sleep(0.05)
        waited = await _trivial_job_wait(workers, OTHER)
        assert waited < JOB_SECONDS + 0.15, waited  # not behind the twelve queued jobs (1.8 s)
        await asyncio.gather(*floods)
    finally:
        await workers.close()


async def test_a_cancelled_caller_keeps_its_guilds_thread_until_the_job_ends() -> None:
    workers = Workers(threads=2)
    running = Running()
    try:
        first = _flood(workers, FLOODER, 1, running)[0]
        await asyncio.sleep(0.05)
        first.cancel()  # the job itself runs on in its thread
        second = _flood(workers, FLOODER, 1, running)[0]
        await asyncio.sleep(0.05)
        assert running.now == 1  # the guild's next job waits for the thread it still holds
        await second
        assert running.most == 1
    finally:
        await workers.close()
