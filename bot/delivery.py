"""Digests and alerts, sent exactly once through the deliveries outbox.

Every message is claimed in the database (kind, target, period) before it is sent and marked
with its message id after. A claim left unfinished by a crash is settled on the next start:
the bot looks for the message in the target's recent history (each message carries its
reference in a footer) and only sends it when it is not there.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot import explain, fmt
from bot.analytics.alerts import AlertTrigger, alert_trigger
from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, build_digest
from bot.clock import local_today, utc_now, zone
from bot.render.alerts import alert_embed, closed_dm_note
from bot.render.charts import team_chart
from bot.render.digest import CHART_NAME, DigestMessage, digest_messages
from storage import Account, GuildSettings

if TYPE_CHECKING:
    from bot.app import NetBot

log = logging.getLogger(__name__)

HISTORY_LOOKBACK = 50  # messages searched for an unfinished claim's reference


@dataclass(frozen=True)
class Outgoing:
    """A message to send to one target."""

    embeds: list[discord.Embed]
    content: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)


def channel_target(channel_id: int) -> str:
    return f"channel:{channel_id}"


def user_target(user_id: int) -> str:
    return f"user:{user_id}"


def digest_period(due: datetime, tz_name: str) -> str:
    """The ISO week a scheduled digest belongs to, in the guild's time zone."""
    year, week, _ = due.astimezone(zone(tz_name)).isocalendar()
    return f"{year}-W{week:02d}"


