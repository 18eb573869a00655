"""What the services hand back: plain data, no logic, for bot/render to word."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.analytics.audience import AudienceSnapshot
from bot.analytics.formats.base import FileNote
from bot.analytics.series import GapChange, NetWindow
from storage import ImportOutcome


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, as /upload and the CLI report it."""

    filename: str
    handle: str
    detected: list[tuple[str, str]]  # (file or ZIP member, format name)
    outcome: ImportOutcome
    first_day: date | None
    last_day: date | None
    notes: list[FileNote] = field(default_factory=list)
    skipped: list[FileNote] = field(default_factory=list)
    total: tuple[date, int] | None = None
    net_7d: NetWindow | None = None
    gap: GapChange | None = None  # the change since the last total, across days without one
    audience: AudienceSnapshot | None = None
    #: other accounts the file names, imported here anyway as the user confirmed
    confirmed_others: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OtherOwners:
    """Accounts an upload names besides the one it is imported into: ``tracked`` by the same
    server (never imported: refused), or ``unknown`` to it (imported only once confirmed)."""

    tracked: list[str]
    unknown: list[str]


@dataclass(frozen=True)
class MilestoneAnnouncement:
    """One milestone message's facts, for the outbox to send once: ``total`` is the latest
    follower total."""

    channel_id: int
    period: str
    reference: str
    handle: str
    level: int
    day: date
    total: int  # the latest follower total
