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
