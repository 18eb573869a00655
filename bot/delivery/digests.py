"""Weekly digests: built in a worker thread, queued as parts, posted one channel at a time.

A digest's parts are queued together, each with its message, before the first is sent: a send
cut short (a crash, Discord failing mid-way) is finished later with the very same parts, by the
next start or by the next `/digest send`, and never restarted from scratch.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.analytics.audience import BestHours, local_hours
from bot.analytics.digest import DIGEST_DAYS, DIGEST_LOOKBACK_DAYS, TeamDigest, build_digest
from bot.analytics.forecast import LOOKBACK_DAYS
from bot.analytics.goals import outlook_of
from bot.analytics.series import FollowerColumns
from bot.analytics.vocabulary import (
    DIGEST_KINDS,
    OPEN_STATUSES,
    DeliveryStatus,
    MessageKind,
    parse_part_period,
    part_period,
    reference,
    week_period,
)
from bot.clock import Clock, local_today, zone
from bot.delivery.outbox import UNSURE, Menu, Outbox, Outgoing, channel_target, decode, encode
from bot.i18n.servers import ServerLanguages
from bot.render.buttons import (
    ACCOUNT_MENU_ID,
    MENU_LIMIT,
    account_menu_label,
    account_menu_placeholder,
)
from bot.render.charts import team_chart
from bot.render.digest import CHART_NAME, DigestMessage, digest_messages
from bot.services import explain
from bot.shards import OwnedGuilds
from bot.workers import working_for
from storage import Account, GuildSettings, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestProgress:
    """Where one digest's parts stand in its channel."""

    posted: int  # parts in the channel, now or before
    total: int
    sent_now: int
    unfinished: bool  # some parts are still to be sent


def digest_period(due: datetime, tz_name: str) -> str:
    """The ISO week a scheduled digest belongs to, in the guild's time zone."""
    return week_period(due.astimezone(zone(tz_name)).date())


@dataclass(frozen=True)
class _GuildData:
    """What one digest reads: the follower data reaches back far enough for the forecasts,
    and each part takes the days it needs from it."""

    settings: GuildSettings
    today: date
    accounts: list[Account]
    history: dict[int, FollowerColumns]

    @property
    def handles(self) -> dict[int, str]:
        return {account.id: account.handle for account in self.accounts}

    def recent(self, since: date) -> dict[int, FollowerColumns]:
        """Each account's data from ``since`` on, by account id."""
        first = since.toordinal()
        out = {}
        for account in self.accounts:
            columns = self.history[account.id]
            keep = columns.days >= first
            out[account.id] = FollowerColumns(
                columns.days[keep],
                columns.followers[keep],
                columns.gained[keep],
                columns.lost[keep],
            )
        return out


