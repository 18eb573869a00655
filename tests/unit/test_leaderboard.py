"""The leaderboard's ranking and growth, and /help's account coverage, worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.analytics.coverage import coverage
from bot.analytics.leaderboard import Leaderboard, RankBy, build_leaderboard
from bot.analytics.model import daily_frame
from bot.analytics.series import FollowerColumns
from bot.render.leaderboard import standing_line

TODAY = date(2026, 11, 22)


def columns(totals: dict[int, int], month: int = 11) -> FollowerColumns:
    rows = [{"day": date(2026, month, day), "followers": value} for day, value in totals.items()]
    return FollowerColumns.of(daily_frame(rows))


def board_of(named: dict[str, FollowerColumns], **options: Any) -> Leaderboard:
    """The leaderboard of data named by handle, each given a made-up account id."""
    handles = dict(enumerate(named, start=1))
    return build_leaderboard(
        {key: named[handle] for key, handle in handles.items()}, handles=handles, **options
    )


def test_growth_is_measured_from_the_first_total_of_the_window() -> None:
    board = board_of(
        {
            "big": columns({14: 10_000, 21: 10_200}),  # +200, +2.0%
            "small": columns({14: 100, 21: 110}),  # +10, +10.0%
            # No total on 14 Nov: the net runs from 17 Nov's 400 (18..21 Nov known): +20, +5.0%
            "gappy": columns({17: 400, 21: 420}),
            "silent": columns({1: 50, 2: 60}, month=10),  # newest data 51 days old
        },
        today=TODAY,
        days=7,
        by=RankBy.GROWTH,
    )
    assert [(s.handle, s.net, s.growth) for s in board.standings] == [
        ("small", 10, 0.1),
        ("gappy", 20, 0.05),
        ("big", 200, 0.02),
        ("silent", None, None),
    ]
    assert board.standings[1].partial and board.standings[1].report is not None
    assert board.standings[3].report is None

    by_net = board_of(
        {"a": columns({14: 100, 21: 90}), "b": columns({14: 100, 21: 120}), "c": columns({})},
        today=TODAY,
        days=7,
        by=RankBy.NET,
    )
    assert [s.handle for s in by_net.standings] == ["b", "a", "c"]
    assert [s.handle for s in by_net.shrinking] == ["a"]


def test_growth_of_a_gained_and_lost_account_with_only_a_closing_total() -> None:
    # Business Suite days 15..21 Nov: +10 gained, -60 lost each (net -50 a day, -350 in all),
    # and one typed total, 1,000 on 21 Nov. The week started from 1,000 + 350 = 1,350 followers:
    # growth -350 / 1,350 = -25.9%, not -350 / 1,000.
    rows: list[dict[str, object]] = [
        {"day": date(2026, 11, day), "gained": 10, "lost": 60} for day in range(15, 22)
    ]
    rows[-1]["followers"] = 1_000
    board = board_of(
        {"split": FollowerColumns.of(daily_frame(rows))}, today=TODAY, days=7, by=RankBy.GROWTH
    )
    [standing] = board.standings
    assert standing.net == -350
    assert standing.start_followers == 1_350
    assert standing.growth is not None and round(standing.growth, 4) == -0.2593


def test_coverage_names_accounts_without_data_and_gone_quiet() -> None:
    seen = coverage(
        {
            "fresh": date(2026, 11, 21),
            "six.days": date(2026, 11, 16),
            "seven.days": date(2026, 11, 15),
            "never": None,
        },
        today=TODAY,
    )
    assert (seen.tracked, seen.without_data, seen.quiet) == (4, ["never"], ["seven.days"])


def test_lines_for_a_tiny_loss_and_for_accounts_without_recent_data() -> None:
    board = board_of(
        {
            "huge": columns({14: 100_000, 21: 99_999}),  # -1 of 100,000: -0.001%
            "never": columns({}),
            "silent": columns({1: 50, 2: 60}, month=10),
        },
        today=TODAY,
        days=7,
        by=RankBy.NET,
    )
    assert [standing_line(None, s) for s in board.standings] == [
        "🔻 – **@huge** · net -1 · under 0.01% down · total 99,999 · no previous to compare",
        "– **@never** · no data yet",
        "– **@silent** · no data in the last 35 days (last 2 Oct 2026)",
    ]
