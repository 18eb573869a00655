"""Milestone messages: each round number an account reaches is announced once, ever.

Levels are recorded with the first day they were reached (``store.milestones``), so a dip
and a recovery, a re-upload or a re-pull finds them recorded already. The message goes through
the deliveries outbox (a milestone, its period ``{account_id}:{level}``), and a level with
any delivery of that period, to whichever channel, is never announced again, unless the data
stops showing it: a level above the highest total now stored (a mistyped count, confirmed and
then corrected) is forgotten with its claim, so it is announced when really reached. Typed
totals that break from the history are confirmed before they are stored, so a slip never
reaches this far on its own.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from bot.analytics.milestones import FRESH_DAYS, reached
from bot.analytics.series import latest_total
from bot.analytics.vocabulary import MessageKind, milestone_period, reference
from bot.services.results import MilestoneAnnouncement
from storage import Account, Store


class MilestoneNews:
    """Records the levels an account's data shows and says which are news."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def due(self, account: Account) -> list[MilestoneAnnouncement]:
        """Record what the data shows; the levels reached in the last ``FRESH_DAYS`` days of
        data that no message was claimed for yet, to the alert channel (else the digest's)."""
        columns = await self.store.snapshots.account_columns(account.id)
        found = reached(columns)
        await self.store.milestones.record(account.id, [(m.level, m.day) for m in found])
        latest = latest_total(columns)
        if latest is None:
            return []
        highest = int(np.nanmax(columns.followers))
        await self.store.milestones.forget_above(account.id, highest)
        settings = await self.store.settings.get(account.guild_id)
        channel = settings.alert_channel_id or settings.digest_channel_id
        if channel is None:
            return []
        recorded = await self.store.milestones.of_account(account.id)
        announced = await self.store.milestones.announced(account.id)
        news = []
        for level, day in sorted(recorded.items()):
            if level in announced or not _fresh(day, latest[0]):
                continue
            period = milestone_period(account.id, level)
            ref = reference(MessageKind.MILESTONE, period)
            news.append(
                MilestoneAnnouncement(channel, period, ref, account.handle, level, day, latest[1])
            )
        return news


def _fresh(day: date, latest: date) -> bool:
    return (latest - day).days < FRESH_DAYS
