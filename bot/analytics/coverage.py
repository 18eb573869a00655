"""Which accounts the bot knows too little about: none of their data yet, or none lately."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

#: /help names accounts whose newest data is at least this old.
QUIET_DAYS = 7


@dataclass(frozen=True)
class Coverage:
    tracked: int
    without_data: list[str]  # handles with no data at all
    quiet: list[str]  # handles whose newest data is QUIET_DAYS or more old


def coverage(latest: Mapping[str, date | None], *, today: date) -> Coverage:
    """``latest``: each handle's newest day with data (None: none yet)."""
    without = sorted(handle for handle, day in latest.items() if day is None)
    quiet = sorted(
        handle
        for handle, day in latest.items()
        if day is not None and (today - day).days >= QUIET_DAYS
    )
    return Coverage(len(latest), without, quiet)
