"""Digests and alerts, sent exactly once through the deliveries outbox.

Every message is claimed in the database (kind, target, period) before it is sent and marked
with its message id after. A claim left unfinished by a crash is settled on the next start:
the bot looks for the message in the target's recent history (each message carries its
reference in a footer) and only sends it when it is not there.

A digest's parts are queued together, each with its message, before the first is sent: a send
cut short (a crash, Discord failing mid-way) is finished later with the very same parts, by the
next start or by the next `/digest send`, and never restarted from scratch.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

import aiohttp
import discord

from bot import explain, fmt
from bot.analytics.alerts import AlertTrigger, alert_trigger
from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, build_digest
from bot.clock import Clock, local_today, zone
from bot.pacing import RequestPace
from bot.render.alerts import alert_embed, closed_dm_note
from bot.render.charts import team_chart
from bot.render.digest import CHART_NAME, DigestMessage, digest_messages
from bot.shards import OwnedGuilds
from bot.workers import in_worker
from storage import Account, Delivery, GuildSettings, Store

log = logging.getLogger(__name__)

HISTORY_LOOKBACK = 50  # messages searched for an unfinished claim's reference
DIGEST_KINDS = ("digest", "manual")  # scheduled and `/digest send`
# Failures after which a part may or may not have arrived: it stays claimed, and is looked
# for in the channel before it is sent again.
UNSURE = (discord.DiscordServerError, discord.RateLimited, aiohttp.ClientError, OSError)


@dataclass(frozen=True)
class Outgoing:
    """A message to send to one target."""

    embeds: list[discord.Embed]
    content: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class DigestProgress:
    """Where one digest's parts stand in its channel."""

    posted: int  # parts in the channel, now or before
    total: int
    sent_now: int
    unfinished: bool  # some parts are still to be sent


def channel_target(channel_id: int) -> str:
    return f"channel:{channel_id}"


def user_target(user_id: int) -> str:
    return f"user:{user_id}"


def digest_period(due: datetime, tz_name: str) -> str:
    """The ISO week a scheduled digest belongs to, in the guild's time zone."""
    year, week, _ = due.astimezone(zone(tz_name)).isocalendar()
    return f"{year}-W{week:02d}"


class Messenger(Protocol):
    """What the outbox needs of a Discord client: somewhere to send, and who it is."""

    @property
    def user(self) -> discord.ClientUser | None: ...

    async def create_dm(self, user: discord.abc.Snowflake, /) -> discord.DMChannel: ...

    def get_partial_messageable(self, id: int, /) -> discord.PartialMessageable: ...


