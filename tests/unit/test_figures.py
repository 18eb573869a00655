"""The shared wording of each figure, on windows built by hand."""

from __future__ import annotations

from datetime import date

from bot.analytics.model import daily_frame
from bot.analytics.series import net_report, net_window
from bot.render.figures import (
    SPLIT_SOURCE_HINT,
    age_figure,
    gap_figure,
    net_figure,
    net_text,
    split_figure,
    total_figure,
)

END = date(2026, 11, 20)


def test_unknown_net_says_why() -> None:
    one_total = net_window(daily_frame([{"day": END, "followers": 500}]), END, 7)
    assert net_figure(one_total) == "unknown: only one total in these 7 days"
    nothing = net_window(daily_frame([{"day": date(2026, 10, 1), "followers": 5}]), END, 7)
    assert net_figure(nothing) == "unknown: no follower data in this window"


def test_partial_net_and_split() -> None:
    # totals on 17 and 20 Nov only: 3 of 7 days covered, 510 - 500 = +10
    daily = daily_frame(
        [
            {"day": date(2026, 11, 17), "followers": 500},
            {"day": END, "followers": 510, "gained": 12, "lost": 2},
        ]
    )
    window = net_window(daily, END, 7)
    assert net_figure(window) == "+10 (partial: 3 of 7 days known)"
    assert split_figure(window) == "+12 gained, -2 lost (given for 1 of 7 days)"
    assert split_figure(net_window(daily_frame([{"day": END, "followers": 1}]), END, 7)) == (
        SPLIT_SOURCE_HINT
    )


def test_cli_text_lists_every_figure() -> None:
    daily = daily_frame([{"day": date(2026, 11, d), "followers": 1000 + d} for d in range(6, 21)])
    report = net_report(daily, 7)
    assert report is not None
    assert net_text("acct", report).splitlines() == [
        "@acct: net followers",
        "  Window           14 Nov – 20 Nov 2026 (7 days)",
        "  Net followers    +7",
        f"  Gained / lost    {SPLIT_SOURCE_HINT}",
        "  Total            1,020 on 20 Nov 2026",
        "  Previous window  ±0 vs 7 Nov – 13 Nov 2026 (+7)",
    ]


def test_gap_and_age_wording() -> None:
    daily = daily_frame(
        [
            {"day": date(2026, 11, 19), "followers": 3979},
            {"day": date(2026, 12, 7), "followers": 3700},
        ]
    )
    report = net_report(daily, 7)
    assert report is not None and report.gap is not None
    assert gap_figure(report.gap) == "-279 since 19 Nov 2026, over 18 days"
    # three days old is still fresh; four is not
    assert age_figure(date(2026, 11, 19), date(2026, 11, 22)) is None
    assert age_figure(date(2026, 11, 19), date(2026, 12, 7)) == (
        "last data 19 Nov 2026, 18 days ago"
    )


def test_a_missing_total_says_what_is_missing_and_what_gives_it() -> None:
    # gained/lost only (a Business Suite export): the net is known, the total is not
    split = daily_frame([{"day": END, "gained": 12, "lost": 2}])
    assert total_figure(net_window(split, END, 7)) == (
        "not in your data for 20 Nov 2026: TikTok Studio's Followers export, or `/log` with the "
        "total, gives it"
    )
    assert total_figure(net_window(daily_frame([{"day": END, "followers": 510}]), END, 7)) == (
        "510 on 20 Nov 2026"
    )
