"""The one collaborator the bot wires: the outbox, and the digests and alerts sent through it."""

from __future__ import annotations

from datetime import timedelta

from bot.analytics.vocabulary import DIGEST_KINDS
from bot.clock import Clock
from bot.delivery.alerts import Alerts
from bot.delivery.digests import Digests
from bot.delivery.outbox import Messenger, Outbox
from bot.i18n.servers import ServerLanguages
from bot.pacing import RequestPace
from bot.shards import OwnedGuilds
from storage import Store


class Deliveries:
    """Used by the scheduler, and by cogs after new data; each part is reached by name."""

    def __init__(
        self,
        store: Store,
        messenger: Messenger,
        *,
        clock: Clock,
        guilds: OwnedGuilds,
        pace: RequestPace,
        lease: timedelta,
        retry_after: timedelta,
        languages: ServerLanguages,
    ) -> None:
        """``guilds``: the guilds whose sweeps and start-up recovery this process runs;
        ``pace``: spaces this process's sends below Discord's global limit; ``lease`` and
        ``retry_after``: see ``Outbox``; ``languages``: what each server's posts are written
        in."""
        self._guilds = guilds
        self._store = store
        self.lease = lease
        self.outbox = Outbox(
            store, messenger, clock=clock, pace=pace, lease=lease, retry_after=retry_after
        )
        self.digests = Digests(store, self.outbox, clock=clock, guilds=guilds, languages=languages)
        self.alerts = Alerts(store, self.outbox, guilds=guilds, languages=languages)

    async def settle_unfinished(self) -> None:
        """After a crash between claim and send, settle every claim but digest parts: those
        are settled by ``digests.finish``, under their channel's lock."""
        await self.outbox.settle_unfinished(leaving=DIGEST_KINDS, guilds=self._guilds)

    async def keep_claims(self) -> None:
        """Every third of a lease: renew this process's claims, then take over those of a
        process that stopped without settling them (a kill): settle each once, finish its
        digest, check its account again. This process's own given-up claims wait for the next
        start, so that retries stay bounded."""
        await self.outbox.renew()
        lapsed = [
            claim
            for claim in await self._store.deliveries.unfinished(now=self.outbox.clock())
            if self._guilds.owns(claim.guild_id) and claim.claimed_by != self.outbox.owner
        ]
        for claim in lapsed:
            if claim.kind not in DIGEST_KINDS:
                await self.outbox.settle(claim)
        for target in dict.fromkeys(c.target for c in lapsed if c.kind in DIGEST_KINDS):
            await self.digests.finish(int(target.partition(":")[2]))
        about = {claim.account_id for claim in lapsed}
        for account in await self._store.accounts.all():
            if account.id in about:
                await self.alerts.check(account)

    async def close(self) -> None:
        """Wait for the alert checks still running, then give up every claim still held."""
        await self.alerts.idle()
        await self.outbox.close()
