import asyncio
from datetime import UTC, date, datetime

import pytest

from bot import fmt
from bot.i18n import Catalogs, use_locale
from bot.i18n.catalog import fresh_template
from tests.catalogs import FRENCH, GERMAN, JAPANESE, write_catalog


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


def test_english_keeps_its_wording() -> None:
    assert fmt.percent(0.0123) == "1.2%"
    assert fmt.signed_percent(-0.42) == "-42%"
    assert fmt.per_day(45.23) == "+45.2/day"
    assert fmt.per_day(-1234.56) == "-1,234.6/day"
    assert fmt.per_day(0.04) == "±0.0/day"
    assert fmt.per_day(None) == "n/a"
    assert fmt.weekly(0, "09:00") == "Mondays at 09:00"
    assert (fmt.days(1), fmt.days(7)) == ("1 day", "7 days")


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Catalogs:
    """German, French and Japanese catalogs, with the few sentences fmt writes translated."""
    directory = tmp_path_factory.mktemp("locale")
    source = asyncio.run(fresh_template())
    for locale, translations in (("de", GERMAN), ("fr", FRENCH), ("ja", JAPANESE)):
        write_catalog(directory, source, locale, translations)
    return Catalogs(directory)


NOV_22 = date(2026, 11, 22)
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_german_figures_and_dates(catalogs: Catalogs) -> None:
    with use_locale("de", catalogs):
        assert fmt.count(12480) == "12.480"
        assert (fmt.signed(12), fmt.signed(-1234567), fmt.signed(0)) == ("+12", "-1.234.567", "±0")
        assert fmt.percent(0.0123) == "1,2\u00a0%"  # German sets a space before the sign
        assert fmt.growth(0.0406) == "+4,1\u00a0%"
        assert fmt.growth(0.0) == "±0,0\u00a0%"
        assert fmt.day(NOV_22) == "22. Nov. 2026"
        assert fmt.window(date(2026, 11, 16), NOV_22) == "16. Nov. – 22. Nov. 2026"
        assert fmt.window(date(2025, 12, 29), date(2026, 1, 4)) == "29. Dez. 2025 – 4. Jan. 2026"
        assert fmt.moment(MONDAY_9, "UTC") == "Mo., 23. Nov. 2026 09:00 (UTC)"
        assert (fmt.days(1), fmt.days(7)) == ("1 Tag", "7 Tage")
        assert fmt.per_day(-1234.56) == "-1.234,6/Tag"
        assert fmt.weekly(0, "09:00") == "jeden Montag um 09:00"


def test_french_figures_and_dates(catalogs: Catalogs) -> None:
    with use_locale("fr", catalogs):
        assert fmt.count(12480) == "12\u202f480"  # a narrow no-break space between thousands
        assert fmt.signed(-1234567) == "-1\u202f234\u202f567"
        assert fmt.signed_percent(-0.42) == "-42\u00a0%"
        assert fmt.day(NOV_22) == "22 nov. 2026"
        assert fmt.window(date(2025, 12, 29), date(2026, 1, 4)) == "29 déc. 2025 – 4 janv. 2026"
        assert fmt.moment(MONDAY_9, "Europe/Paris") == "lun. 23 nov. 2026 09:00 (Europe/Paris)"
        assert fmt.per_day(45.23) == "+45,2/jour"
        assert fmt.weekly(0, "09:00") == "le lundi à 09:00"


def test_japanese_figures_and_dates(catalogs: Catalogs) -> None:
    with use_locale("ja", catalogs):
        assert fmt.count(12480) == "12,480"
        assert fmt.signed(-340) == "-340"
        assert fmt.percent(0.0123) == "1.2%"
        assert fmt.day(NOV_22) == "2026年11月22日"
        assert fmt.window(date(2026, 11, 16), NOV_22) == "11月16日 – 2026年11月22日"
        assert fmt.moment(MONDAY_9, "Asia/Tokyo") == "2026年11月23日(月) 9:00 (Asia/Tokyo)"
        assert (fmt.days(1), fmt.days(7)) == ("1日", "7日")  # one form for every count
        assert fmt.weekly(0, "09:00") == "毎週月曜日 09:00"


def test_a_language_without_a_catalog_is_written_as_english(catalogs: Catalogs) -> None:
    with use_locale("ko", catalogs):
        assert fmt.count(12480) == "12,480"
        assert fmt.day(NOV_22) == "22 Nov 2026"  # not Korean dates inside English sentences
