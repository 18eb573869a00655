"""The outbox: one row per message the bot means to send, claimed before it is sent, so no
message goes out twice and one cut short can be finished or retried."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, update

from bot.analytics.vocabulary import (
    OPEN_STATUSES,
    DeliveryStatus,
    MessageKind,
    parse_alert_period,
    parts_prefix,
)
from storage._db import Database, as_utc
from storage.schema import deliveries


@dataclass(frozen=True)
class Delivery:
    id: int
    kind: MessageKind
    target: str
    period: str
    guild_id: int
    status: DeliveryStatus
    message_id: int | None
    claimed_at: datetime
    # The failure reason once finished; a queued digest part's message while it waits.
    detail: str | None = None
    account_id: int | None = None
    # Who holds the claim and until when; a claim whose lease ran out is anybody's to settle.
    claimed_by: str | None = None
    lease_until: datetime | None = None

    def held_by_another(self, owner: str, now: datetime) -> bool:
        """Whether a live process other than ``owner`` still holds this claim."""
        return self.claimed_by != owner and self.lease_until is not None and self.lease_until > now


@dataclass(frozen=True)
class Lease:
    """A process's hold on the claims it makes: its id, and the time its hold ends."""

    owner: str
    until: datetime


class DeliveryStore:
    """Claims, queued parts and their outcomes."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(
        self,
        kind: MessageKind,
        target: str,
        period: str,
        *,
        guild_id: int,
        now: datetime,
        lease: Lease | None = None,
        account_id: int | None = None,
    ) -> Delivery | None:
        """Claim the right to send one message; ``None`` when it was claimed before.
        ``lease``: the claiming process's hold, renewed while it lives (without one, the claim
        can be settled at once); ``account_id``: the account the message is about; removing it
        removes the claim."""
        stmt = (
            self._db.insert(deliveries)
            .values(
                kind=kind,
                target=target,
                period=period,
                guild_id=guild_id,
                account_id=account_id,
                status=DeliveryStatus.CLAIMED,
                claimed_at=now,
                **_held_by(lease),
            )
            .on_conflict_do_nothing(index_elements=["kind", "target", "period"])
        )
        async with self._db.writes.begin() as conn:
            result = await conn.execute(stmt)
            if result.rowcount != 1:
                return None
            row = (await conn.execute(_delivery_named(kind, target, period))).mappings().one()
        return _delivery(row)

    async def queue(
        self,
        kind: MessageKind,
        target: str,
        parts: Sequence[tuple[str, str]],
        *,
        guild_id: int,
        now: datetime,
    ) -> bool:
        """Queue every part of a multi-part message, each ``(period, message)``, in one go, so
        a send cut short can finish the same parts later; ``False`` when queued before."""
        rows = [
            {
                "kind": kind,
                "target": target,
                "period": period,
                "guild_id": guild_id,
                "status": DeliveryStatus.QUEUED,
                "detail": message,
                "claimed_at": now,
            }
            for period, message in parts
        ]
        insert_once = self._db.insert(deliveries).on_conflict_do_nothing(
            index_elements=["kind", "target", "period"]
        )
        async with self._db.writes.begin() as conn:
            if not rows or (await conn.execute(insert_once.values(**rows[0]))).rowcount != 1:
                return False
            for row in rows[1:]:
                await conn.execute(insert_once.values(**row))
        return True

    async def take(self, delivery_id: int, *, now: datetime, lease: Lease | None = None) -> bool:
        """Claim a queued part for sending; ``False`` when another run took it first."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id, deliveries.c.status == DeliveryStatus.QUEUED)
                .values(status=DeliveryStatus.CLAIMED, claimed_at=now, **_held_by(lease))
            )
        return bool(result.rowcount == 1)

    async def requeue(self, delivery_id: int, *, now: datetime, by: str) -> bool:
        """Put a claimed part whose message never arrived back in the queue, unless another
        live process holds it (``by``: the process asking); ``True`` when it went back."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery_id,
                    deliveries.c.status == DeliveryStatus.CLAIMED,
                    _free_for(by, now),
                )
                .values(status=DeliveryStatus.QUEUED, claimed_by=None, lease_until=None)
            )
        return bool(result.rowcount == 1)

    async def renew(self, lease: Lease) -> int:
        """Extend a live process's hold on every claim it still has; how many it has."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.claimed_by == lease.owner,
                    deliveries.c.status == DeliveryStatus.CLAIMED,
                )
                .values(lease_until=lease.until)
            )
        return int(result.rowcount)

    async def let_go(self, owner: str, delivery_id: int | None = None) -> None:
        """End a process's hold on its claims (on one, if given), so that they can be settled:
        when a send failed, and when the process stops."""
        query = update(deliveries).where(
            deliveries.c.claimed_by == owner, deliveries.c.status == DeliveryStatus.CLAIMED
        )
        if delivery_id is not None:
            query = query.where(deliveries.c.id == delivery_id)
        async with self._db.writes.begin() as conn:
            await conn.execute(query.values(lease_until=None))

    async def parts(self, kind: MessageKind, target: str, period: str) -> list[Delivery]:
        """Every part of one multi-part message (periods ``period/1``, ``period/2``...), in
        the order they were queued."""
        async with self._db.engine.connect() as conn:
            rows = (
                (
                    await conn.execute(
                        select(deliveries)
                        .where(
                            deliveries.c.kind == kind,
                            deliveries.c.target == target,
                            deliveries.c.period.startswith(parts_prefix(period), autoescape=True),
                        )
                        .order_by(deliveries.c.id)
                    )
                )
                .mappings()
                .all()
            )
        return [_delivery(row) for row in rows]

    async def pending(
        self, kinds: Sequence[MessageKind], *, target: str | None = None
    ) -> list[Delivery]:
        """Queued or claimed deliveries of these kinds (to one target if given), oldest first."""
        query = select(deliveries).where(
            deliveries.c.kind.in_(kinds), deliveries.c.status.in_(OPEN_STATUSES)
        )
        if target is not None:
            query = query.where(deliveries.c.target == target)
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(deliveries.c.id))).mappings().all()
        return [_delivery(row) for row in rows]

    async def finish(
        self,
        delivery_id: int,
        *,
        status: DeliveryStatus,
        now: datetime,
        message_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        async with self._db.writes.begin() as conn:
            await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == delivery_id)
                .values(status=status, message_id=message_id, detail=detail, finished_at=now)
            )

    async def release(self, delivery_id: int, *, now: datetime, by: str) -> bool:
        """Forget a claim whose message was never sent, so it can be claimed again, unless
        another live process holds it (``by``: the process asking); ``True`` when forgotten."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                delete(deliveries).where(
                    deliveries.c.id == delivery_id,
                    deliveries.c.status == DeliveryStatus.CLAIMED,
                    _free_for(by, now),
                )
            )
        return bool(result.rowcount == 1)

    async def unfinished(self, *, now: datetime) -> list[Delivery]:
        """Claims never marked sent or failed whose lease ran out: the process that made them
        stopped, or gave them up, mid-send."""
        async with self._db.engine.connect() as conn:
            rows = (
                (
                    await conn.execute(
                        select(deliveries)
                        .where(deliveries.c.status == DeliveryStatus.CLAIMED, _lapsed(now))
                        .order_by(deliveries.c.id)
                    )
                )
                .mappings()
                .all()
            )
        return [_delivery(row) for row in rows]

    async def last_alert_day(self, account_id: int) -> date | None:
        """The data day of the newest alert claimed for an account (the newest period key,
        since each is the account's id and an ISO day)."""
        async with self._db.engine.connect() as conn:
            period = await conn.scalar(
                select(func.max(deliveries.c.period)).where(
                    deliveries.c.kind == MessageKind.ALERT, deliveries.c.account_id == account_id
                )
            )
        return parse_alert_period(period)[1] if period else None

    async def get(self, kind: MessageKind, target: str, period: str) -> Delivery | None:
        async with self._db.engine.connect() as conn:
            row = (await conn.execute(_delivery_named(kind, target, period))).mappings().first()
        return _delivery(row) if row else None


def _delivery_named(kind: MessageKind, target: str, period: str) -> Select[Any]:
    """The delivery row with this (kind, target, period), its natural key."""
    return select(deliveries).where(
        deliveries.c.kind == kind,
        deliveries.c.target == target,
        deliveries.c.period == period,
    )


def _held_by(lease: Lease | None) -> dict[str, Any]:
    return {"claimed_by": lease.owner, "lease_until": lease.until} if lease else {}


def _lapsed(now: datetime) -> ColumnElement[bool]:
    """No live process holds the claim."""
    return or_(deliveries.c.lease_until.is_(None), deliveries.c.lease_until <= now)


def _free_for(owner: str, now: datetime) -> ColumnElement[bool]:
    """The claim is this process's own, or nobody's any more."""
    return or_(deliveries.c.claimed_by == owner, _lapsed(now))


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row["id"],
        kind=MessageKind(row["kind"]),
        target=row["target"],
        period=row["period"],
        guild_id=row["guild_id"],
        status=DeliveryStatus(row["status"]),
        message_id=row["message_id"],
        claimed_at=as_utc(row["claimed_at"]),
        detail=row["detail"],
        account_id=row["account_id"],
        claimed_by=row["claimed_by"],
        lease_until=as_utc(row["lease_until"]) if row["lease_until"] else None,
    )
