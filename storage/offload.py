"""What the repositories need of a heavy-work pool: to run a function off the event loop.

Storage depends on this shape alone; the bot hands in its pool (one fair to every server), and
a store built without one (the CLI's tools, tests of storage alone) uses asyncio's threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Offload(Protocol):
    async def run(self, func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``func(*args, **kwargs)`` in another thread, awaited."""
        ...


class ThreadOffload:
    """Runs work in asyncio's default threads: for a store with no pool of its own."""

    async def run(self, func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await asyncio.to_thread(func, *args, **kwargs)
