"""The pool for heavy work (pandas frames, diagnoses, charts, file parsing), shared fairly.

A few threads only: a burst of commands then queues its work here instead of crowding the event
loop, which must keep acknowledging interactions within Discord's 3 s. No server may hold every
thread: work runs on behalf of the guild of the command or delivery that asked for it
(``work_for``), and one guild's jobs hold at most ``threads - 1`` threads at once, the rest
waiting their turn in that guild's own queue, so another guild's job always finds a thread
soon. Work for no guild (scheduled pulls, the CLI) is one more such queue.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# Two threads keep both cores of a small host busy; more only make them (and the event loop)
# take turns for the interpreter lock, which delays acknowledgements without finishing sooner.
WORKER_THREADS = 2

# The guild the current task works for; each interaction runs in a task of its own, and tasks
# started from it inherit the value.
_GUILD: ContextVar[int | None] = ContextVar("worker_guild", default=None)


def work_for(guild_id: int | None) -> None:
    """Count the rest of the current task's heavy work against ``guild_id``."""
    _GUILD.set(guild_id)


@contextmanager
def working_for(guild_id: int | None) -> Iterator[None]:
    """Count the heavy work inside the block against ``guild_id``."""
    token = _GUILD.set(guild_id)
    try:
        yield
    finally:
        _GUILD.reset(token)


@dataclass
class _Lane:
    """One guild's share: threads it may still take, and jobs holding or awaiting one."""

    slots: asyncio.Semaphore
    jobs: int = field(default=0)


class Workers:
    """The heavy-work threads; built by the app, handed to what needs them, closed at exit."""

    def __init__(self, threads: int = WORKER_THREADS) -> None:
        self.threads = threads
        self.per_guild = max(1, threads - 1)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="netbot-worker")
        self._lanes: dict[int | None, _Lane] = {}
        self.closed = False

    async def run(self, func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``func(*args, **kwargs)`` in a worker thread, once the guild has a thread to spare.

        The guild's slot is held until the thread is done, even if the caller stops waiting:
        a cancelled command must not let its guild start more work than its share.
        """
        guild = _GUILD.get()
        lane = self._lanes.get(guild)
        if lane is None:
            lane = self._lanes[guild] = _Lane(asyncio.Semaphore(self.per_guild))
        lane.jobs += 1
        try:
            await lane.slots.acquire()
        except BaseException:
            self._leave(guild, lane)
            raise
        loop = asyncio.get_running_loop()
        try:
            # The thread sees the caller's context: the reply's language, the guild worked for.
            context = copy_context()
            job = self._pool.submit(context.run, functools.partial(func, *args, **kwargs))
        except BaseException:
            self._finish(guild, lane)
            raise

        def done(_: Future[T]) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._finish, guild, lane)

        job.add_done_callback(done)
        return await asyncio.wrap_future(job)

    def _finish(self, guild: int | None, lane: _Lane) -> None:
        lane.slots.release()
        self._leave(guild, lane)

    def _leave(self, guild: int | None, lane: _Lane) -> None:
        lane.jobs -= 1
        if not lane.jobs and self._lanes.get(guild) is lane:
            del self._lanes[guild]  # no idle queue kept per guild ever seen

    async def close(self) -> None:
        """Drop queued work and wait for the threads to finish what they are running."""
        self.closed = True
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
