"""Small facts the bot keeps between runs, by key."""

from __future__ import annotations

from sqlalchemy import select

from storage._db import Database
from storage.schema import bot_state


class StateStore:
    """Key/value state of the bot itself."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        async with self._db.engine.connect() as conn:
            return await conn.scalar(select(bot_state.c.value).where(bot_state.c.key == key))

    async def set(self, key: str, value: str) -> None:
        stmt = self._db.insert(bot_state).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        async with self._db.writes.begin() as conn:
            await conn.execute(stmt)
