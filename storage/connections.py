"""TikTok connections: sealed tokens, refresh claims and status; ``store.connections``.

Tokens arrive here already encrypted: this module never sees one in clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.analytics.vocabulary import SourceKind
from storage._db import Database, as_utc
from storage.schema import accounts, tiktok_connections

CONNECTED = "connected"
DISCONNECTED = "disconnected"


class Reseal(StrEnum):
    """What re-encrypting one connection's tokens under a new key came to."""

    DONE = "done"
    CHANGED = "changed"  # a refresh stored new tokens meanwhile, sealed under the new key
    BUSY = "busy"  # a refresh is under way: left as it is, for another run


@dataclass(frozen=True)
class SealedTokens:
    """Tokens as stored: each one Fernet-encrypted."""

    open_id: str
    scopes: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


@dataclass(frozen=True)
class StoredSeal:
    """A connection's sealed tokens alone, for checking and re-encrypting them."""

    account_id: int
    access_token: str
    refresh_token: str


@dataclass(frozen=True)
class Connection:
    account_id: int
    tokens: SealedTokens
    status: str
    reason: str | None
    connected_by: int
    connected_at: datetime
    last_pull_at: datetime | None
    expiry_noticed_for: datetime | None
    refresh_unanswered_at: datetime | None = None
    api: SourceKind = SourceKind.TIKTOK_DISPLAY

    @property
    def connected(self) -> bool:
        return self.status == CONNECTED


