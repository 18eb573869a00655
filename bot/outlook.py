"""Forecasts and goal progress from stored data, computed in the heavy-work pool: the one path
/forecast, /net, /goal, the digest and the CLI share."""

from __future__ import annotations

from dataclasses import dataclass

from bot.analytics.forecast import Forecast, TooLittleData, forecast
from bot.analytics.goals import Goal, GoalProgress, progress
from bot.analytics.series import FollowerColumns, latest_total
from bot.workers import in_worker
from storage import Account, Store, StoredGoal


@dataclass(frozen=True)
class Outlook:
    forecast: Forecast | TooLittleData
    goal: GoalProgress | None


def outlook_of(columns: FollowerColumns, goal: StoredGoal | None) -> Outlook:
    """An account's forecast and, when it has a goal, its progress (for a worker thread)."""
    projected = forecast(columns)
    if goal is None:
        return Outlook(projected, None)
    progress_now = progress(Goal(goal.followers, goal.by), projected, latest_total(columns))
    return Outlook(projected, progress_now)


async def account_outlook(store: Store, account: Account) -> Outlook:
    columns = await store.account_columns(account.id)
    goal = await store.goals.get(account.id)
    return await in_worker(outlook_of, columns, goal)


async def goal_progress(store: Store, account: Account) -> GoalProgress | None:
    """The account's goal progress; None (and no forecast work) without a goal."""
    if await store.goals.get(account.id) is None:
        return None
    return (await account_outlook(store, account)).goal
