"""Diagnoses from stored data: loads an account, its posts and its team, runs the rules in a
worker thread, and hands back what the renderers need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from bot.analytics.diagnose import Diagnosis, Member, diagnose
from bot.analytics.series import latest_day
from storage import Account, Store


async def diagnose_account(
    store: Store,
    account: Account,
    *,
    days: int,
    tz: str,
    end: date | None = None,
    daily: pd.DataFrame | None = None,
    posts: pd.DataFrame | None = None,
    team: Mapping[int, Member] | None = None,
) -> Diagnosis | None:
    """The diagnosis of one account over ``days`` days to ``end`` (default: its latest day);
    ``tz`` is the guild's zone, whose calendar the daily figures and post dates share. Data
    the caller already holds is passed in rather than read again."""
    if daily is None:
        daily = await store.snapshots.daily(account.id)
    end = end or latest_day(daily)
    if end is None:
        return None
    if team is None:
        others = [a for a in await store.accounts.list(account.guild_id) if a.id != account.id]
        frames = await store.snapshots.daily_many(a.id for a in others)
        posted = await store.snapshots.posts_many([account.id, *(a.id for a in others)])
        team = {a.id: Member(frames[a.id], posted[a.id], a.handle) for a in others}
        posts = posted[account.id] if posts is None else posts
    if posts is None:
        posts = await store.snapshots.posts(account.id)
    return await store.workers.run(diagnose, daily, posts, end=end, days=days, team=team, tz=tz)


async def shrinking_diagnoses(
    store: Store, accounts: Sequence[Account], shrinking: Sequence[Account], *, tz: str
) -> dict[int, Diagnosis]:
    """Each shrinking account's diagnosis over the last week, by account id, for the digest
    to name its strongest likely cause; the team's data are read once for all of them."""
    if not shrinking:
        return {}
    frames = await store.snapshots.daily_many(account.id for account in accounts)
    posted = await store.snapshots.posts_many(account.id for account in accounts)
    members = {a.id: Member(frames[a.id], posted[a.id], a.handle) for a in accounts}
    found = {}
    for account in shrinking:
        team = {a.id: members[a.id] for a in accounts if a.id != account.id}
        diagnosis = await diagnose_account(
            store,
            account,
            days=7,
            tz=tz,
            daily=frames[account.id],
            posts=posted[account.id],
            team=team,
        )
        if diagnosis is not None:
            found[account.id] = diagnosis
    return found
