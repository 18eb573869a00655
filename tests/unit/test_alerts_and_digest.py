"""When an alert fires, and how the digest adds up and splits, on hand-made series."""

from __future__ import annotations

from datetime import date, timedelta

import discord
import numpy as np
import pandas as pd

from bot.analytics.alerts import alert_trigger
from bot.analytics.digest import TeamDigest, build_digest, team_daily_net
from bot.analytics.model import daily_frame
from bot.analytics.series import Daily, daily_net
from bot.render.digest import digest_messages
from bot.render.embeds import pack_messages


def series(last: date, values: list[int]) -> object:
    first = last - timedelta(days=len(values) - 1)
    return daily_frame(
        [{"day": first + timedelta(days=i), "followers": v} for i, v in enumerate(values)]
    )


END = date(2026, 11, 21)


def test_negative_week_alerts_once_then_stays_quiet_for_a_week() -> None:
    # 8 totals falling 5 a day: 7-day net = -35.
    daily = series(END, [1000 - 5 * i for i in range(8)])
    trigger = alert_trigger(daily, last_alert_day=None)
    assert trigger is not None
    assert (trigger.day, trigger.report.current.net, trigger.sharp_loss) == (END, -35, None)
    assert alert_trigger(daily, last_alert_day=END - timedelta(days=3)) is None
    # the same day again is left to the outbox (it refuses the duplicate per recipient)
    assert alert_trigger(daily, last_alert_day=END) is not None
    assert alert_trigger(daily, last_alert_day=END - timedelta(days=7)) is not None


def test_growing_week_does_not_alert() -> None:
    assert alert_trigger(series(END, [1000 + i for i in range(8)]), last_alert_day=None) is None


def test_sharp_one_day_loss_alerts_even_when_quiet_or_growing() -> None:
    # +50 a day, then -150 on the last day: the week is +150 - 150 = +150 ... net = 7 days:
    # F(21) - F(14) = (1300 - 150) - 1000 = +150 > 0, but 150 >= max(100, 1% of 1,300) = 100.
    values = [1000 + 50 * i for i in range(7)] + [1300 - 150]
    trigger = alert_trigger(series(END, values), last_alert_day=END - timedelta(days=2))
    assert trigger is not None
    assert (trigger.sharp_loss, trigger.report.current.net) == (150, 150)


def digest_of(frames: dict[str, Daily], today: date) -> TeamDigest:
    """The digest of frames named by handle, each given a made-up account id."""
    handles = dict(enumerate(frames, start=1))
    return build_digest(
        {key: frames[handle] for key, handle in handles.items()}, handles=handles, today=today
    )


def test_digest_totals_best_and_worst() -> None:
    frames = {
        "up": series(END, [100 + 10 * i for i in range(15)]),  # +70
        "down": series(END, [900 - 3 * i for i in range(15)]),  # -21
        "stale": series(END - timedelta(days=10), [50] * 15),  # ±0, 11 days old on 22 Nov
        "empty": daily_frame([]),
    }
    digest = digest_of(frames, date(2026, 11, 22))
    assert digest.team_net == 70 - 21 + 0
    assert digest.team_partial  # "empty" has no data
    assert digest.team_total == 240 + 858 + 50
    assert digest.team_total_accounts == 3  # "empty" has no total
    # one account each side: fewer than twice three known nets
    assert ([line.handle for line in digest.top], [line.handle for line in digest.bottom]) == (
        ["up"],
        ["down"],
    )
    # losing most first, unknown net last
    assert [line.handle for line in digest.accounts] == ["down", "stale", "up", "empty"]
    lines = {line.handle: line for line in digest.accounts}
    assert lines["stale"].stale_days == 11
    assert lines["up"].stale_days is None
    assert [line.handle for line in digest.shrinking] == ["down"]
    # team chart: the 28 days to 21 Nov; on 21 Nov: up +10, down -3 (stale has no data then)
    assert int(digest.team_daily_net.iloc[-1]) == 7
    assert len(digest.team_daily_net) == 28


def test_pack_messages_respects_counts_and_total_size() -> None:
    embeds = [discord.Embed(description="x" * 2500) for _ in range(5)]
    groups = pack_messages(embeds, reserve=100)
    assert [len(g) for g in groups] == [2, 2, 1]
    small = [discord.Embed(description="y") for _ in range(23)]
    assert [len(g) for g in pack_messages(small)] == [10, 10, 3]


def test_digest_messages_carry_a_reference_on_every_part() -> None:
    frames = {
        f"creator.{i:03d}": series(END, [1000 + i * k for k in range(15)]) for i in range(135)
    }
    digest = digest_of(frames, date(2026, 11, 22))
    messages = digest_messages(digest, {}, None, reference="ref digest/2026-W48")
    assert len(messages) >= 2
    for number, message in enumerate(messages, start=1):
        assert message.embeds[-1].footer.text == (
            f"ref digest/2026-W48/{number} · part {number} of {len(messages)}"
        )
        assert sum(len(e) for e in message.embeds) <= 6000


def test_team_daily_net_is_the_sum_of_each_accounts_daily_net() -> None:
    rng = np.random.default_rng(5)
    frames = []
    for _ in range(12):
        days = sorted(rng.choice(40, size=int(rng.integers(5, 40)), replace=False))
        rows = []
        for offset in days:
            row: dict[str, object] = {"day": date(2026, 10, 15) + timedelta(days=int(offset))}
            if rng.random() < 0.7:
                row["followers"] = int(rng.integers(100, 200))
            if rng.random() < 0.3:
                row |= {"gained": int(rng.integers(0, 9)), "lost": int(rng.integers(0, 9))}
            rows.append(row)
        frames.append(daily_frame(rows))
    end = date(2026, 11, 20)
    team = team_daily_net(frames, end=end)
    index = pd.date_range(end=pd.Timestamp(end), periods=28, freq="D")
    per_account = pd.concat([daily_net(f).reindex(index) for f in frames], axis=1)
    expected = per_account.sum(axis=1, min_count=1).astype("Int64")
    assert team.tolist() == expected.tolist()


def test_a_loss_across_a_gap_alerts_and_a_gain_does_not() -> None:
    # 3,979 on 3 Nov, nothing until 3,700 on 21 Nov: -279 over 18 days, a loss like any other
    lost = daily_frame(
        [{"day": END - timedelta(days=18), "followers": 3979}, {"day": END, "followers": 3700}]
    )
    trigger = alert_trigger(lost, last_alert_day=None)
    assert trigger is not None
    assert trigger.report.gap is not None and trigger.report.gap.change == -279
    assert trigger.sharp_loss is None
    gained = daily_frame(
        [{"day": END - timedelta(days=18), "followers": 3979}, {"day": END, "followers": 4100}]
    )
    assert alert_trigger(gained, last_alert_day=None) is None
