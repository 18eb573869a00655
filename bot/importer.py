"""One upload, end to end: limits, parse off the event loop, one transaction, a summary."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.analytics.audience import AudienceSnapshot
from bot.analytics.formats import format_title, parse_upload
from bot.analytics.formats.base import ImportLimits, ParsedUpload
from bot.analytics.formats.studio_follower_activity import AUDIENCE_KEY as ACTIVE_HOURS
from bot.analytics.series import GapChange, NetWindow, latest_total, net_report
from bot.workers import in_worker
from storage import Account, ImportOutcome, Store

log = logging.getLogger(__name__)

GENDER = "follower_gender"  # the audience keys of the FollowerGender and
TERRITORIES = "follower_territories"  # FollowerTopTerritories parsers


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, as /upload and the CLI report it."""

    filename: str
    handle: str
    detected: list[tuple[str, str]]  # (file or ZIP member, format)
    outcome: ImportOutcome
    first_day: date | None
    last_day: date | None
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    total: tuple[date, int] | None = None
    net_7d: NetWindow | None = None
    gap: GapChange | None = None  # the change since the last total, across days without one
    audience: AudienceSnapshot | None = None


def audience_snapshot(
    parsed: dict[str, dict[str, float]], received_at: datetime
) -> AudienceSnapshot | None:
    """What a Followers export said about the audience, dated the day it was uploaded (UTC):
    gender and territories are shares on that day, active hours the means of its last days."""
    snapshot = AudienceSnapshot(
        as_of=received_at.astimezone(UTC).date(),
        hours={int(hour): value for hour, value in parsed.get(ACTIVE_HOURS, {}).items()},
        gender=dict(parsed.get(GENDER, {})),
        territories=dict(parsed.get(TERRITORIES, {})),
    )
    return None if snapshot.empty else snapshot


def _parse_and_hash(
    filename: str, data: bytes, received_at: datetime, limits: ImportLimits
) -> tuple[ParsedUpload, str]:
    """The CPU-heavy part of an import, for a worker thread."""
    parsed = parse_upload(filename, data, received_at=received_at, limits=limits)
    return parsed, hashlib.sha256(data).hexdigest()


async def import_file(
    store: Store,
    account: Account,
    filename: str,
    data: bytes,
    *,
    received_at: datetime,
    limits: ImportLimits | None = None,
) -> ImportSummary:
    """Import one file for one account; raises ``ImportFileError`` with nothing stored."""
    limits = limits or ImportLimits()
    parsed, sha256 = await in_worker(_parse_and_hash, filename, data, received_at, limits)
    notes = list(parsed.notes)
    for handle in {f.handle for f in parsed.files if f.handle and f.handle != account.handle}:
        notes.append(
            f"The file name names @{handle}; imported into @{account.handle} as you asked."
        )
    outcome = await store.uploads.ingest(
        account.id,
        sha256=sha256,
        filename=filename,
        formats=sorted({format_title(f.format) for f in parsed.files}),
        received_at=received_at,
        daily=parsed.daily,
        posts_frame=parsed.posts,
    )
    audience = audience_snapshot(parsed.audience, received_at)
    if audience is not None and not outcome.already_imported:
        await store.audience.replace(account.id, audience)
    stored = await store.snapshots.account_columns(account.id)
    report = net_report(stored, 7)
    days = parsed.daily.index
    log.info("Imported %s into @%s: %s", filename, account.handle, outcome)
    return ImportSummary(
        filename=filename,
        handle=account.handle,
        detected=[(f.name, format_title(f.format)) for f in parsed.files],
        outcome=outcome,
        first_day=days[0].date() if len(days) else None,
        last_day=days[-1].date() if len(days) else None,
        notes=notes,
        skipped=parsed.skipped,
        total=latest_total(stored),
        net_7d=report.current if report else None,
        gap=report.gap if report else None,
        audience=audience,
    )