class Deliveries:
    """Sends digests and alerts; used by the scheduler and by cogs after new data."""

    def __init__(
        self,
        store: Store,
        messenger: Messenger,
        *,
        clock: Clock,
        guilds: OwnedGuilds,
        pace: RequestPace,
    ) -> None:
        """``guilds``: the guilds whose sweeps and start-up recovery this process runs;
        ``pace``: spaces this process's sends below Discord's global limit."""
        self._store = store
        self._guilds = guilds
        self._pace = pace
        self._messenger = messenger
        self.clock = clock
        self._reported: set[str] = set()
        self._pending: set[asyncio.Task[None]] = set()
        self._locks: dict[str, asyncio.Lock] = {}  # one digest at a time per channel

    # -- digests ---------------------------------------------------------------------------------

    async def digest(self, guild_id: int, *, reference: str) -> list[DigestMessage]:
        """The guild's digest as messages; pandas and matplotlib run in a worker thread."""
        store = self._store
        settings = await store.settings.get(guild_id)
        today = local_today(settings.timezone, self.clock())
        accounts = await store.accounts.list(guild_id)
        columns = await store.snapshots.follower_columns(
            guild_id, since=today - timedelta(days=DIGEST_LOOKBACK_DAYS)
        )
        digest = await in_worker(
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

        return await in_worker(render)

    async def send_scheduled_digest(self, guild_id: int, due: datetime) -> None:
        settings = await self._store.settings.get(guild_id)
        if settings.digest_channel_id is None:
            return
        period = digest_period(due, settings.timezone)
        await self.send_digest(settings, settings.digest_channel_id, kind="digest", period=period)

    async def catch_up_digest(
        self, settings: GuildSettings, due: datetime, *, now: datetime, grace: timedelta
    ) -> None:
        """At start-up: send the digest that fell due last, if it is still fresh enough.

        A digest already started was finished by ``finish_digests``, late or not.
        """
        assert settings.digest_channel_id is not None
        period = digest_period(due, settings.timezone)
        target = channel_target(settings.digest_channel_id)
        if await self._store.deliveries.get("digest", target, f"{period}/1") is not None:
            return
        if now - due > grace:
            log.info(
                "Skipping guild %s's digest due %s: more than %s late",
                settings.guild_id,
                due.isoformat(),
                grace,
            )
            return
        log.info(
            "Sending guild %s's digest due %s (missed while offline)",
            settings.guild_id,
            due.isoformat(),
        )
        await self.send_digest(settings, settings.digest_channel_id, kind="digest", period=period)

    def digest_busy(self, channel_id: int) -> bool:
        """Whether a digest is being posted in this channel right now."""
        return self._lock(channel_target(channel_id)).locked()

    async def send_digest(
        self, settings: GuildSettings, channel_id: int, *, kind: str, period: str
    ) -> DigestProgress | None:
        """Finish any unfinished digest in the channel first; only when none is left, queue
        this one and send its parts. None: not started (an earlier one is still unfinished,
        or this kind and period was started before)."""
        target = channel_target(channel_id)
        async with self._lock(target):
            if any(progress.unfinished for progress in await self._finish_target(target)):
                log.warning(
                    "Not starting %s/%s in %s: an earlier digest is unfinished",
                    kind,
                    period,
                    target,
                )
                return None
            if await self._store.deliveries.get(kind, target, f"{period}/1") is not None:
                return None
            messages = await self.digest(settings.guild_id, reference=f"ref {kind}/{period}")
            parts = [
                (f"{period}/{number}", _encode(_digest_outgoing(message)))
                for number, message in enumerate(messages, start=1)
            ]
            await self._store.deliveries.queue(
                kind, target, parts, guild_id=settings.guild_id, now=self.clock()
            )
            return await self._send_parts(kind, target, period)

    async def finish_digests(self, channel_id: int | None = None) -> list[DigestProgress]:
        """Send the missing parts of every unfinished digest (in one channel, if given): at
        start-up, and when `/digest send` finds one."""
        target = None if channel_id is None else channel_target(channel_id)
        open_parts = await self._store.deliveries.pending(DIGEST_KINDS, target=target)
        owned = [part for part in open_parts if self._guilds.owns(part.guild_id)]
        worked = []
        for each in dict.fromkeys(part.target for part in owned):
            async with self._lock(each):
                worked += await self._finish_target(each)
        return worked

    async def _finish_target(self, target: str) -> list[DigestProgress]:
        """With the channel's lock held: finish its unfinished digests, oldest first."""
        open_parts = await self._store.deliveries.pending(DIGEST_KINDS, target=target)
        digests = dict.fromkeys((part.kind, _digest_of(part.period)) for part in open_parts)
        worked = []
        for kind, period in digests:
            log.info("Finishing the unfinished %s/%s in %s", kind, period, target)
            progress = await self._send_parts(kind, target, period)
            worked.append(progress)
            if progress.unfinished:
                break  # later digests wait, so parts never interleave
        return worked

    async def _send_parts(self, kind: str, target: str, period: str) -> DigestProgress:
        """Send a queued digest's parts in order, each once, stopping at the first that does
        not go out; a part that cannot be delivered at all gives up the rest."""
        store = self._store
        sent_now = 0
        for part in await store.deliveries.parts(kind, target, period):
            status: str | None = part.status
            if status == "claimed":
                status = await self._settle(part)
            if status is None:
                break  # cannot tell whether it arrived: try again later
            if status != "queued" or part.detail is None:
                continue
            if not await store.deliveries.take(part.id, now=self.clock()):
                break  # another run is sending it
            try:
                delivered = await self._transmit(part, _decode(part.detail), unsure=UNSURE)
            except UNSURE as error:
                log.warning(
                    "%s/%s to %s stopped; to be finished later: %s",
                    kind,
                    part.period,
                    target,
                    error,
                )
                break
            if not delivered:
                await self._give_up(kind, target, period)
                break
            sent_now += 1
        parts = await store.deliveries.parts(kind, target, period)
        return DigestProgress(
            posted=sum(part.status == "sent" for part in parts),
            total=len(parts),
            sent_now=sent_now,
            unfinished=any(part.status in ("queued", "claimed") for part in parts),
        )

    async def _give_up(self, kind: str, target: str, period: str) -> None:
        for part in await self._store.deliveries.parts(kind, target, period):
            if part.status == "queued":
                await self._store.deliveries.finish(
                    part.id, status="skipped", now=self.clock(), detail="an earlier part failed"
                )

    def _lock(self, target: str) -> asyncio.Lock:
        return self._locks.setdefault(target, asyncio.Lock())

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
        for account in await self._store.accounts.all():
            if self._guilds.owns(account.guild_id):
                await self._checked_alert(account)

    async def _checked_alert(self, account: Account) -> None:
        try:
            await self._alert(account)
        except Exception:
            log.exception("Alert check for @%s failed", account.handle)

    async def _alert(self, account: Account) -> None:
        store = self._store
        columns = await store.snapshots.account_columns(account.id)
        trigger = alert_trigger(
            columns, last_alert_day=await store.deliveries.last_alert_day(account.id)
        )
        if trigger is None:
            return
        settings = await store.settings.get(account.guild_id)
        subscribers = await store.subscriptions.subscribers(account)
        period = f"{account.id}:{trigger.day.isoformat()}"
        targets = [user_target(user_id) for user_id in subscribers]
        if settings.alert_channel_id is not None:
            targets.append(channel_target(settings.alert_channel_id))
        if all([await store.deliveries.get("alert", target, period) for target in targets]):
            return  # every recipient already has it (or nobody wants it): skip the diagnosis
        findings = await explain.alert_findings(
            store, account, trigger.report.current.end, tz=settings.timezone
        )
        outgoing = self._alert_message(account, trigger, findings, period)
        for user_id in subscribers:
            status = await self.deliver(
                "alert", user_target(user_id), period, account.guild_id, outgoing, account.id
            )
            if status is False and settings.alert_channel_id is not None:
                await self.deliver(
                    "note",
                    channel_target(settings.alert_channel_id),
                    f"{period}:{user_id}",
                    account.guild_id,
                    Outgoing([], content=closed_dm_note(user_id, account.handle)),
                    account.id,
                )
        if settings.alert_channel_id is not None:
            await self.deliver(
                "alert",
                channel_target(settings.alert_channel_id),
                period,
                account.guild_id,
                outgoing,
                account.id,
            )

    @staticmethod
    def _alert_message(
        account: Account, trigger: AlertTrigger, findings: list[str], period: str
    ) -> Outgoing:
        embed = alert_embed(account.handle, trigger, findings, reference=f"ref alert/{period}")
        return Outgoing([embed])

    # -- the outbox ------------------------------------------------------------------------------

    async def deliver(
        self,
        kind: str,
        target: str,
        period: str,
        guild_id: int,
        outgoing: Outgoing,
        account_id: int | None = None,
    ) -> bool | None:
        """Send once. True: sent now; None: sent before (or claimed by another run);
        False: the target cannot receive it (closed DMs, deleted channel, no permission).
        ``account_id``: the account the message is about, whose removal forgets the claim."""
        claim = await self._store.deliveries.claim(
            kind, target, period, guild_id=guild_id, now=self.clock(), account_id=account_id
        )
        if claim is None:
            return None
        return await self._transmit(claim, outgoing)

    async def _transmit(
        self, claim: Delivery, outgoing: Outgoing, *, unsure: tuple[type[Exception], ...] = ()
    ) -> bool:
        """Send a claimed message and record how it went; an ``unsure`` failure is raised
        with the claim left open."""
        store = self._store
        kind, target = claim.kind, claim.target
        try:
            message = await self._send(target, outgoing, nonce=f"d{claim.id}")
        except discord.Forbidden as error:
            reason = "DMs closed" if error.code == 50007 else "missing permission"
            await store.deliveries.finish(
                claim.id, status="skipped", now=self.clock(), detail=reason
            )
            self._report_once(target, f"{kind} to {target} not delivered: {reason}")
            return False
        except discord.NotFound:
            await store.deliveries.finish(
                claim.id, status="skipped", now=self.clock(), detail="channel not found"
            )
            self._report_once(target, f"{kind} to {target} not delivered: channel not found")
            return False
        except discord.HTTPException as error:
            if isinstance(error, unsure):
                raise
            await store.deliveries.finish(
                claim.id,
                status="failed",
                now=self.clock(),
                detail=f"{error.status} {error.text}"[:500],
            )
            log.warning("%s to %s failed after retries: %s", kind, target, error)
            return False
        await store.deliveries.finish(
            claim.id, status="sent", now=self.clock(), message_id=message.id
        )
        return True

    async def settle_unfinished(self) -> None:
        """After a crash between claim and send: a claim whose message did arrive is marked
        sent; any other is released, so the catch-up and the sweep that follow send it once.
        Digest parts are settled by ``finish_digests``, under their channel's lock."""
        for claim in await self._store.deliveries.unfinished():
            if claim.kind not in DIGEST_KINDS and self._guilds.owns(claim.guild_id):
                await self._settle(claim)

    async def _settle(self, claim: Delivery) -> str | None:
        """Mark the claim sent if its message is in the target's history, else release it (a
        queued digest part goes back to the queue); returns its status, or None when the
        history could not be read."""
        store = self._store
        reference = f"ref {claim.kind}/{claim.period}"
        try:
            found = await self._find_posted(claim.target, reference)
        except discord.HTTPException as error:
            log.warning("Could not read %s to settle %s: %s", claim.target, reference, error)
            return None
        if found is not None:
            await store.deliveries.finish(
                claim.id, status="sent", now=self.clock(), message_id=found.id
            )
            log.info("%s to %s had been sent before", reference, claim.target)
            return "sent"
        if claim.detail is not None:
            await store.deliveries.requeue(claim.id)
            log.info("%s to %s was never sent; queued again", reference, claim.target)
            return "queued"
        await store.deliveries.release(claim.id)
        log.info("%s to %s was never sent; released for a retry", reference, claim.target)
        return "released"

    async def _channel(self, target: str) -> discord.abc.Messageable:
        kind, _, raw_id = target.partition(":")
        if kind == "user":
            await self._pace.wait()
            return await self._messenger.create_dm(discord.Object(id=int(raw_id)))
        return self._messenger.get_partial_messageable(int(raw_id))

    async def _send(self, target: str, outgoing: Outgoing, *, nonce: str) -> discord.Message:
        channel = await self._channel(target)
        files = [
            discord.File(io.BytesIO(data), filename=name) for name, data in outgoing.files.items()
        ]
        await self._pace.wait()
        return await channel.send(
            content=outgoing.content, embeds=outgoing.embeds, files=files, nonce=nonce
        )

    async def _find_posted(self, target: str, reference: str) -> discord.Message | None:
        channel = await self._channel(target)
        user = self._messenger.user
        me = user.id if user else None
        await self._pace.wait()
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


def _digest_outgoing(message: DigestMessage) -> Outgoing:
    return Outgoing(message.embeds, files={CHART_NAME: message.chart} if message.chart else {})


def _encode(outgoing: Outgoing) -> str:
    """A queued part's message as JSON, so that a later run sends exactly this."""
    return json.dumps(
        {
            "content": outgoing.content,
            "embeds": [embed.to_dict() for embed in outgoing.embeds],
            "files": {
                name: base64.b64encode(data).decode() for name, data in outgoing.files.items()
            },
        }
    )


def _decode(text: str) -> Outgoing:
    raw = json.loads(text)
    return Outgoing(
        [discord.Embed.from_dict(embed) for embed in raw["embeds"]],
        content=raw["content"],
        files={name: base64.b64decode(data) for name, data in raw["files"].items()},
    )


def _digest_of(part_period: str) -> str:
    """``2026-W48/2`` is part 2 of digest ``2026-W48``."""
    return part_period.rpartition("/")[0]


def _carries(text: str, reference: str) -> bool:
    """A footer such as ``ref digest/2026-W48/1 · part 1 of 2`` carries that reference."""
    return text == reference or text.startswith(reference + " ")
