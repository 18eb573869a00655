"""TikTok Studio ``FollowerHistory``: the follower total each day.

The "Difference in followers from previous day" column is never stored: real exports disagree
on whether it is the change since the day before or to the next day. It is only compared
with the totals, and the note says which this file used.
"""

from __future__ import annotations

import numpy as np

from bot.analytics.formats import _studio
from bot.analytics.formats._daily import daily
from bot.analytics.formats._dates import daily_dates
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table
from bot.analytics.formats._values import counts, loose_numbers
from bot.analytics.formats.base import FileNote, ImportNote, ParsedFile

SECTION = "FollowerHistory"
HEADER = _studio.header("Date", "Followers", "Difference in followers from previous day")
DATE, FOLLOWERS, DIFFERENCE = HEADER


def detect(name: str, keys: tuple[str, ...]) -> bool:
    return _studio.matches(name, keys, SECTION, HEADER)


def _difference_note(
    name: str, days: np.ndarray, totals: np.ndarray, given: np.ndarray
) -> FileNote:
    """Which convention the Difference column follows, judged on consecutive known days.

    All arrays are per unique day, sorted; ``totals`` and ``given`` are floats, NaN if unknown.
    """
    consecutive = np.diff(days) == np.timedelta64(1, "D")
    change = np.where(consecutive, np.diff(totals), np.nan)  # F[D+1] - F[D], at D
    since = np.append(np.nan, change)  # F[D] - F[D-1], at D
    until = np.append(change, np.nan)
    checked = []
    for change_at_day in (since, until):
        usable = ~np.isnan(given) & ~np.isnan(change_at_day)
        checked.append((int(usable.sum()), int((given[usable] == change_at_day[usable]).sum())))
    (n_since, ok_since), (n_until, ok_until) = checked
    if n_since == n_until == 0:
        return FileNote(ImportNote.DIFFERENCE_UNCHECKED, name)
    fits_since = n_since > 0 and ok_since == n_since
    fits_until = n_until > 0 and ok_until == n_until
    if fits_since and fits_until:
        return FileNote(ImportNote.DIFFERENCE_EITHER, name)
    if fits_since:
        return FileNote(ImportNote.DIFFERENCE_SINCE, name, {"days": n_since})
    if fits_until:
        return FileNote(ImportNote.DIFFERENCE_UNTIL, name, {"days": n_until})
    return FileNote(
        ImportNote.DIFFERENCE_IGNORED,
        name,
        {"since_ok": ok_since, "since_days": n_since, "until_ok": ok_until, "until_days": n_until},
    )


def parse(table: Table, context: Context) -> ParsedFile:
    table, notes = _studio.conform(table, SECTION, HEADER)
    days, inferred = daily_dates(table.column(DATE), table, table.label(DATE), context)
    frame = daily(table, days, {"followers": counts(table, FOLLOWERS)}, context)
    unique_days, firsts = np.unique(days, return_index=True)  # as ``daily`` kept them
    given = loose_numbers(table.column(DIFFERENCE))[firsts]  # unreadable: left out of the check
    totals = frame["followers"].to_numpy(dtype=float, na_value=np.nan)
    difference = _difference_note(table.name, unique_days, totals, given)
    notes += [inferred, difference] if inferred else [difference]
    return ParsedFile(
        name=table.name, format=FORMAT.name, daily=frame, posts=no_posts(), notes=notes
    )


FORMAT = FormatSpec(
    name="tiktok_studio_follower_history",
    label="FollowerHistory",
    detect=detect,
    parse=parse,
)
