"""Forecasts and goal progress from stored data, computed in the heavy-work pool: the one path
/forecast, /net, /goal, the digest and the CLI share."""

from __future__ import annotations

from datetime import date

from bot.analytics.goals import GoalProgress, Outlook, outlook_of
from bot.analytics.series import Daily
from storage import Account, Store


async def account_outlook(store: Store, account: Account, today: date) -> Outlook:
    """``today``: the server's date, from which projections and target dates count."""
    columns = await store.snapshots.account_columns(account.id)
    goal = await store.goals.get(account.id)
    return await store.workers.run(outlook_of, columns, goal, today)


async def goal_progress(
    store: Store, account: Account, daily: Daily, today: date
) -> GoalProgress | None:
    """The account's goal progress from the data the caller already read; None (and no
    forecast work) without a goal."""
    goal = await store.goals.get(account.id)
    if goal is None:
        return None
    return (await store.workers.run(outlook_of, daily, goal, today)).goal
