"""Spacing the bot's own REST requests below Discord's global limit.

Discord allows a bot 50 requests a second across all its processes (interaction responses and
follow-ups aside), answers more with 429, and bans a client that collects 10,000 invalid
requests in 10 minutes, 429s included. Waiting for 429s to say when to slow down would spend
that budget on every large fan-out; evenly spaced requests never meet the limit at all.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

# Discord's global limit per bot, and the share of it the outbox uses: a little headroom for
# the other requests the bot makes (command syncs, history reads) and for timing jitter.
GLOBAL_LIMIT_PER_SECOND = 50
OUTBOX_SHARE = 0.96


def outbox_rate(shard_ids: int, shard_count: int) -> float:
    """Requests per second for one process: its share of the bot's global limit, by the shards
    it runs (the processes of one bot share one limit)."""
    return GLOBAL_LIMIT_PER_SECOND * OUTBOX_SHARE * shard_ids / shard_count


class RequestPace:
    """Hands out evenly spaced send slots, ``per_second`` of them a second, in call order."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("the pace must be positive")
        self.interval = 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._next = float("-inf")

    async def wait(self) -> None:
        """Return at this caller's slot: at once when the pace allows, else when it comes."""
        now = self._clock()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await self._sleep(slot - now)


class MemberCooldown:
    """At most ``rate`` uses per member in any ``per`` seconds (a sliding window), so that one
    person cannot keep the bot busy; one per bot, across the servers it is in."""

    def __init__(
        self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.per = rate, per
        self._clock = clock
        self._uses: dict[int, deque[float]] = {}

    def use(self, member_id: int) -> float | None:
        """Count a use now and return None; or, over the rate, count nothing and return the
        seconds until the member's oldest use in the window expires."""
        now = self._clock()
        if len(self._uses) > 1_000:
            self._forget_before(now - self.per)
        uses = self._uses.setdefault(member_id, deque())
        while uses and uses[0] <= now - self.per:
            uses.popleft()
        if len(uses) >= self.rate:
            return uses[0] + self.per - now
        uses.append(now)
        return None

    def _forget_before(self, moment: float) -> None:
        """Drop members with no use after ``moment``: memory stays with the active ones."""
        for member_id in [m for m, uses in self._uses.items() if uses[-1] <= moment]:
            del self._uses[member_id]
