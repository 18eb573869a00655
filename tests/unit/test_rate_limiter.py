"""The sliding window: never more than its limit in any window, on a hand-moved clock."""

from __future__ import annotations

from bot.tiktok.ratelimit import RateLimiter, SlidingWindow


class HandClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_the_fourth_start_waits_for_the_first_to_leave_the_window() -> None:
    clock = HandClock()
    window = SlidingWindow(3, 10.0, monotonic=clock, sleep=clock.sleep)
    for _ in range(3):
        await window.acquire()
        clock.now += 1.0  # starts at 100, 101, 102
    await window.acquire()  # at 103: must wait until 110, when the first start leaves
    assert clock.slept == [7.0]
    assert clock.now == 110.0


def test_the_process_limiter_keeps_headroom_under_tiktoks_limit() -> None:
    assert RateLimiter().limit == 540  # 90% of 600 per minute
