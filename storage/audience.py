"""What Followers exports say about an account's audience, by the day each was uploaded, and
what TikTok's API for Business says, by the day it describes."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, func, insert, select

from bot.analytics.audience import AudienceSnapshot, LatestAudience
from bot.analytics.vocabulary import ShareKind, SnapshotSource
from storage._db import Database
from storage.schema import audience_hours, audience_shares


class AudienceStore:
    """Audience snapshots by upload day."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def replace(self, account_id: int, snapshot: AudienceSnapshot) -> None:
        """Store the parts the snapshot has, replacing those parts for its day (an upload the
        same day supersedes the earlier one); parts it lacks are left as they were."""
        shares: Mapping[ShareKind, Mapping[str, float]] = {
            ShareKind.GENDER: snapshot.gender,
            ShareKind.TERRITORY: snapshot.territories,
        }
        key = {"account_id": account_id, "as_of": snapshot.as_of, "source": snapshot.source}
        async with self._db.writes.begin() as conn:
            if snapshot.hours:
                await conn.execute(
                    delete(audience_hours).where(
                        audience_hours.c.account_id == account_id,
                        audience_hours.c.as_of == snapshot.as_of,
                    )
                )
                await conn.execute(
                    insert(audience_hours),
                    [key | {"hour": h, "active": v} for h, v in sorted(snapshot.hours.items())],
                )
            for kind, values in shares.items():
                if not values:
                    continue
                await conn.execute(
                    delete(audience_shares).where(
                        audience_shares.c.account_id == account_id,
                        audience_shares.c.as_of == snapshot.as_of,
                        audience_shares.c.kind == kind,
                    )
                )
                await conn.execute(
                    insert(audience_shares),
                    [key | {"kind": kind, "label": k, "share": v} for k, v in values.items()],
                )

    async def latest(self, account_id: int) -> LatestAudience:
        async with self._db.engine.connect() as conn:
            newest_hours = await conn.scalar(
                select(func.max(audience_hours.c.as_of)).where(
                    audience_hours.c.account_id == account_id
                )
            )
            hours = None
            if newest_hours is not None:
                rows = (
                    await conn.execute(
                        select(
                            audience_hours.c.hour, audience_hours.c.active, audience_hours.c.source
                        ).where(
                            audience_hours.c.account_id == account_id,
                            audience_hours.c.as_of == newest_hours,
                        )
                    )
                ).all()
                hours = AudienceSnapshot(
                    newest_hours,
                    hours={int(h): v for h, v, _ in rows},
                    source=SnapshotSource(rows[0].source),
                )
            parts: dict[ShareKind, AudienceSnapshot | None] = {}
            for kind in ShareKind:
                newest = await conn.scalar(
                    select(func.max(audience_shares.c.as_of)).where(
                        audience_shares.c.account_id == account_id,
                        audience_shares.c.kind == kind,
                    )
                )
                if newest is None:
                    parts[kind] = None
                    continue
                shares_of = await conn.execute(
                    select(
                        audience_shares.c.label, audience_shares.c.share, audience_shares.c.source
                    )
                    .where(
                        audience_shares.c.account_id == account_id,
                        audience_shares.c.as_of == newest,
                        audience_shares.c.kind == kind,
                    )
                    .order_by(audience_shares.c.share.desc(), audience_shares.c.label)
                )
                found = shares_of.all()
                values = {label: share for label, share, _ in found}
                source = SnapshotSource(found[0].source)
                parts[kind] = (
                    AudienceSnapshot(newest, gender=values, source=source)
                    if kind == ShareKind.GENDER
                    else AudienceSnapshot(newest, territories=values, source=source)
                )
        return LatestAudience(hours, parts[ShareKind.GENDER], parts[ShareKind.TERRITORY])
