"""Waiting in tests for what the bot does next, without sleeping a fixed time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Waiter:
    """Lets tests wait until a predicate over mutable state holds."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.changes = 0

    def notify(self) -> None:
        self.changes += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait(
        self, predicate: Callable[[], T | None], limit: float, what: Callable[[], str]
    ) -> T:
        """Return the predicate's first result that is not None/False."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            result = predicate()
            if result is not None and result is not False:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {limit}s waiting for {what()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), remaining)

    async def quiet(self, period: float, limit: float) -> None:
        """Return once nothing changed for ``period`` seconds (or after ``limit``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            before = self.changes
            await asyncio.sleep(min(period, max(0.0, deadline - loop.time())))
            if self.changes == before:
                return
