"""TikTok Studio ``FollowerActivity``: active followers by hour, last 7 days only.

Kept as a snapshot (each hour's average over the days given): seven days of hours is not a
history of follower totals, so the dates themselves are not needed.
"""

from __future__ import annotations

import numpy as np

from bot.analytics.formats import _studio
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table, first
from bot.analytics.formats._values import counts
from bot.analytics.formats.base import ImportProblem, ParsedFile
from bot.analytics.vocabulary import AudienceKey

SECTION = "FollowerActivity"
HEADER = _studio.header("Date", "Hour", "Active followers")
_, HOUR, ACTIVE = HEADER


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return _studio.matches(name, keys, SECTION, HEADER)


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _studio.conform(table, SECTION, HEADER)
    hours = counts(table, HOUR).to_numpy(dtype=np.int64, na_value=-1)
    outside = (hours < 0) | (hours > 23)
    if outside.any():
        at = first(outside)
        raise table.error(ImportProblem.BAD_HOUR, at, value=str(table.column(HOUR)[at]))
    active = counts(table, ACTIVE).to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(active)
    totals = np.bincount(hours[known], weights=active[known], minlength=24)
    days = np.bincount(hours[known], minlength=24)
    means = {str(hour): float(totals[hour] / days[hour]) for hour in np.flatnonzero(days)}
    return ParsedFile(
        name=table.name,
        format=FORMAT.name,
        daily=no_daily(),
        posts=no_posts(),
        audience={AudienceKey.ACTIVE_HOURS: means},
        notes=notes,
    )


FORMAT = FormatSpec(
    name="tiktok_studio_follower_activity",
    label="FollowerActivity",
    detect=detect,
    parse=parse,
)
