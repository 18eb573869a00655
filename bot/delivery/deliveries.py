"""The one collaborator the bot wires: the outbox, and the digests and alerts sent through it."""

from __future__ import annotations

from bot.clock import Clock
from bot.delivery.alerts import Alerts
from bot.delivery.digests import DIGEST_KINDS, Digests
from bot.delivery.outbox import Messenger, Outbox
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
    ) -> None:
        """``guilds``: the guilds whose sweeps and start-up recovery this process runs;
        ``pace``: spaces this process's sends below Discord's global limit."""
        self._guilds = guilds
        self.outbox = Outbox(store, messenger, clock=clock, pace=pace)
        self.digests = Digests(store, self.outbox, clock=clock, guilds=guilds)
        self.alerts = Alerts(store, self.outbox, guilds=guilds)

    async def settle_unfinished(self) -> None:
        """After a crash between claim and send, settle every claim but digest parts: those
        are settled by ``digests.finish``, under their channel's lock."""
        await self.outbox.settle_unfinished(leaving=DIGEST_KINDS, guilds=self._guilds)
