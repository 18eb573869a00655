"""The outbox's pace: evenly spaced slots under Discord's global limit, shared by processes."""

from __future__ import annotations

import pytest

from bot.pacing import MemberCooldown, RequestPace, outbox_rate


class ManualTime:
    """A monotonic clock that moves only when the pace sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_back_to_back_requests_are_spaced_by_the_interval() -> None:
    time = ManualTime()
    pace = RequestPace(40, clock=time, sleep=time.sleep)
    for _ in range(4):
        await pace.wait()
    # 40 a second: one every 25 ms; the first goes at once.
    assert time.sleeps == pytest.approx([0.025, 0.025, 0.025])
    assert time.now == pytest.approx(100.075)


async def test_an_idle_pace_lets_the_next_request_go_at_once() -> None:
    time = ManualTime()
    pace = RequestPace(40, clock=time, sleep=time.sleep)
    await pace.wait()
    time.now += 1.0
    await pace.wait()
    assert time.sleeps == []


async def test_a_thousand_sends_take_the_time_the_rate_allows() -> None:
    time = ManualTime()
    pace = RequestPace(outbox_rate(1, 1), clock=time, sleep=time.sleep)
    for _ in range(1_000):
        await pace.wait()
    # 48 a second: 999 intervals of 1/48 s = 20.8125 s, 1.04x the 20 s that 50/s allows.
    assert time.now - 100.0 == pytest.approx(999 / 48)


def test_processes_share_the_global_limit_by_their_shards() -> None:
    assert outbox_rate(1, 1) == pytest.approx(48)
    assert outbox_rate(1, 2) == pytest.approx(24)
    assert outbox_rate(3, 4) == pytest.approx(36)


def test_a_pace_must_move() -> None:
    with pytest.raises(ValueError, match="positive"):
        RequestPace(0)


def test_a_member_cooldown_allows_the_rate_in_any_window_then_says_how_long_to_wait() -> None:
    now = [100.0]
    cooldown = MemberCooldown(3, 60.0, clock=lambda: now[0])
    assert [cooldown.use(1) for _ in range(2)] == [None, None]
    now[0] = 130.0
    assert cooldown.use(1) is None
    now[0] = 110.0 + 30.0
    assert cooldown.use(1) == 20.0  # the two uses at 100 leave the window at 160
    assert cooldown.use(2) is None  # another member is not held back
    now[0] = 160.0
    assert [cooldown.use(1) for _ in range(3)] == [None, None, 30.0]  # the use at 130 remains
