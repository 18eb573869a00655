"""The one pool for heavy work (pandas frames, diagnoses, charts, file parsing).

A few threads only: a burst of commands then queues its work here instead of crowding the event
loop, which must keep acknowledging interactions within Discord's 3 s.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# Two threads keep both cores of a small host busy; more only make them (and the event loop)
# take turns for the interpreter lock, which delays acknowledgements without finishing sooner.
WORKER_THREADS = 2

_pool = ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="netbot-worker")


async def in_worker(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``func`` in the heavy-work pool, waiting in its queue when every thread is busy."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool, functools.partial(func, *args, **kwargs))
