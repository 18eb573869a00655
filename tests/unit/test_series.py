"""Net followers over windows, against values worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from bot.analytics.model import daily_frame
from bot.analytics.series import daily_net, latest_day, latest_total, net_report, net_window


def totals(start_day: int, values: list[int | None], month: int = 11) -> pd.DataFrame:
    rows = [
        {"day": date(2026, month, start_day + i), "followers": v}
        for i, v in enumerate(values)
        if v is not None
    ]
    return daily_frame(rows)


def test_net_is_end_total_minus_total_n_days_before() -> None:
    # 1..10 Nov: 1000, 1010, ..., 1090. 7-day window ending 10 Nov covers 4..10 Nov;
    # net = F(10) - F(3) = 1090 - 1020 = 70.
    daily = totals(1, [1000 + 10 * i for i in range(10)])
    window = net_window(daily, date(2026, 11, 10), 7)
    assert (window.start, window.end, window.days) == (date(2026, 11, 4), date(2026, 11, 10), 7)
    assert window.net == 70
    assert window.covered_days == 7
    assert not window.partial
    assert window.basis == "totals"
    assert window.total == 1090
    assert window.gained is None and window.lost is None


def test_report_ends_on_latest_day_and_compares_previous_window() -> None:
    # 1..15 Nov rising by 5 a day from 500, then 16 Nov drops 40: F(16) = 570 - 40 = 530.
    values = [500 + 5 * i for i in range(15)] + [530]
    daily = totals(1, values)
    report = net_report(daily, 7)
    assert report is not None
    # current: 10..16 Nov, F(16) - F(9) = 530 - 540 = -10
    assert report.current.end == date(2026, 11, 16)
    assert report.current.net == -10
    # previous: 3..9 Nov, F(9) - F(2) = 540 - 505 = 35
    assert report.previous.net == 35
    assert report.change_vs_previous == -45


def test_gap_in_totals_is_bridged_by_the_totals_around_it() -> None:
    # Totals on 1, 2, 5, 8 Nov; the window 2..8 Nov (baseline 1 Nov) is fully covered:
    # net = F(8) - F(1) = 130 - 100 = 30, even with 3, 4, 6, 7 Nov missing.
    daily = totals(1, [100, 104, None, None, 120, None, None, 130])
    window = net_window(daily, date(2026, 11, 8), 7)
    assert window.net == 30
    assert window.covered_days == 7
    assert not window.partial


def test_missing_baseline_makes_window_partial() -> None:
    # Totals only from 5 Nov; window 2..8 Nov needs F(1). Known: F(5)=200 .. F(8)=206,
    # so only 6, 7, 8 Nov are covered: net = 206 - 200 = 6 over 3 of 7 days.
    daily = totals(5, [200, 202, 205, 206])
    window = net_window(daily, date(2026, 11, 8), 7)
    assert window.net == 6
    assert window.covered_days == 3
    assert window.partial


def test_single_data_point_has_no_known_change() -> None:
    daily = totals(5, [1234])
    report = net_report(daily, 7)
    assert report is not None
    assert report.current.net is None
    assert report.current.covered_days == 0
    assert report.current.total == 1234
    assert report.change_vs_previous is None


def test_split_given_on_some_days_only() -> None:
    # Totals every day 1..8 Nov; gained/lost given for 7 and 8 Nov only.
    # Net comes from totals: F(8) - F(1) = 164 - 150 = 14.
    # Split: gained 9 + 12 = 21, lost 4 + 3 = 7 over 2 of 7 days (partial split).
    rows = [
        {"day": date(2026, 11, d), "followers": f}
        for d, f in zip(range(1, 9), [150, 151, 153, 152, 155, 156, 161, 164], strict=True)
    ]
    rows[6] |= {"gained": 9, "lost": 4}
    rows[7] |= {"gained": 12, "lost": 3}
    window = net_window(daily_frame(rows), date(2026, 11, 8), 7)
    assert window.net == 14
    assert (window.gained, window.lost, window.split_days) == (21, 7, 2)
    assert window.split_partial
    assert window.basis == "totals"


def test_split_alone_gives_net_as_gained_minus_lost() -> None:
    # A Business-style split for 2..8 Nov with no totals: net = sum(gained) - sum(lost).
    gained = [10, 20, 30, 0, 5, 5, 10]  # 80
    lost = [5, 5, 40, 2, 1, 1, 6]  # 60
    rows = [
        {"day": date(2026, 11, 2 + i), "gained": g, "lost": lo}
        for i, (g, lo) in enumerate(zip(gained, lost, strict=True))
    ]
    window = net_window(daily_frame(rows), date(2026, 11, 8), 7)
    assert window.net == 20
    assert (window.gained, window.lost) == (80, 60)
    assert window.basis == "split"
    assert not window.partial
    assert window.total is None


def test_split_fills_days_totals_do_not_cover() -> None:
    # Split on 2 and 3 Nov (+3, -2); totals on 3 Nov (100) and 8 Nov (90).
    # Totals cover 4..8 Nov: 90 - 100 = -10. 2 Nov is covered by its split (+3);
    # 3 Nov's split (-2) also fills a day totals do not cover. Net = -10 + 3 - 2 = -9.
    rows = [
        {"day": date(2026, 11, 2), "gained": 5, "lost": 2},
        {"day": date(2026, 11, 3), "followers": 100, "gained": 1, "lost": 3},
        {"day": date(2026, 11, 8), "followers": 90},
    ]
    window = net_window(daily_frame(rows), date(2026, 11, 8), 7)
    assert window.net == -9
    assert window.covered_days == 7
    assert window.basis == "mixed"


def test_daily_net_prefers_totals_then_split() -> None:
    rows = [
        {"day": date(2026, 11, 1), "followers": 10},
        {"day": date(2026, 11, 2), "followers": 13, "gained": 9, "lost": 1},
        {"day": date(2026, 11, 4), "gained": 2, "lost": 7},
    ]
    net = daily_net(daily_frame(rows))
    assert net.tolist() == [pd.NA, 3, pd.NA, -5]


def test_latest_day_and_total() -> None:
    rows = [
        {"day": date(2026, 11, 1), "followers": 10},
        {"day": date(2026, 11, 3), "gained": 1, "lost": 0},
        {"day": date(2026, 11, 4), "views": 100},
    ]
    daily = daily_frame(rows)
    assert latest_day(daily) == date(2026, 11, 3)  # views alone say nothing about followers
    assert latest_total(daily) == (date(2026, 11, 1), 10)


def test_window_across_year_end() -> None:
    rows = [
        {"day": date(2025, 12, 28), "followers": 700},
        {"day": date(2026, 1, 4), "followers": 650},
    ]
    window = net_window(daily_frame(rows), date(2026, 1, 4), 7)
    assert (window.start, window.net, window.covered_days) == (date(2025, 12, 29), -50, 7)


def test_no_data_gives_no_report() -> None:
    assert net_report(daily_frame([]), 7) is None


def test_a_total_after_a_gap_gives_the_change_since_the_last_total() -> None:
    # totals on 1, 2 and 19 Nov: the 7-day window 13..19 Nov has one total, so its net is
    # unknown; the change across the gap is F(19) - F(2) = 3700 - 3979 = -279 over 17 days
    daily = totals(1, [3990, 3979] + [None] * 16 + [3700])
    report = net_report(daily, 7)
    assert report is not None
    assert report.current.net is None
    assert report.gap is not None
    assert (report.gap.since, report.gap.end) == (date(2026, 11, 2), date(2026, 11, 19))
    assert (report.gap.change, report.gap.days) == (-279, 17)


def test_no_gap_change_when_the_window_already_spans_it() -> None:
    # totals on 10 and 19 Nov: the 10-day window 10..19 Nov starts the day after 9 Nov, so
    # 10 Nov lies inside it and its net (3700 - 3979 = -279, 9 of 10 days) already holds it
    daily = totals(10, [3979] + [None] * 8 + [3700])
    ten = net_report(daily, 10)
    assert ten is not None and ten.gap is None and ten.current.net == -279
    # the 9-day window 11..19 Nov has its baseline on 10 Nov: also covered, net -279
    nine = net_report(daily, 9)
    assert nine is not None and nine.gap is None and nine.current.net == -279
    # the 8-day window 12..19 Nov: 10 Nov is before its baseline (11 Nov): a gap change
    eight = net_report(daily, 8)
    assert eight is not None and eight.current.net is None
    assert eight.gap is not None and (eight.gap.change, eight.gap.days) == (-279, 9)
    # consecutive totals: no gap at all
    assert net_report(totals(1, [5, 6, 7]), 1).gap is None  # type: ignore[union-attr]
