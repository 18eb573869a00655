"""Diagnoses from stored data: loads an account, its posts and its team, runs the rules in a
worker thread, and hands back what the renderers need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from bot.analytics.diagnose import Cause, Diagnosis, Member, diagnose
from bot.analytics.series import latest_day
from bot.render.audience import with_best_hours
from bot.render.diagnosis import alert_lines, top_cause
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
    team: Mapping[str, Member] | None = None,
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
        team = {a.handle: Member(frames[a.id], posted[a.id]) for a in others}
        posts = posted[account.id] if posts is None else posts
    if posts is None:
        posts = await store.snapshots.posts(account.id)
    return await store.workers.run(diagnose, daily, posts, end=end, days=days, team=team, tz=tz)


async def top_causes(
    store: Store,
    accounts: Sequence[Account],
    shrinking: Sequence[Account],
    *,
    tz: str,
    best_hours: Mapping[int, str] | None = None,
) -> dict[str, str]:
    """For each shrinking account, its strongest likely cause (one line for the digest); an
    account gone quiet is told its followers' busiest hours when ``best_hours`` has them."""
    if not shrinking:
        return {}
    frames = await store.snapshots.daily_many(account.id for account in accounts)
    posted = await store.snapshots.posts_many(account.id for account in accounts)
    members = {a.id: Member(frames[a.id], posted[a.id]) for a in accounts}
    causes = {}
    for account in shrinking:
        team = {a.handle: members[a.id] for a in accounts if a.id != account.id}
        diagnosis = await diagnose_account(
            store,
            account,
            days=7,
            tz=tz,
            daily=frames[account.id],
            posts=posted[account.id],
            team=team,
        )
        line = top_cause(diagnosis) if diagnosis else None
        hours = (best_hours or {}).get(account.id)
        if (
            line
            and hours
            and diagnosis
            and diagnosis.top
            and diagnosis.top.cause is Cause.INACTIVITY
        ):
            line = with_best_hours(line, hours)
        if line:
            causes[account.handle] = line
    return causes


async def alert_findings(store: Store, account: Account, end: date, *, tz: str) -> list[str]:
    """The lines an alert carries about why the account is shrinking."""
    diagnosis = await diagnose_account(store, account, days=7, tz=tz, end=end)
    return alert_lines(diagnosis) if diagnosis else []
