"""Synthetic accounts, each built to show one cause of follower loss (or none).

Every scenario is 63 days ending on ``END`` (index 0 = 28 Jan 2026, index 62 = 31 Mar 2026), so
the 7-day window is 25-31 Mar 2026 (indices 56-62) and its 28-day baseline 25 Feb - 24 Mar 2026
(indices 28-55). The healthy account's numbers are chosen to be worked out by hand:

- net followers alternate +58 (even index) / +62 (odd): median +60, MAD 2; a window holds four
  +58 and three +62 = +418;
- 5,000 views a day; engagement 5% of views (200 likes, 25 comments, 25 shares);
- one post a day at 18:00 UTC on beauty topics, 5,000 views each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from bot.analytics.diagnose import Member
from bot.analytics.model import conform_daily, empty_posts, posts_frame

END = date(2026, 3, 31)
N = 63
WINDOW = slice(56, 63)

BEAUTY = (
    "Easy glam makeup look #beauty #makeup",
    "Skincare routine for dry skin #skincare #beauty",
    "Drugstore foundation review #makeup #beauty",
    "Winter skincare tips #skincare #beauty",
    "Five minute makeup #makeup #beauty",
)
FAITH = (
    "Morning prayer and gratitude #faith #prayer",
    "Sunday church reflections #faith #church",
    "Bible verse of the day #faith #bible",
    "Worship songs on repeat #faith #worship",
)


def day_of(i: int, end: date = END, n: int = N) -> date:
    """The calendar day of index ``i`` in an ``n``-day series ending on ``end``."""
    return end - timedelta(days=n - 1 - i)


def alternating(n: int = N, even: float = 58, odd: float = 62) -> np.ndarray:
    """``even`` on even indices, ``odd`` on odd ones: median between them, MAD half the gap."""
    return np.where(np.arange(n) % 2 == 0, even, odd).astype(float)


def daily(
    net: np.ndarray,
    *,
    end: date = END,
    start_total: int = 10_000,
    views: np.ndarray | float | None = 5_000.0,
    engagement: np.ndarray | float | None = 0.05,
    split: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """A daily frame: followers = ``start_total`` + cumulative ``net`` (so day 0 closes at
    ``start_total + net[0]``); engagement is a share of views split 80/10/10 into likes,
    comments and shares; ``split`` = (gained, lost) arrays, which must agree with ``net``."""
    n = len(net)
    index = pd.DatetimeIndex(pd.date_range(end - timedelta(days=n - 1), end, freq="D"), name="day")
    columns: dict[str, np.ndarray] = {"followers": start_total + np.cumsum(net)}
    if split is not None:
        columns["gained"], columns["lost"] = split
    if views is not None:
        seen = np.broadcast_to(np.asarray(views, dtype=float), (n,))
        columns["views"] = seen
        if engagement is not None:
            total = np.round(seen * np.broadcast_to(np.asarray(engagement, dtype=float), (n,)))
            columns["comments"] = np.floor(total / 10)
            columns["shares"] = np.floor(total / 10)
            columns["likes"] = total - 2 * np.floor(total / 10)
    frame = pd.DataFrame({k: np.round(v).astype(np.int64) for k, v in columns.items()}, index)
    return conform_daily(frame)


def posts(
    days: Sequence[date],
    titles: Sequence[str] = BEAUTY,
    views: Sequence[int | None] | int = 5_000,
) -> pd.DataFrame:
    """One post on each of ``days`` at 18:00 UTC; titles cycle; views per post or for all."""
    counts = [views] * len(days) if isinstance(views, int) else list(views)
    return posts_frame(
        {
            "post_id": f"v{k}",
            "posted_at": datetime.combine(d, time(18), tzinfo=UTC),
            "title": titles[k % len(titles)],
            "views": seen,
            "likes": None if seen is None else seen // 20,
        }
        for k, (d, seen) in enumerate(zip(days, counts, strict=True))
    )


def every_day(first: int = 0, last: int = N - 1) -> list[date]:
    """Days ``first``..``last`` (indices, inclusive) of the standard series."""
    return [day_of(i) for i in range(first, last + 1)]


@dataclass
class Scenario:
    """An account's daily frame and posts, and those of its team's other accounts."""

    daily: pd.DataFrame
    posts: pd.DataFrame = field(default_factory=empty_posts)
    team: dict[int, Member] = field(default_factory=dict)  # by account id


def healthy() -> Scenario:
    """Growing +418 a week at 1.2 follows per 100 views, posting daily on topic: no cause."""
    return Scenario(daily(alternating()), posts(every_day()))


def losing_window(net_per_day: float = -10) -> np.ndarray:
    """The healthy net, but ``net_per_day`` on each day of the window."""
    net = alternating()
    net[WINDOW] = net_per_day
    return net


def not_resonating() -> Scenario:
    """Chronically 20 new followers and 25 lost a day on 5,000 views: 0.4% follows per view."""
    gained, lost = np.full(N, 20.0), np.full(N, 25.0)
    return Scenario(daily(gained - lost, split=(gained, lost)), posts(every_day()))


def gone_quiet() -> Scenario:
    """Daily posts until 19 Mar 2026 (index 50), none after; -10 a day in the window."""
    return Scenario(daily(losing_window()), posts(every_day(0, 50)))


def purged(*, engagement_after: float = 0.07) -> Scenario:
    """A one-day loss of 1,500 on 28 Mar 2026 (index 59), views steady, engagement per view
    up from 5% to ``engagement_after`` on the days after."""
    net = alternating()
    net[59] = -1_500
    rate = np.full(N, 0.05)
    rate[60:] = engagement_after
    return Scenario(daily(net, engagement=rate), posts(every_day()))


def reach_collapsed() -> Scenario:
    """Views fall to 500 a day in the window while daily posting goes on; -15 a day."""
    seen = np.full(N, 5_000.0)
    seen[WINDOW] = 500
    return Scenario(daily(losing_window(-15), views=seen), posts(every_day()))


def niche_shifted() -> Scenario:
    """The last four posts (28-31 Mar 2026, indices 59-62) are about faith, not beauty, and
    the net on those days is -15 a day."""
    net = alternating()
    net[59:] = -15
    titles = [BEAUTY[i % len(BEAUTY)] for i in range(59)] + list(FAITH)
    return Scenario(daily(net), posts(every_day(), titles=titles))


def disengaged() -> Scenario:
    """Engagement per view falls from 5% to 2% in the window; -10 a day."""
    rate = np.full(N, 0.05)
    rate[WINDOW] = 0.02
    return Scenario(daily(losing_window(), engagement=rate), posts(every_day()))


def churning() -> Scenario:
    """60 gained and 70 lost every day (1.2% follows per view): a steady -10 a day, no cause."""
    gained, lost = np.full(N, 60.0), np.full(N, 70.0)
    return Scenario(daily(gained - lost, split=(gained, lost)), posts(every_day()))


def team_of_five(losing_others: int) -> Scenario:
    """An account losing -10 a day in the window with no account-specific cause, and four team
    accounts of which ``losing_others`` lose the same way (the rest keep growing)."""
    own = Scenario(daily(losing_window()), posts(every_day()))
    for k, handle in enumerate(("bloom.co", "glowlab", "petal.studio", "rouge.daily")):
        net = losing_window() if k < losing_others else alternating()
        own.team[k + 1] = Member(daily(net, views=None), empty_posts(), handle)
    return own


def noisy_healthy(seed: int, n: int = N, end: date = END) -> Scenario:
    """A healthy account with random day-to-day noise (fixed seed): still no cause."""
    rng = np.random.default_rng(seed)
    net = np.round(60 + rng.normal(0, 6, n))
    seen = np.round(5_000 + rng.normal(0, 400, n))
    rate = 0.05 + rng.normal(0, 0.003, n)
    days = [end - timedelta(days=n - 1 - i) for i in range(n)]
    return Scenario(daily(net, end=end, views=seen, engagement=rate), posts(days))


def slow_converter() -> Scenario:
    """Totals and views only (no gained/lost split), posting daily on topic. Healthy until the
    window; in it, even indices (25, 27, 29, 31 Mar) lose 8 and odd ones (26, 28, 30 Mar) gain
    2: -26 over the window, with about 10 new followers a day on 5,000 views (0.2%)."""
    net = alternating()
    net[WINDOW] = np.where(np.arange(56, 63) % 2 == 0, -8, 2)
    return Scenario(daily(net), posts(every_day()))


def purged_eight_percent() -> Scenario:
    """Healthy, but 28 Mar 2026 (index 59) loses 800, 8% of the 10,000 it had: indices 0-58
    add 30 * 58 + 29 * 62 = 3,538 to a start of 6,462."""
    net = alternating()
    net[59] = -800
    return Scenario(daily(net, start_total=6_462), posts(every_day()))


def three_shrinking() -> Scenario:
    """The slow converter, in a team whose two other accounts shrink for causes of their own:
    one stopped posting (``gone_quiet``), one lost 8% in a bot purge."""
    own = slow_converter()
    for k, (handle, other) in enumerate(
        (("quiet.one", gone_quiet()), ("purged.one", purged_eight_percent()))
    ):
        own.team[k + 1] = Member(other.daily, other.posts, handle)
    return own


def team_of_five_steady(losing_others: int) -> Scenario:
    """``churning`` (60 gained, 70 lost a day: 1.2% follows per view, daily posts, steady views)
    in a team of five whose first ``losing_others`` other accounts churn the same way and whose
    rest grow like ``healthy``: no account has a cause of its own."""
    own = churning()
    for k, handle in enumerate(("bloom.co", "glowlab", "petal.studio", "rouge.daily")):
        other = churning() if k < losing_others else healthy()
        own.team[k + 1] = Member(other.daily, other.posts, handle)
    return own
