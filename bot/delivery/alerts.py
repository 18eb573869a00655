"""Alerts and milestone messages: after new data, and in the daily sweep.

An alert goes to every subscriber's DMs and to the alert channel; a subscriber whose DMs are
closed is named in the alert channel instead.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from bot.analytics.alerts import ALERT_WINDOW_DAYS, AlertTrigger, alert_trigger
from bot.analytics.vocabulary import MessageKind, alert_period, note_period, reference
from bot.clock import local_today
from bot.delivery.outbox import Button, Outbox, Outgoing, channel_target, user_target
from bot.i18n.servers import ServerLanguages
from bot.render.alerts import alert_embed, closed_dm_note
from bot.render.buttons import account_action_id, account_action_label, alert_actions
from bot.render.diagnosis import alert_lines
from bot.render.outlook import milestone_embed
from bot.services import explain
from bot.services.milestone_news import MilestoneNews
from bot.services.results import MilestoneAnnouncement
from bot.shards import OwnedGuilds
from storage import Account, GuildSettings, Store

log = logging.getLogger(__name__)


class Alerts:
    """Checks accounts for an alert and for milestones reached, and sends what is due."""

    def __init__(
        self, store: Store, outbox: Outbox, *, guilds: OwnedGuilds, languages: ServerLanguages
    ) -> None:
        """``guilds``: whose accounts the daily sweep checks; ``languages``: what each
        server's alerts and news are written in."""
        self._store = store
        self._languages = languages
        self._guilds = guilds
        self._outbox = outbox
        self._milestones = MilestoneNews(store)
        self._pending: set[asyncio.Task[None]] = set()

    def after_new_data(self, account: Account) -> None:
        """Check one account for an alert and milestones after an upload or /log, in the
        background, so the command's reply never waits on DMs."""
        task = asyncio.create_task(self.check(account))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def idle(self) -> None:
        """Wait until every background alert check, and every retry of a send they cut
        short, has finished."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._outbox.idle()

    async def sweep(self) -> None:
        """The daily pass over every account, for data that arrived without a command."""
        for account in await self._store.accounts.all():
            if self._guilds.owns(account.guild_id):
                await self.check(account)

    async def check(self, account: Account) -> None:
        """Send the account's alert and milestone messages that are due, each once."""
        try:
            await self._alert(account)
        except Exception:
            log.exception("Alert check for @%s failed", account.handle)
        try:
            await self._announce_milestones(account)
        except Exception:
            log.exception("Milestone check for @%s failed", account.handle)

    async def _announce_milestones(self, account: Account) -> None:
        due = await self._milestones.due(account)
        if due:
            async with self._languages.speaking(account.guild_id):
                await self._announce(account, due)

    async def _announce(self, account: Account, due: list[MilestoneAnnouncement]) -> None:
        for news in due:
            await self._outbox.deliver(
                MessageKind.MILESTONE,
                channel_target(news.channel_id),
                news.period,
                account.guild_id,
                Outgoing(
                    [
                        milestone_embed(
                            news.handle,
                            news.level,
                            news.day,
                            news.total,
                            reference=news.reference,
                        )
                    ]
                ),
                account.id,
            )

    async def _alert(self, account: Account) -> None:
        store = self._store
        columns = await store.snapshots.account_columns(account.id)
        trigger = alert_trigger(
            columns, last_alert_day=await store.deliveries.last_alert_day(account.id)
        )
        if trigger is None or await store.silences.muted(account.id):
            return
        settings = await store.settings.get(account.guild_id)
        snoozed = await store.silences.snoozed(account.id, self._outbox.clock())
        subscribers = [
            user_id
            for user_id in await store.subscriptions.subscribers(account)
            if user_id not in snoozed
        ]
        period = alert_period(account.id, trigger.day)
        targets = [user_target(user_id) for user_id in subscribers]
        if settings.alert_channel_id is not None:
            targets.append(channel_target(settings.alert_channel_id))
        sent = [await store.deliveries.get(MessageKind.ALERT, target, period) for target in targets]
        if all(sent):
            return  # every recipient already has it (or nobody wants it): skip the diagnosis
        async with self._languages.speaking(account.guild_id):
            await self._send_alert(account, trigger, settings, subscribers, period)

    async def _send_alert(
        self,
        account: Account,
        trigger: AlertTrigger,
        settings: GuildSettings,
        subscribers: list[int],
        period: str,
    ) -> None:
        """Word the alert in the server's language and send it to each recipient once."""
        store = self._store
        deliver = self._outbox.deliver
        diagnosis = await explain.diagnose_account(
            store, account, days=7, tz=settings.timezone, end=trigger.report.current.end
        )
        findings = alert_lines(diagnosis) if diagnosis else []
        today = local_today(settings.timezone, self._outbox.clock())
        outgoing = _alert_message(account, trigger, findings, period, today)
        for user_id in subscribers:
            status = await deliver(
                MessageKind.ALERT,
                user_target(user_id),
                period,
                account.guild_id,
                outgoing,
                account.id,
            )
            if status is False and settings.alert_channel_id is not None:
                await deliver(
                    MessageKind.NOTE,
                    channel_target(settings.alert_channel_id),
                    note_period(account.id, trigger.day, user_id),
                    account.guild_id,
                    Outgoing([], content=closed_dm_note(user_id, account.handle)),
                    account.id,
                )
        if settings.alert_channel_id is not None:
            await deliver(
                MessageKind.ALERT,
                channel_target(settings.alert_channel_id),
                period,
                account.guild_id,
                outgoing,
                account.id,
            )


def _alert_message(
    account: Account, trigger: AlertTrigger, findings: list[str], period: str, today: date
) -> Outgoing:
    embed = alert_embed(
        account.handle,
        trigger,
        findings,
        reference=reference(MessageKind.ALERT, period),
        today=today,
    )
    buttons = tuple(
        Button(account_action_label(action, days), account_action_id(action, account.id, days))
        for action, days in alert_actions(ALERT_WINDOW_DAYS)
    )
    return Outgoing([embed], buttons=buttons)
