"""Time-driven work: each guild's weekly digest, the daily alert sweep, catch-up after downtime.

The database is the truth: jobs are rebuilt from guild settings at start-up and whenever a
guild's settings change. Every job logs its own failures; none can take the bot down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock, time_of_day, zone
from bot.config import Settings
from bot.delivery import Deliveries
from bot.shards import OwnedGuilds
from bot.sources.base import SourceJob
from storage import GuildSettings, Store

log = logging.getLogger(__name__)

SWEEP_JOB = "alert-sweep"
CLAIMS_JOB = "claims"


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
        self,
        settings: Settings,
        *,
        store: Store,
        deliveries: Deliveries,
        clock: Clock,
        guilds: OwnedGuilds,
        jobs: Sequence[SourceJob] = (),
    ) -> None:
        """``guilds``: the guilds this process schedules digests for; ``jobs``: the configured
        sources' recurring work (their pulls of this process's connected accounts)."""
        self.settings = settings
        self._guilds = guilds
        self.clock = clock
        self._store = store
        self._deliveries = deliveries
        self._source_jobs = tuple(jobs)
        self._aps = AsyncIOScheduler(timezone="UTC")
        self._startup: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[object]] = set()

    async def start(self) -> None:
        self._aps.start()
        sweep = time_of_day(self.settings.alert_sweep_time)
        self._aps.add_job(
            self._guarded(SWEEP_JOB, self._deliveries.alerts.sweep),
            CronTrigger(hour=sweep.hour, minute=sweep.minute, timezone="UTC"),
            id=SWEEP_JOB,
            replace_existing=True,
            misfire_grace_time=3600,
            coalesce=True,
        )
        self._aps.add_job(
            self._guarded(CLAIMS_JOB, self._deliveries.keep_claims),
            IntervalTrigger(seconds=self.settings.claim_lease_seconds / 3, timezone="UTC"),
            id=CLAIMS_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        for settings in await self._owned_settings():
            self._schedule_digest(settings)
        for job in self._source_jobs:
            self._schedule_source_job(job)
        self._startup = asyncio.create_task(self._guarded("start-up catch-up", self.recover)())
        self._running.add(self._startup)  # before it first runs, shutdown must know of it too
        self._startup.add_done_callback(self._running.discard)

    async def recover(self) -> None:
        """Settle sends a crash interrupted, finish digests cut short, then send what fell due
        while the bot was down."""
        await self._deliveries.settle_unfinished()
        await self._deliveries.digests.finish()
        await self.catch_up(self.clock())
        await self._deliveries.alerts.sweep()
        for job in self._source_jobs:
            await self.run_job_now(job.id)  # once after start-up, then every few hours

    async def recovery_done(self) -> None:
        """Wait for the start-up recovery (settle, catch-up, sweep) to finish."""
        if self._startup is not None:
            await asyncio.shield(self._startup)

    async def shutdown(self) -> None:
        """Stop the triggers, then cancel the jobs still running and wait until they have
        stopped, so that none outlives the store (the outbox finishes their sends later)."""
        if self._aps.running:
            self._aps.shutdown(wait=False)
        running = {task for task in self._running if not task.done()}
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)

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
        for settings in await self._owned_settings():
            if settings.digest_channel_id is None:
                continue
            due = last_fire_before(digest_trigger(settings), now)
            if due is None:
                continue
            await self._deliveries.digests.catch_up(settings, due, now=now, grace=grace)

    async def _owned_settings(self) -> list[GuildSettings]:
        return [s for s in await self._store.settings.all() if self._guilds.owns(s.guild_id)]

    def _schedule_source_job(self, job: SourceJob) -> None:
        """A source's recurring job (a pull every ``TIKTOK_PULL_EVERY_HOURS``, say)."""

        async def run() -> None:
            await job.run()

        self._aps.add_job(
            self._guarded(job.id, run),
            IntervalTrigger(seconds=job.every.total_seconds(), timezone="UTC"),
            id=job.id,
            replace_existing=True,
            misfire_grace_time=3600,
            coalesce=True,
            max_instances=1,
        )

    def _schedule_digest(self, settings: GuildSettings) -> None:
        job_id = digest_job_id(settings.guild_id)
        if settings.digest_channel_id is None or not self._guilds.owns(settings.guild_id):
            if self._aps.get_job(job_id):
                self._aps.remove_job(job_id)
            return
        trigger = digest_trigger(settings)

        async def send() -> None:
            now = self.clock()
            due = last_fire_before(trigger, now) or now
            await self._deliveries.digests.send_scheduled(settings.guild_id, due)

        self._aps.add_job(
            self._guarded(job_id, send),
            trigger,
            id=job_id,
            replace_existing=True,
            misfire_grace_time=3600,
            coalesce=True,
        )
        log.info(
            "Digest for guild %s scheduled on weekday %s at %s (%s)",
            settings.guild_id,
            settings.digest_weekday,
            settings.digest_time,
            settings.timezone,
        )

    def _guarded(
        self, name: str, job: Callable[[], Coroutine[object, object, None]]
    ) -> Callable[[], Coroutine[object, object, None]]:
        """The job, logging its failures, run as a task of its own that ``shutdown`` knows of
        (whoever started it, APScheduler or ``run_job_now``)."""

        async def logged() -> None:
            try:
                await job()
            except Exception:
                log.exception("Scheduled job %s failed", name)

        async def run() -> None:
            task = asyncio.create_task(logged(), name=f"job {name}")
            self._running.add(task)
            task.add_done_callback(self._running.discard)
            await task

        return run
