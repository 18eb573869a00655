"""One sliding-window limiter per endpoint, shared by every request the process makes."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

# TikTok allows 600 requests per minute per endpoint over a sliding window; 10% headroom leaves
# room for the clocks of TikTok and the bot to disagree and for another process sharing the app.
TIKTOK_LIMIT = 600
TIKTOK_WINDOW = 60.0
HEADROOM = 0.9


class SlidingWindow:
    """At most ``limit`` starts in any ``window`` seconds; callers beyond wait their turn."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.limit, self.window = limit, window
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()
        self._monotonic, self._sleep = monotonic, sleep

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._monotonic()
                while self._starts and self._starts[0] <= now - self.window:
                    self._starts.popleft()
                if len(self._starts) < self.limit:
                    self._starts.append(now)
                    return
                await self._sleep(self._starts[0] + self.window - now)


class RateLimiter:
    """The process's limiter: one window per endpoint, each kept under its limit with headroom."""

    def __init__(
        self, limit: int = TIKTOK_LIMIT, window: float = TIKTOK_WINDOW, headroom: float = HEADROOM
    ) -> None:
        self.limit = max(1, int(limit * headroom))
        self.window = window
        self._windows: dict[str, SlidingWindow] = {}

    async def acquire(self, endpoint: str) -> None:
        window = self._windows.get(endpoint)
        if window is None:
            window = self._windows[endpoint] = SlidingWindow(self.limit, self.window)
        await window.acquire()
