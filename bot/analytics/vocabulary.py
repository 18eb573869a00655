"""The words the bot stores and compares: message kinds, delivery statuses, snapshot sources,
audience keys, and the period keys that name each message.

Each is written here once, so a writer and a reader cannot drift apart (a pull checks for the
very source an upload writes). Values are the strings already stored: changing one needs a
migration.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class MessageKind(StrEnum):
    """What a delivery is; with its target and period, it names one message."""

    DIGEST = "digest"  # the scheduled weekly digest
    MANUAL_DIGEST = "manual"  # a digest posted with `/digest send`
    ALERT = "alert"
    NOTE = "note"  # in the alert channel: a subscriber's DMs are closed
    MILESTONE = "milestone"


DIGEST_KINDS = (MessageKind.DIGEST, MessageKind.MANUAL_DIGEST)


class DeliveryStatus(StrEnum):
    """Where one delivery stands."""

    QUEUED = "queued"  # a digest part waiting, with its message
    CLAIMED = "claimed"  # being sent by the process holding the claim
    SENT = "sent"
    SKIPPED = "skipped"  # the target cannot receive it
    FAILED = "failed"
    # Never stored: a claim whose message never arrived is deleted, to be claimed again.
    RELEASED = "released"


OPEN_STATUSES = (DeliveryStatus.QUEUED, DeliveryStatus.CLAIMED)


class SnapshotSource(StrEnum):
    """Where a day's stored values came from."""

    UPLOAD = "upload"  # an export file: TikTok's own closing figures for its days
    PULL = "tiktok-api"  # a TikTok pull: the count at the moment it was pulled
    MANUAL = "manual"  # typed with /log
    # TikTok's API for Business: its own daily figures for a UTC day, revised for a day or two
    BUSINESS = "tiktok-business"


# Strongest first: an export beats a pull, a pull beats a manual count. The API for Business
# ranks after the export (a file a member chose to give is the last word on its days) and
# before the Display pull, whose count is a moment's, not the day's close, and has no split.
SOURCE_PRECEDENCE = (
    SnapshotSource.UPLOAD,
    SnapshotSource.BUSINESS,
    SnapshotSource.PULL,
    SnapshotSource.MANUAL,
)
# What a member deliberately gives (a file, a typed count) replaces whatever is stored, as
# the newest word on the day; only an automatic pull yields to a stronger source.
DELIBERATE = frozenset({SnapshotSource.UPLOAD, SnapshotSource.MANUAL})


def kept_from(source: SnapshotSource) -> tuple[SnapshotSource, ...]:
    """The stored sources a write from ``source`` leaves alone: for a pull, an export's."""
    if source in DELIBERATE:
        return ()
    return SOURCE_PRECEDENCE[: SOURCE_PRECEDENCE.index(source)]


class SourceKind(StrEnum):
    """Each platform API the bot can connect accounts to; stored with each connection."""

    TIKTOK_DISPLAY = "tiktok-display"  # Login Kit and the Display API
    TIKTOK_BUSINESS = "tiktok-business"  # TikTok's API for Business ("TikTok Accounts")


class AudienceKey(StrEnum):
    """The parts of an audience a Followers export gives, as its parsers name them."""

    GENDER = "follower_gender"
    TERRITORIES = "follower_territories"
    ACTIVE_HOURS = "follower_active_hours"


class ShareKind(StrEnum):
    """The audience parts stored as label -> share of followers."""

    GENDER = "gender"
    TERRITORY = "territory"


# -- period keys: one format and one parse each ------------------------------------------------


def alert_period(account_id: int, day: date) -> str:
    """An account's alert about one data day: ``{account_id}:{day}``."""
    return f"{account_id}:{day.isoformat()}"


def parse_alert_period(period: str) -> tuple[int, date]:
    account, _, day = period.partition(":")
    return int(account), date.fromisoformat(day)


def note_period(account_id: int, day: date, user_id: int) -> str:
    """The closed-DMs note for one subscriber's alert: ``{account_id}:{day}:{user_id}``."""
    return f"{alert_period(account_id, day)}:{user_id}"


def parse_note_period(period: str) -> tuple[int, date, int]:
    alert, _, user = period.rpartition(":")
    account_id, day = parse_alert_period(alert)
    return account_id, day, int(user)


def milestone_period(account_id: int, level: int) -> str:
    """One level an account reached: ``{account_id}:{level}``."""
    return f"{account_id}:{level}"


def parse_milestone_period(period: str) -> tuple[int, int]:
    account, _, level = period.partition(":")
    return int(account), int(level)


def week_period(day: date) -> str:
    """The ISO week a scheduled digest belongs to: ``2026-W48``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week_period(period: str) -> tuple[int, int]:
    """``2026-W48`` is (2026, 48)."""
    year, _, week = period.partition("-W")
    return int(year), int(week)


def part_period(digest: str, number: int) -> str:
    """Part ``number`` (from 1) of a digest: ``2026-W48/2``."""
    return f"{parts_prefix(digest)}{number}"


def parse_part_period(period: str) -> tuple[str, int]:
    """``2026-W48/2`` is part 2 of digest ``2026-W48``."""
    digest, _, number = period.rpartition("/")
    return digest, int(number)


def parts_prefix(digest: str) -> str:
    """What every part period of a digest starts with."""
    return f"{digest}/"


def reference(kind: MessageKind, period: str) -> str:
    """What a message carries in its footer, to be found in the target's history."""
    return f"ref {kind}/{period}"