class Digests:
    """Builds, sends and finishes digests; one digest at a time per channel."""

    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        clock: Clock,
        guilds: OwnedGuilds,
        languages: ServerLanguages,
    ) -> None:
        """``guilds``: whose unfinished digests this process finishes; ``languages``: what
        each server's digest is written in."""
        self._store = store
        self._languages = languages
        self._guilds = guilds
        self._outbox = outbox
        self.clock = clock
        self._locks: dict[str, asyncio.Lock] = {}

    async def build(self, guild_id: int, *, reference: str | None) -> list[DigestMessage]:
        """The guild's digest as messages (``reference`` None: a preview, never posted), in the
        server's language; pandas and matplotlib run in a worker thread."""
        async with self._languages.speaking(guild_id):
            messages, _ = await self._build(await self._read(guild_id), reference=reference)
        return messages

    async def _read(self, guild_id: int) -> _GuildData:
        """The guild's accounts and the follower data the digest and its menu need, read once."""
        store = self._store
        settings = await store.settings.get(guild_id)
        today = local_today(settings.timezone, self.clock())
        accounts = await store.accounts.list(guild_id)
        history = await store.snapshots.follower_columns(
            guild_id, since=today - timedelta(days=DIGEST_LOOKBACK_DAYS + LOOKBACK_DAYS)
        )
        return _GuildData(settings, today, accounts, history)

    async def _build(
        self, data: _GuildData, *, reference: str | None
    ) -> tuple[list[DigestMessage], TeamDigest]:
        """The messages, and the figures they were worded from (the menu lists the same)."""
        store = self._store
        settings, today, accounts, history = data.settings, data.today, data.accounts, data.history
        guild_id = settings.guild_id
        digest = await store.workers.run(
            lambda: build_digest(
                data.recent(today - timedelta(days=DIGEST_LOOKBACK_DAYS)),
                handles=data.handles,
                today=today,
            )
        )
        # causes only for the accounts shown in full: a big team's digest stays quick
        shrinking = {line.account_id for line in digest.detailed if line.shrinking}
        diagnoses = await explain.shrinking_diagnoses(
            store, accounts, [a for a in accounts if a.id in shrinking], tz=settings.timezone
        )
        best_hours = await self._best_hours(accounts, shrinking, settings.timezone)
        goals = await store.goals.of_guild(guild_id)
        outlooks = await store.workers.run(
            lambda: {a.id: outlook_of(history[a.id], goals.get(a.id), today) for a in accounts}
        )
        milestones = await store.milestones.reached_between(
            guild_id, today - timedelta(days=7), today
        )

        def render() -> list[DigestMessage]:
            chart = None
            if digest.team_daily_net.notna().any():
                chart = team_chart(digest.team_daily_net)
            return digest_messages(
                digest,
                diagnoses,
                chart,
                reference=reference,
                outlooks=outlooks,
                milestones=milestones,
                best_hours=best_hours,
            )

        return await store.workers.run(render), digest

    async def _best_hours(
        self, accounts: list[Account], ids: set[int], tz_name: str
    ) -> dict[int, BestHours]:
        """The followers' hours of the accounts given by id, where an export told them."""
        found = {}
        for account in accounts:
            if account.id not in ids:
                continue
            hours = (await self._store.audience.latest(account.id)).hours
            if hours is not None:
                moved = local_hours(hours.hours, hours.as_of, zone(tz_name))
                found[account.id] = BestHours(moved, tz_name)
        return found

    async def send_scheduled(self, guild_id: int, due: datetime) -> None:
        settings = await self._store.settings.get(guild_id)
        if settings.digest_channel_id is None:
            return
        period = digest_period(due, settings.timezone)
        await self.send(
            settings, settings.digest_channel_id, kind=MessageKind.DIGEST, period=period
        )

    async def catch_up(
        self, settings: GuildSettings, due: datetime, *, now: datetime, grace: timedelta
    ) -> None:
        """At start-up: send the digest that fell due last, if the bot was down at its due time
        with the channel already set, and it is still fresh enough. Had the bot been up then,
        the scheduled send claimed it; a channel or time set after the due time owes nothing.

        A digest already started was finished by ``finish``, late or not.
        """
        assert settings.digest_channel_id is not None
        period = digest_period(due, settings.timezone)
        target = channel_target(settings.digest_channel_id)
        first = part_period(period, 1)
        if await self._store.deliveries.get(MessageKind.DIGEST, target, first) is not None:
            return
        if settings.digest_since is not None and settings.digest_since > due:
            # The channel or time was set after this due time, while the bot was running:
            # this digest was never owed, and posting it now would repeat the week's news.
            log.info("Guild %s's digest due %s was set up later", settings.guild_id, due)
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
        await self.send(
            settings, settings.digest_channel_id, kind=MessageKind.DIGEST, period=period
        )

    def busy(self, channel_id: int) -> bool:
        """Whether a digest is being posted in this channel right now."""
        return self._lock(channel_target(channel_id)).locked()

    async def send(
        self, settings: GuildSettings, channel_id: int, *, kind: MessageKind, period: str
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
            if await self._store.deliveries.get(kind, target, part_period(period, 1)) is not None:
                return None
            async with self._languages.speaking(settings.guild_id):
                with working_for(settings.guild_id):
                    data = await self._read(settings.guild_id)
                    messages, digest = await self._build(data, reference=reference(kind, period))
                menu = _account_menu(digest)
                parts = [
                    (
                        part_period(period, number),
                        encode(
                            _digest_outgoing(message, menu if number == len(messages) else None)
                        ),
                    )
                    for number, message in enumerate(messages, start=1)
                ]
            await self._store.deliveries.queue(
                kind, target, parts, guild_id=settings.guild_id, now=self.clock()
            )
            return await self._send_parts(kind, target, period)

    async def finish(self, channel_id: int | None = None) -> list[DigestProgress]:
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
        digests = dict.fromkeys(
            (part.kind, parse_part_period(part.period)[0]) for part in open_parts
        )
        worked = []
        for kind, period in digests:
            log.info("Finishing the unfinished %s/%s in %s", kind, period, target)
            progress = await self._send_parts(kind, target, period)
            worked.append(progress)
            if progress.unfinished:
                break  # later digests wait, so parts never interleave
        return worked

    async def _send_parts(self, kind: MessageKind, target: str, period: str) -> DigestProgress:
        """Send a queued digest's parts in order, each once, stopping at the first that does
        not go out; a part that cannot be delivered at all gives up the rest."""
        store = self._store
        sent_now = 0
        for part in await store.deliveries.parts(kind, target, period):
            status: DeliveryStatus | None = part.status
            if status == DeliveryStatus.CLAIMED:
                status = await self._outbox.settle(part)
            if status is None:
                break  # cannot tell whether it arrived: try again later
            if status != DeliveryStatus.QUEUED or part.detail is None:
                continue
            if not await store.deliveries.take(
                part.id, now=self.clock(), lease=self._outbox.lease()
            ):
                break  # another run is sending it
            try:
                delivered = await self._outbox.transmit(part, decode(part.detail), unsure=UNSURE)
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
            posted=sum(part.status == DeliveryStatus.SENT for part in parts),
            total=len(parts),
            sent_now=sent_now,
            unfinished=any(part.status in OPEN_STATUSES for part in parts),
        )

    async def _give_up(self, kind: MessageKind, target: str, period: str) -> None:
        for part in await self._store.deliveries.parts(kind, target, period):
            if part.status == DeliveryStatus.QUEUED:
                await self._store.deliveries.finish(
                    part.id,
                    status=DeliveryStatus.SKIPPED,
                    now=self.clock(),
                    detail="an earlier part failed",
                )

    def _lock(self, target: str) -> asyncio.Lock:
        return self._locks.setdefault(target, asyncio.Lock())


def _digest_outgoing(message: DigestMessage, menu: Menu | None = None) -> Outgoing:
    return Outgoing(
        message.embeds, files={CHART_NAME: message.chart} if message.chart else {}, menu=menu
    )


def _account_menu(digest: TeamDigest) -> Menu | None:
    """A menu under the digest's last part that opens any of its accounts, the biggest losses
    first: the digest's own lines, already in that order."""
    if not digest.accounts:
        return None
    options = tuple(
        (account_menu_label(line.handle, line.net, DIGEST_DAYS), str(line.account_id))
        for line in digest.accounts[:MENU_LIMIT]
    )
    return Menu(ACCOUNT_MENU_ID, account_menu_placeholder(len(digest.accounts)), options)
