from datetime import UTC, date, datetime

from bot import fmt


def test_counts_and_changes() -> None:
    assert fmt.count(12480) == "12,480"
    assert fmt.signed(12) == "+12"
    assert fmt.signed(-340) == "-340"
    assert fmt.signed(-1234567) == "-1,234,567"
    assert fmt.signed(0) == "±0"
    assert fmt.count(None) == "n/a"


def test_dates_carry_the_year() -> None:
    assert fmt.day(date(2026, 11, 22)) == "22 Nov 2026"
    assert fmt.window(date(2026, 11, 16), date(2026, 11, 22)) == "16 Nov – 22 Nov 2026"
    assert fmt.window(date(2025, 12, 29), date(2026, 1, 4)) == "29 Dec 2025 – 4 Jan 2026"
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert fmt.moment(moment, "UTC") == "Mon 23 Nov 2026 09:00 (UTC)"


def test_growth_never_shows_a_loss_as_no_change() -> None:
    assert fmt.growth(0.0) == "±0.0%"
    assert fmt.growth(0.0406) == "+4.1%"
    assert fmt.growth(-0.001) == "-0.1%"
    assert fmt.growth(-34 / 81_360) == "-0.04%"  # a loss a one-decimal figure would show as 0
    assert fmt.growth(-1 / 100_000) == "under 0.01% down"
    assert fmt.growth(1 / 100_000) == "under 0.01% up"
