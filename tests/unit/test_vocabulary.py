"""The vocabulary: period keys read back as written, stored values as before, and the order of
sources as the design states it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.analytics.vocabulary import (
    SOURCE_PRECEDENCE,
    AudienceKey,
    DeliveryStatus,
    MessageKind,
    ShareKind,
    SnapshotSource,
    alert_period,
    kept_from,
    milestone_period,
    note_period,
    parse_alert_period,
    parse_milestone_period,
    parse_note_period,
    parse_part_period,
    parse_week_period,
    part_period,
    parts_prefix,
    reference,
    week_period,
)


@pytest.mark.parametrize("day", [date(2026, 11, 2), date(2028, 2, 29), date(2026, 1, 1)])
def test_alert_and_note_periods_round_trip(day: date) -> None:
    assert alert_period(17, day) == f"17:{day.isoformat()}"
    assert parse_alert_period(alert_period(17, day)) == (17, day)
    assert note_period(17, day, 42) == f"17:{day.isoformat()}:42"
    assert parse_note_period(note_period(17, day, 42)) == (17, day, 42)


@pytest.mark.parametrize("level", [1_000, 10_000, 1_000_000])
def test_milestone_periods_round_trip(level: int) -> None:
    assert milestone_period(3, level) == f"3:{level}"
    assert parse_milestone_period(milestone_period(3, level)) == (3, level)


@pytest.mark.parametrize(
    ("day", "period", "year", "week"),
    [
        (date(2026, 11, 26), "2026-W48", 2026, 48),
        (date(2027, 1, 1), "2026-W53", 2026, 53),  # ISO weeks: 1 Jan 2027 closes 2026's
        (date(2028, 2, 29), "2028-W09", 2028, 9),
    ],
)
def test_week_periods_round_trip(day: date, period: str, year: int, week: int) -> None:
    assert week_period(day) == period
    assert parse_week_period(period) == (year, week)
    assert date.fromisocalendar(year, week, day.isoweekday()) == day


@pytest.mark.parametrize("digest", ["2026-W48", "1183920301039", "manual/5"])
def test_part_periods_round_trip(digest: str) -> None:
    for number in (1, 2, 12):
        period = part_period(digest, number)
        assert period.startswith(parts_prefix(digest))
        assert parse_part_period(period) == (digest, number)
    assert part_period("2026-W48", 2) == "2026-W48/2"


def test_references_are_as_footers_carry_them() -> None:
    assert reference(MessageKind.DIGEST, "2026-W48") == "ref digest/2026-W48"
    assert reference(MessageKind.ALERT, "3:2026-11-21") == "ref alert/3:2026-11-21"


def test_stored_values_are_unchanged() -> None:
    assert [str(kind) for kind in MessageKind] == ["digest", "manual", "alert", "note", "milestone"]
    assert {str(status) for status in DeliveryStatus} == {
        "queued",
        "claimed",
        "sent",
        "skipped",
        "failed",
        "released",
    }
    assert [str(source) for source in SnapshotSource] == [
        "upload",
        "tiktok-api",
        "manual",
        "tiktok-business",
    ]
    assert [str(kind) for kind in ShareKind] == ["gender", "territory"]
    assert [str(key) for key in AudienceKey] == [
        "follower_gender",
        "follower_territories",
        "follower_active_hours",
    ]


def test_an_export_beats_a_pull_and_a_pull_beats_a_manual_count() -> None:
    assert SOURCE_PRECEDENCE == (
        SnapshotSource.UPLOAD,
        SnapshotSource.BUSINESS,
        SnapshotSource.PULL,
        SnapshotSource.MANUAL,
    )
    assert set(SOURCE_PRECEDENCE) == set(SnapshotSource)
    # A pull leaves an export's and TikTok's own (API for Business) totals alone and replaces
    # a typed one; the API for Business yields to an export only.
    assert kept_from(SnapshotSource.PULL) == (SnapshotSource.UPLOAD, SnapshotSource.BUSINESS)
    assert kept_from(SnapshotSource.BUSINESS) == (SnapshotSource.UPLOAD,)
    # A file or a typed count is the team's own newest word: it replaces whatever is stored.
    assert kept_from(SnapshotSource.UPLOAD) == ()
    assert kept_from(SnapshotSource.MANUAL) == ()
