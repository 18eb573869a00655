"""What a per-aggregate repository takes from the Store: its engines, opened later."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass(frozen=True)
class Engines:
    """``reads`` and ``writes`` are asked for at each use: the Store connects in ``open()``,
    after its repositories were made."""

    reads: Callable[[], AsyncEngine]
    writes: Callable[[], AsyncEngine]

    def insert(self, table: Any) -> Any:
        """An INSERT that understands ON CONFLICT on both supported databases."""
        dialect = postgresql if self.reads().dialect.name == "postgresql" else sqlite
        return dialect.insert(table)
