"""Forecasts and goal progress from stored data, computed in the heavy-work pool: the one path
/forecast, /net, /goal, the digest and the CLI share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.analytics.goals import Goal, GoalProgress, Outlook, outlook_of
from bot.analytics.series import Daily
from storage import Account, Store


async def account_outlook(store: Store, account: Account, today: date) -> Outlook:
    """``today``: the server's date, from which projections and target dates count."""
    columns = await store.snapshots.account_columns(account.id)
    goal = await store.goals.get(account.id)
    return await store.workers.run(outlook_of, columns, goal, today)


async def goal_outlooks(
    store: Store, accounts: Sequence[Account], goals: Mapping[int, Goal], today: date
) -> dict[int, Outlook]:
    """Each account's outlook against its goal (``goals`` by account id), all forecast in one
    worker job rather than one job per account."""
    columns = {a.id: await store.snapshots.account_columns(a.id) for a in accounts}
    return await store.workers.run(
        lambda: {a.id: outlook_of(columns[a.id], goals.get(a.id), today) for a in accounts}
    )


async def goal_progress(
    store: Store, account: Account, daily: Daily, today: date
) -> GoalProgress | None:
    """The account's goal progress from the data the caller already read; None (and no
    forecast work) without a goal."""
    goal = await store.goals.get(account.id)
    if goal is None:
        return None
    return (await store.workers.run(outlook_of, daily, goal, today)).goal
