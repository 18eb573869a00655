"""Forecasts and goal progress from stored data, computed in the heavy-work pool: the one path
/forecast, /net, /goal, the digest and the CLI share."""

from __future__ import annotations

from bot.analytics.goals import GoalProgress, Outlook, outlook_of
from bot.workers import in_worker
from storage import Account, Store


async def account_outlook(store: Store, account: Account) -> Outlook:
    columns = await store.snapshots.account_columns(account.id)
    goal = await store.goals.get(account.id)
    return await in_worker(outlook_of, columns, goal)


async def goal_progress(store: Store, account: Account) -> GoalProgress | None:
    """The account's goal progress; None (and no forecast work) without a goal."""
    if await store.goals.get(account.id) is None:
        return None
    return (await account_outlook(store, account)).goal
