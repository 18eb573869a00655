"""Faults a test injects: failed or rate-limited requests, closed DMs, unreachable channels.

Injected failures are normal conditions, not violations: the bot is expected to cope with them.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from dataclasses import dataclass, field

from tests.discord_server.errors import DiscordAPIError


@dataclass
class Fault:
    """An injected failure waiting for the requests it matches."""

    status: int
    method: str | None
    pattern: re.Pattern[str] | None
    remaining: int
    retry_after: float = 0.0
    global_: bool = False
    passes: int = 0  # matching requests let through before the fault starts
    reply_lost: bool = False  # the request takes effect; only its answer is the error

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method is None or self.method.upper() == method
        return method_ok and (self.pattern is None or bool(self.pattern.search(path)))


@dataclass
class Interruption:
    """A request cut off without an answer (the connection drops), or held until released."""

    method: str | None
    pattern: re.Pattern[str]
    remaining: int
    release: asyncio.Event | None = None  # None: the connection drops
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method is None or self.method.upper() == method
        return method_ok and bool(self.pattern.search(path))


class FaultsMixin:
    """FakeDiscord's injected failures, set by a test and applied by the routes."""

    def rate_limit(
        self,
        *,
        method: str | None = None,
        path_regex: str | None = None,
        times: int = 1,
        retry_after: float = 0.2,
        global_: bool = False,
        after: int = 0,
    ) -> None:
        """Answer the next ``times`` matching requests with 429, Retry-After and ``retry_after``,
        once ``after`` more have gone through."""
        pattern = re.compile(path_regex) if path_regex else None
        self._faults.append(Fault(429, method, pattern, times, retry_after, global_, passes=after))

    def enforce_global_rate_limit(self, per_second: int = 50, *, window: float = 1.0) -> None:
        """Sliding-window limit on bot-token requests (not interaction callbacks or webhooks)."""
        self._global_limit = (per_second, window)
        self._global_times.clear()

    def close_dms(self, user_id: int) -> None:
        """Messages to this user's DM channel get 403 50007."""
        self._closed_dms.add(user_id)

    def fail_channel(self, channel_id: int, status: int = 403) -> None:
        """Requests on this channel get 403 50013 (Missing Permissions) or 404 10003 (Unknown
        Channel)."""
        if status not in (403, 404):
            raise ValueError("status must be 403 or 404")
        self._channel_faults[channel_id] = status

    def fail_next(
        self,
        path_regex: str,
        status: int = 500,
        times: int = 1,
        *,
        method: str | None = None,
        after: int = 0,
        reply_lost: bool = False,
    ) -> None:
        """The next ``times`` matching requests get ``status``, once ``after`` more have gone
        through; with ``reply_lost`` they still take effect (a message is posted) and only the
        answer is lost. discord.py retries 500, 502 and 504 after 1 s, not 503."""
        self._faults.append(
            Fault(
                status,
                method,
                re.compile(path_regex),
                times,
                passes=after,
                reply_lost=reply_lost,
            )
        )

    def drop_next(self, path_regex: str, times: int = 1, *, method: str | None = None) -> None:
        """The next ``times`` matching requests lose their connection before any answer, and
        before taking effect: the bot sees a network error."""
        self._interruptions.append(Interruption(method, re.compile(path_regex), times))

    def hold_next(self, path_regex: str, *, method: str | None = None) -> Interruption:
        """The next matching request waits, unanswered and not yet in effect, until the hold's
        ``release`` is set: a send in flight (``arrived`` is set when it comes)."""
        hold = Interruption(method, re.compile(path_regex), 1, asyncio.Event())
        self._interruptions.append(hold)
        return hold

    def _interruption(self, method: str, path: str) -> Interruption | None:
        for interruption in list(self._interruptions):
            if interruption.matches(method, path):
                interruption.remaining -= 1
                if interruption.remaining <= 0:
                    self._interruptions.remove(interruption)
                return interruption
        return None

    def _apply_faults(self, method: str, path: str) -> DiscordAPIError | None:
        """Raise the error of the first matching fault, or return it when only the answer is
        to be lost."""
        for fault in list(self._faults):
            if fault.matches(method, path):
                if fault.passes > 0:
                    fault.passes -= 1
                    continue
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                if fault.status == 429:
                    raise self._too_many(fault.retry_after, fault.global_)
                error = DiscordAPIError(fault.status, 0, f"{fault.status}: injected failure")
                if fault.reply_lost:
                    return error
                raise error
        return None

    def _too_many(self, retry_after: float, global_: bool) -> DiscordAPIError:
        self.rate_limit_hits += 1
        headers = {
            "Retry-After": str(max(1, math.ceil(retry_after))),
            "X-RateLimit-Scope": "global" if global_ else "user",
            "Via": "1.1 google",  # discord.py takes a 429 without Via for a Cloudflare ban
        }
        if global_:
            headers["X-RateLimit-Global"] = "true"
        extra = {"retry_after": retry_after, "global": global_}
        return DiscordAPIError(429, 0, "You are being rate limited.", headers=headers, extra=extra)

    def _check_global_limit(self) -> None:
        if self._global_limit is None:
            return
        limit, window = self._global_limit
        now = time.monotonic()
        while self._global_times and self._global_times[0] <= now - window:
            self._global_times.popleft()
        if len(self._global_times) >= limit:
            raise self._too_many(max(0.001, self._global_times[0] + window - now), True)
        self._global_times.append(now)

    def _check_channel_fault(self, channel_id: int) -> None:
        status = self._channel_faults.get(channel_id)
        if status == 403:
            raise DiscordAPIError(403, 50013, "Missing Permissions")
        if status == 404:
            raise DiscordAPIError(404, 10003, "Unknown Channel")

    def _check_dms_open(self, user_id: int) -> None:
        if user_id in self._closed_dms:
            raise DiscordAPIError(403, 50007, "Cannot send messages to this user")
