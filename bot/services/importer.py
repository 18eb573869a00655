"""One upload, end to end: limits, parse off the event loop, one transaction, a summary."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.analytics.audience import AudienceSnapshot
from bot.analytics.formats import format_title, parse_upload
from bot.analytics.formats.base import ImportLimits, ParsedUpload
from bot.analytics.series import latest_total, net_report
from bot.analytics.vocabulary import AudienceKey
from bot.services.results import ImportSummary, OtherOwners
from storage import Account, Store
from storage.offload import Offload

log = logging.getLogger(__name__)


def audience_snapshot(
    parsed: dict[str, dict[str, float]], received_at: datetime
) -> AudienceSnapshot | None:
    """What a Followers export said about the audience, dated the day it was uploaded (UTC):
    gender and territories are shares on that day, active hours the means of its last days."""
    hours = parsed.get(AudienceKey.ACTIVE_HOURS, {})
    snapshot = AudienceSnapshot(
        as_of=received_at.astimezone(UTC).date(),
        hours={int(hour): value for hour, value in hours.items()},
        gender=dict(parsed.get(AudienceKey.GENDER, {})),
        territories=dict(parsed.get(AudienceKey.TERRITORIES, {})),
    )
    return None if snapshot.empty else snapshot


def _parse_and_hash(
    filename: str, data: bytes, received_at: datetime, limits: ImportLimits
) -> tuple[ParsedUpload, str]:
    """The CPU-heavy part of an import, for a worker thread."""
    parsed = parse_upload(filename, data, received_at=received_at, limits=limits)
    return parsed, hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ReadUpload:
    """An upload parsed and checked but not stored: what a confirmation waits on."""

    filename: str
    parsed: ParsedUpload
    sha256: str
    received_at: datetime

    def other_handles(self, handle: str) -> list[str]:
        """The accounts other than ``handle`` that the file (or a ZIP inside it) names."""
        return sorted({f.handle for f in self.parsed.files if f.handle and f.handle != handle})


async def read_upload(
    workers: Offload,
    filename: str,
    data: bytes,
    *,
    received_at: datetime,
    limits: ImportLimits | None = None,
) -> ReadUpload:
    """Parse one file in the worker pool; raises ``ImportFileError`` with nothing stored."""
    parsed, sha256 = await workers.run(
        _parse_and_hash, filename, data, received_at, limits or ImportLimits()
    )
    return ReadUpload(filename, parsed, sha256, received_at)


async def other_owners(store: Store, account: Account, upload: ReadUpload) -> OtherOwners:
    """Which other accounts the upload names, split by whether this server tracks them."""
    tracked, unknown = [], []
    for handle in upload.other_handles(account.handle):
        if await store.accounts.get(account.guild_id, handle) is not None:
            tracked.append(handle)
        else:
            unknown.append(handle)
    return OtherOwners(tracked, unknown)


class NamedElsewhere(Exception):
    """The upload names another account: refused, or waiting for a confirmation."""

    def __init__(self, owners: OtherOwners) -> None:
        super().__init__(", ".join(owners.tracked + owners.unknown))
        self.owners = owners


async def import_file(
    store: Store,
    account: Account,
    filename: str,
    data: bytes,
    *,
    received_at: datetime,
    limits: ImportLimits | None = None,
    force: bool = False,
) -> ImportSummary:
    """Import one file for one account. Raises ``ImportFileError`` when the file cannot be
    read and ``NamedElsewhere`` when it names another account this server tracks, or (unless
    ``force``) one it does not; nothing is stored then."""
    upload = await read_upload(
        store.workers, filename, data, received_at=received_at, limits=limits
    )
    owners = await other_owners(store, account, upload)
    if owners.tracked or (owners.unknown and not force):
        raise NamedElsewhere(owners)
    return await store_upload(store, account, upload)


async def store_upload(store: Store, account: Account, upload: ReadUpload) -> ImportSummary:
    """Store a parsed upload for one account, in one transaction; the caller has made sure
    it belongs there (``other_owners``)."""
    parsed, received_at, filename = upload.parsed, upload.received_at, upload.filename
    outcome = await store.uploads.ingest(
        account.id,
        sha256=upload.sha256,
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
        detected=[(f.name, f.format) for f in parsed.files],
        outcome=outcome,
        first_day=days[0].date() if len(days) else None,
        last_day=days[-1].date() if len(days) else None,
        notes=list(parsed.notes),
        skipped=parsed.skipped,
        total=latest_total(stored),
        net_7d=report.current if report else None,
        gap=report.gap if report else None,
        audience=audience,
        confirmed_others=upload.other_handles(account.handle),
    )
