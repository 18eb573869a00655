"""Time-driven work: each guild's weekly digest, the daily alert sweep, catch-up after downtime.

The database is the truth: jobs are rebuilt from guild settings at start-up and whenever a
guild's settings change. Every job logs its own failures; none can take the bot down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import fmt
from bot.clock import Clock, time_of_day, zone
from bot.config import Settings
from bot.delivery import Deliveries
from storage import GuildSettings, Store

log = logging.getLogger(__name__)

SWEEP_JOB = "alert-sweep"


def digest_job_id(guild_id: int) -> str:
    return f"digest:{guild_id}"


def digest_trigger(settings: GuildSettings) -> CronTrigger:
    """The weekly digest's trigger, in the guild's own time zone (so DST moves with it)."""
    at = time_of_day(settings.digest_time)
    return CronTrigger(
        day_of_week=settings.digest_weekday,  # APScheduler counts from Monday = 0, as we do
        hour=at.hour,
        minute=at.minute,
        timezone=zone(settings.timezone),
    )


def last_fire_before(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The most recent time the weekly trigger fired at or before ``now`` (within 8 days)."""
    fire = trigger.get_next_fire_time(None, now - timedelta(days=8))
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return last


class Scheduler:
    """One AsyncIOScheduler for the whole bot, started from ``setup_hook``."""

    def __init__(
        self, settings: Settings, *, store: Store, deliveries: Deliveries, clock: Clock
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._store = store
        self._deliveries = deliveries
        self._aps = AsyncIOScheduler(timezone="UTC")
        self._startup: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._aps.start()
        sweep = time_of_day(self.settings.alert_sweep_time)
        self._aps.add_job(
            self._guarded(SWEEP_JOB, self._deliveries.sweep_alerts),
            CronTrigger(hour=sweep.hour, minute=sweep.minute, timezone="UTC"),
            id=SWEEP_JOB,
            replace_existing=True,
            misfire_grace_time=3600,
            coalesce=True,
        )
        for settings in await self._store.settings.all():
            self._schedule_digest(settings)
        self._startup = asyncio.create_task(self._guarded("start-up catch-up", self.recover)())

    async def recover(self) -> None:
        """Settle sends a crash interrupted, finish digests cut short, then send what fell due
        while the bot was down."""
        await self._deliveries.settle_unfinished()
        await self._deliveries.finish_digests()
        await self.catch_up(self.clock())
        await self._deliveries.sweep_alerts()

    async def recovery_done(self) -> None:
        """Wait for the start-up recovery (settle, catch-up, sweep) to finish."""
        if self._startup is not None:
            await asyncio.shield(self._startup)

    async def shutdown(self) -> None:
        if self._startup is not None and not self._startup.done():
            self._startup.cancel()
        if self._aps.running:
            self._aps.shutdown(wait=False)

    async def reschedule_guild(self, guild_id: int) -> None:
        """Rebuild one guild's digest job after its settings changed."""
        self._schedule_digest(await self._store.settings.get(guild_id))

    def next_digest_time(self, guild_id: int) -> datetime | None:
        job = self._aps.get_job(digest_job_id(guild_id))
        return job.next_run_time if job else None

    async def run_job_now(self, job_id: str) -> None:
        """Run a job as if its trigger fired now; used by operators and tests."""
        job = self._aps.get_job(job_id)
        if job is None:
            raise KeyError(job_id)
        await job.func()

    async def catch_up(self, now: datetime) -> None:
        """Send digests that fell due while the bot was down, once, if still fresh enough."""
        grace = timedelta(hours=self.settings.digest_grace_hours)
        for settings in await self._store.settings.all():
            if settings.digest_channel_id is None:
                continue
            due = last_fire_before(digest_trigger(settings), now)
            if due is None:
                continue
            await self._deliveries.catch_up_digest(settings, due, now=now, grace=grace)

    def _schedule_digest(self, settings: GuildSettings) -> None:
        job_id = digest_job_id(settings.guild_id)
        if settings.digest_channel_id is None:
            if self._aps.get_job(job_id):
                self._aps.remove_job(job_id)
            return
        trigger = digest_trigger(settings)

        async def send() -> None:
            now = self.clock()
            due = last_fire_before(trigger, now) or now
            await self._deliveries.send_scheduled_digest(settings.guild_id, due)

        self._aps.add_job(
            self._guarded(job_id, send),
            trigger,
            id=job_id,
            replace_existing=True,
            misfire_grace_time=3600,
            coalesce=True,
        )
        log.info(
            "Digest for guild %s scheduled %s (%s)",
            settings.guild_id,
            fmt.weekly(settings.digest_weekday, settings.digest_time),
            settings.timezone,
        )

    @staticmethod
    def _guarded(
        name: str, job: Callable[[], Coroutine[object, object, None]]
    ) -> Callable[[], Coroutine[object, object, None]]:
        async def run() -> None:
            try:
                await job()
            except Exception:
                log.exception("Scheduled job %s failed", name)

        return run