class ConnectionStore:
    """One connection per account: its sealed tokens, who may refresh them, and its state."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(
        self,
        account_id: int,
        tokens: SealedTokens,
        *,
        connected_by: int,
        now: datetime,
        api: SourceKind = SourceKind.TIKTOK_DISPLAY,
    ) -> None:
        """Connect (or reconnect) an account with fresh tokens for ``api``."""
        values = {
            **_token_values(tokens),
            "api": api.value,
            "status": CONNECTED,
            "reason": None,
            "connected_by": connected_by,
            "connected_at": now,
            "expiry_noticed_for": None,
            "refresh_claim": None,
            "refresh_claimed_until": None,
            "refresh_unanswered_at": None,
        }
        stmt = self._db.insert(tiktok_connections).values(account_id=account_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=["account_id"], set_=values)
        async with self._db.writes.begin() as conn:
            await conn.execute(stmt)

    async def claim_refresh(
        self, account_id: int, claim: str, *, now: datetime, until: datetime
    ) -> Connection | None:
        """Become the one refreshing this connection's tokens, in every process, until
        ``until`` (a claim left by a process that died lapses then). The connection as it
        stands once claimed, or None while someone else holds the claim."""
        table = tiktok_connections
        async with self._db.writes.begin() as conn:
            claimed = await conn.execute(
                update(table)
                .where(
                    table.c.account_id == account_id,
                    table.c.status == CONNECTED,
                    or_(
                        table.c.refresh_claimed_until.is_(None),
                        table.c.refresh_claimed_until <= now,
                    ),
                )
                .values(refresh_claim=claim, refresh_claimed_until=until)
            )
            if not claimed.rowcount:
                return None
            row = (await conn.execute(select(table).where(table.c.account_id == account_id))).one()
        return _connection(row)

    async def finish_refresh(self, account_id: int, *, spent: str, tokens: SealedTokens) -> bool:
        """Store refreshed tokens and end any claim, only if the stored refresh token is still
        ``spent`` (the one sent): a late answer never overwrites newer tokens, and an answer
        that arrives after its claim lapsed is still kept (TikTok spent the old token)."""
        table = tiktok_connections
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(table)
                .where(table.c.account_id == account_id, table.c.refresh_token == spent)
                .values(
                    **_token_values(tokens),
                    refresh_claim=None,
                    refresh_claimed_until=None,
                    refresh_unanswered_at=None,
                )
            )
        return bool(result.rowcount)

    async def release_refresh(
        self, account_id: int, claim: str, *, unanswered_at: datetime | None = None
    ) -> None:
        """Give up the claim without new tokens; ``unanswered_at`` records a refresh whose
        answer was lost."""
        table = tiktok_connections
        values: dict[str, Any] = {"refresh_claim": None, "refresh_claimed_until": None}
        if unanswered_at is not None:
            values["refresh_unanswered_at"] = unanswered_at
        async with self._db.writes.begin() as conn:
            await conn.execute(
                update(table)
                .where(table.c.account_id == account_id, table.c.refresh_claim == claim)
                .values(**values)
            )

    async def sealed(self) -> list[StoredSeal]:
        """Every connection's sealed tokens."""
        table = tiktok_connections
        query = select(table.c.account_id, table.c.access_token, table.c.refresh_token)
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(table.c.account_id))).all()
        return [StoredSeal(*row) for row in rows]

    async def reseal(self, before: StoredSeal, after: StoredSeal, now: datetime) -> Reseal:
        """Store the same tokens sealed under another key, unless they changed meanwhile (a
        refresh stored new ones, which are sealed under the new key already) or a refresh is
        under way (its answer will be stored only over the tokens it read: resealing them now
        would make it drop the new tokens after TikTok spent the old refresh token)."""
        table = tiktok_connections
        same = and_(
            table.c.account_id == before.account_id,
            table.c.access_token == before.access_token,
            table.c.refresh_token == before.refresh_token,
        )
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(table)
                .where(
                    same,
                    or_(
                        table.c.refresh_claimed_until.is_(None),
                        table.c.refresh_claimed_until <= now,
                    ),
                )
                .values(access_token=after.access_token, refresh_token=after.refresh_token)
            )
            if result.rowcount:
                return Reseal.DONE
            busy = (await conn.execute(select(table.c.account_id).where(same))).first()
        return Reseal.BUSY if busy else Reseal.CHANGED

    async def get(self, account_id: int) -> Connection | None:
        async with self._db.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(tiktok_connections).where(tiktok_connections.c.account_id == account_id)
                )
            ).first()
        return _connection(row) if row else None

    async def of_guild(self, guild_id: int) -> dict[int, Connection]:
        """The guild's connections (connected or not) by account id."""
        query = (
            select(tiktok_connections)
            .join(accounts, accounts.c.id == tiktok_connections.c.account_id)
            .where(accounts.c.guild_id == guild_id)
        )
        async with self._db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row.account_id: _connection(row) for row in rows}

    async def connected_accounts(self, api: SourceKind = SourceKind.TIKTOK_DISPLAY) -> list[int]:
        """The accounts whose working connection goes through ``api``."""
        table = tiktok_connections
        async with self._db.engine.connect() as conn:
            rows = await conn.execute(
                select(table.c.account_id)
                .where(table.c.status == CONNECTED, table.c.api == api.value)
                .order_by(table.c.account_id)
            )
            return [row[0] for row in rows]

    async def mark_disconnected(self, account_id: int, reason: str) -> bool:
        """Stop pulling an account; True only for the call that changed it (so a notice about
        it is given once, whichever process notices first)."""
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(tiktok_connections)
                .where(
                    tiktok_connections.c.account_id == account_id,
                    tiktok_connections.c.status == CONNECTED,
                )
                .values(status=DISCONNECTED, reason=reason)
            )
        return bool(result.rowcount)

    async def in_use(self, open_id: str, api: SourceKind = SourceKind.TIKTOK_DISPLAY) -> bool:
        """Whether a working connection (of any server) holds tokens of this TikTok user for
        ``api`` (each API's app has its own grants)."""
        table = tiktok_connections
        query = select(table.c.account_id).where(
            table.c.open_id == open_id, table.c.status == CONNECTED, table.c.api == api.value
        )
        async with self._db.engine.connect() as conn:
            found = await conn.scalar(query.limit(1))
        return found is not None

    async def forget(self, account_id: int) -> None:
        async with self._db.writes.begin() as conn:
            await conn.execute(
                delete(tiktok_connections).where(tiktok_connections.c.account_id == account_id)
            )

    async def note_expiry_notice(self, account_id: int, refresh_expires_at: datetime) -> bool:
        """Record the week-ahead notice for this refresh expiry; True only the first time."""
        column = tiktok_connections.c.expiry_noticed_for
        async with self._db.writes.begin() as conn:
            result = await conn.execute(
                update(tiktok_connections)
                .where(
                    tiktok_connections.c.account_id == account_id,
                    or_(column.is_(None), column != refresh_expires_at),
                )
                .values(expiry_noticed_for=refresh_expires_at)
            )
        return bool(result.rowcount)

    @staticmethod
    async def mark_pulled(conn: AsyncConnection, account_id: int, at: datetime) -> None:
        """Stamp the connection's last pull, inside the pull's transaction."""
        await conn.execute(
            update(tiktok_connections)
            .where(tiktok_connections.c.account_id == account_id)
            .values(last_pull_at=at)
        )


def _token_values(tokens: SealedTokens) -> dict[str, Any]:
    return {
        "open_id": tokens.open_id,
        "scopes": tokens.scopes,
        "access_token": tokens.access_token,
        "access_expires_at": tokens.access_expires_at,
        "refresh_token": tokens.refresh_token,
        "refresh_expires_at": tokens.refresh_expires_at,
    }


def _connection(row: Any) -> Connection:
    return Connection(
        account_id=row.account_id,
        tokens=SealedTokens(
            open_id=row.open_id,
            scopes=row.scopes,
            access_token=row.access_token,
            access_expires_at=as_utc(row.access_expires_at),
            refresh_token=row.refresh_token,
            refresh_expires_at=as_utc(row.refresh_expires_at),
        ),
        status=row.status,
        reason=row.reason,
        connected_by=row.connected_by,
        connected_at=as_utc(row.connected_at),
        last_pull_at=as_utc(row.last_pull_at) if row.last_pull_at else None,
        expiry_noticed_for=as_utc(row.expiry_noticed_for) if row.expiry_noticed_for else None,
        refresh_unanswered_at=(
            as_utc(row.refresh_unanswered_at) if row.refresh_unanswered_at else None
        ),
        api=SourceKind(row.api),
    )