class Deliveries:
    """Sends digests and alerts for the bot; used by the scheduler and by cogs after new data."""

    def __init__(self, bot: NetBot, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.bot = bot
        self.clock = clock
        self._reported: set[str] = set()
        self._pending: set[asyncio.Task[None]] = set()

    # -- digests ---------------------------------------------------------------------------------

    async def digest(self, guild_id: int, *, reference: str) -> list[DigestMessage]:
        """The guild's digest as messages; pandas and matplotlib run in a worker thread."""
        store = self.bot.store
        settings = await store.guild_settings(guild_id)
        today = local_today(settings.timezone, self.clock())
        accounts = await store.list_accounts(guild_id)
        columns = await store.follower_columns(
            guild_id, since=today - timedelta(days=DIGEST_LOOKBACK_DAYS)
        )
        digest = await asyncio.to_thread(
            build_digest, {a.handle: columns[a.id] for a in accounts}, today=today
        )
        shrinking = {line.handle for line in digest.shrinking}
        causes = await explain.top_causes(
            store, accounts, [a for a in accounts if a.handle in shrinking], tz=settings.timezone
        )

        def render() -> list[DigestMessage]:
            chart = None
            if digest.team_daily_net.notna().any():
                chart = team_chart(
                    digest.team_daily_net,
                    title=f"Team net followers per day, 28 days to "
                    f"{fmt.day(today - timedelta(days=1))}",
                )
            return digest_messages(digest, causes, chart, reference=reference)

        return await asyncio.to_thread(render)

    async def send_scheduled_digest(self, guild_id: int, due: datetime) -> None:
        settings = await self.bot.store.guild_settings(guild_id)
        if settings.digest_channel_id is None:
            return
        period = digest_period(due, settings.timezone)
        await self.send_digest(settings, settings.digest_channel_id, kind="digest", period=period)

    async def catch_up_digest(
        self, settings: GuildSettings, due: datetime, *, now: datetime, grace: timedelta
    ) -> None:
        """At start-up: finish the digest that fell due last, if it is still fresh enough.

        Parts already sent are skipped by their claims, so this is safe to run on every start.
        """
        assert settings.digest_channel_id is not None
        period = digest_period(due, settings.timezone)
        first = await self.bot.store.delivery(
            "digest", channel_target(settings.digest_channel_id), f"{period}/1"
        )
        if now - due > grace:
            if first is None:
                log.info(
                    "Skipping guild %s's digest due %s: more than %s late",
                    settings.guild_id,
                    due.isoformat(),
                    grace,
                )
            return
        if first is None:
            log.info(
                "Sending guild %s's digest due %s (missed while offline)",
                settings.guild_id,
                due.isoformat(),
            )
        await self.send_digest(settings, settings.digest_channel_id, kind="digest", period=period)

    async def send_digest(
        self, settings: GuildSettings, channel_id: int, *, kind: str, period: str
    ) -> int:
        """Send each part of a digest once; returns how many parts were sent now."""
        messages = await self.digest(settings.guild_id, reference=f"ref {kind}/{period}")
        sent = 0
        for number, message in enumerate(messages, start=1):
            files = {CHART_NAME: message.chart} if message.chart else {}
            outgoing = Outgoing(message.embeds, files=files)
            if await self.deliver(
                kind, channel_target(channel_id), f"{period}/{number}", settings.guild_id, outgoing
            ):
                sent += 1
        return sent

    # -- alerts ----------------------------------------------------------------------------------

    def after_new_data(self, account: Account) -> None:
        """Check one account for an alert after an upload or /log, in the background, so the
        command's reply never waits on DMs."""
        task = asyncio.create_task(self._checked_alert(account))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def idle(self) -> None:
        """Wait until every background alert check has finished."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def sweep_alerts(self) -> None:
        """The daily pass over every account, for data that arrived without a command."""
        for account in await self.bot.store.all_accounts():
            await self._checked_alert(account)

    async def _checked_alert(self, account: Account) -> None:
        try:
            await self._alert(account)
        except Exception:
            log.exception("Alert check for @%s failed", account.handle)

    async def _alert(self, account: Account) -> None:
        store = self.bot.store
        columns = await store.account_columns(account.id)
        trigger = alert_trigger(columns, last_alert_day=await store.last_alert_day(account.id))
        if trigger is None:
            return
        settings = await store.guild_settings(account.guild_id)
        subscribers = await store.subscribers(account)
        period = f"{account.id}:{trigger.day.isoformat()}"
        targets = [user_target(user_id) for user_id in subscribers]
        if settings.alert_channel_id is not None:
            targets.append(channel_target(settings.alert_channel_id))
        if all([await store.delivery("alert", target, period) for target in targets]):
            return  # every recipient already has it (or nobody wants it): skip the diagnosis
        findings = await explain.alert_findings(
            store, account, trigger.report.current.end, tz=settings.timezone
        )
        outgoing = self._alert_message(account, trigger, findings, period)
        for user_id in subscribers:
            status = await self.deliver(
                "alert", user_target(user_id), period, account.guild_id, outgoing
            )
            if status is False and settings.alert_channel_id is not None:
                await self.deliver(
                    "note",
                    channel_target(settings.alert_channel_id),
                    f"{period}:{user_id}",
                    account.guild_id,
                    Outgoing([], content=closed_dm_note(user_id, account.handle)),
                )
        if settings.alert_channel_id is not None:
            await self.deliver(
                "alert",
                channel_target(settings.alert_channel_id),
                period,
                account.guild_id,
                outgoing,
            )

    @staticmethod
    def _alert_message(
        account: Account, trigger: AlertTrigger, findings: list[str], period: str
    ) -> Outgoing:
        embed = alert_embed(account.handle, trigger, findings, reference=f"ref alert/{period}")
        return Outgoing([embed])

    # -- the outbox ------------------------------------------------------------------------------

    async def deliver(
        self, kind: str, target: str, period: str, guild_id: int, outgoing: Outgoing
    ) -> bool | None:
        """Send once. True: sent now; None: sent before (or claimed by another run);
        False: the target cannot receive it (closed DMs, deleted channel, no permission)."""
        store = self.bot.store
        claim = await store.claim_delivery(
            kind, target, period, guild_id=guild_id, now=self.clock()
        )
        if claim is None:
            return None
        try:
            message = await self._send(target, outgoing, nonce=f"d{claim.id}")
        except discord.Forbidden as error:
            reason = "DMs closed" if error.code == 50007 else "missing permission"
            await store.finish_delivery(claim.id, status="skipped", now=self.clock(), detail=reason)
            self._report_once(target, f"{kind} to {target} not delivered: {reason}")
            return False
        except discord.NotFound:
            await store.finish_delivery(
                claim.id, status="skipped", now=self.clock(), detail="channel not found"
            )
            self._report_once(target, f"{kind} to {target} not delivered: channel not found")
            return False
        except discord.HTTPException as error:
            await store.finish_delivery(
                claim.id,
                status="failed",
                now=self.clock(),
                detail=f"{error.status} {error.text}"[:500],
            )
            log.warning("%s to %s failed after retries: %s", kind, target, error)
            return False
        await store.finish_delivery(
            claim.id, status="sent", now=self.clock(), message_id=message.id
        )
        return True

    async def settle_unfinished(self) -> None:
        """After a crash between claim and send: a claim whose message did arrive is marked
        sent; any other is released, so the catch-up and the sweep that follow send it once."""
        store = self.bot.store
        for claim in await store.unfinished_deliveries():
            reference = f"ref {claim.kind}/{claim.period}"
            try:
                found = await self._find_posted(claim.target, reference)
            except discord.HTTPException as error:
                log.warning("Could not read %s to settle %s: %s", claim.target, reference, error)
                continue
            if found is not None:
                await store.finish_delivery(
                    claim.id, status="sent", now=self.clock(), message_id=found.id
                )
                log.info("%s to %s had been sent before the restart", reference, claim.target)
            else:
                await store.release_delivery(claim.id)
                log.info("%s to %s was never sent; released for a retry", reference, claim.target)

    async def _channel(self, target: str) -> discord.abc.Messageable:
        kind, _, raw_id = target.partition(":")
        if kind == "user":
            return await self.bot.create_dm(discord.Object(id=int(raw_id)))
        return self.bot.get_partial_messageable(int(raw_id))

    async def _send(self, target: str, outgoing: Outgoing, *, nonce: str) -> discord.Message:
        channel = await self._channel(target)
        files = [
            discord.File(io.BytesIO(data), filename=name) for name, data in outgoing.files.items()
        ]
        return await channel.send(
            content=outgoing.content, embeds=outgoing.embeds, files=files, nonce=nonce
        )

    async def _find_posted(self, target: str, reference: str) -> discord.Message | None:
        channel = await self._channel(target)
        me = self.bot.user.id if self.bot.user else None
        async for message in channel.history(limit=HISTORY_LOOKBACK):
            if message.author.id != me:
                continue
            footers = [embed.footer.text or "" for embed in message.embeds]
            if any(_carries(text, reference) for text in [message.content or "", *footers]):
                return message
        return None

    def _report_once(self, target: str, text: str) -> None:
        if target not in self._reported:
            self._reported.add(target)
            log.warning("%s", text)


def _carries(text: str, reference: str) -> bool:
    """A footer such as ``ref digest/2026-W48/1 · part 1 of 2`` carries that reference."""
    return text == reference or text.startswith(reference + " ")
