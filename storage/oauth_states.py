"""Consents in progress: each OAuth state's binding, taken exactly once; ``store.oauth_states``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from storage._db import Database, as_utc
from storage.schema import oauth_states


@dataclass(frozen=True)
class OAuthState:
    guild_id: int
    account_id: int
    user_id: int
    expires_at: datetime


class OAuthStateStore:
    """OAuth states, stored by hash only: the state itself travels through the browser."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        state_hash: str,
        *,
        guild_id: int,
        account_id: int,
        user_id: int,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """Record a consent in progress, and forget the ones that expired unused."""
        async with self._db.writes.begin() as conn:
            await conn.execute(delete(oauth_states).where(oauth_states.c.expires_at < now))
            await conn.execute(
                oauth_states.insert().values(
                    state_hash=state_hash,
                    guild_id=guild_id,
                    account_id=account_id,
                    user_id=user_id,
                    expires_at=expires_at,
                )
            )

    async def take(self, state_hash: str) -> OAuthState | None:
        """The state's binding, deleted by the same statement: of callbacks racing with one
        state, in one process or several, exactly one gets it."""
        stmt = (
            delete(oauth_states)
            .where(oauth_states.c.state_hash == state_hash)
            .returning(
                oauth_states.c.guild_id,
                oauth_states.c.account_id,
                oauth_states.c.user_id,
                oauth_states.c.expires_at,
            )
        )
        async with self._db.writes.begin() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None:
            return None
        return OAuthState(row.guild_id, row.account_id, row.user_id, as_utc(row.expires_at))
