"""The exactly-once send that digests, alerts and milestones go through.

Every message is claimed in the database (kind, target, period) before it is sent and marked
with its message id after. A claim carries its process's id and a lease that the process
renews while it lives, so no other process settles a claim still being sent. A claim left
unfinished by a crash is settled once its lease ran out: the bot looks for the message in the
target's recent history (each message carries its reference in a footer) and only sends it
when it is not there. A send that a network error cut short is settled and tried again a few
times, soon, the same way. A queued message (a digest part) is kept as JSON, so that a later
run sends exactly the same thing.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import logging
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import aiohttp
import discord

from bot.analytics.vocabulary import DeliveryStatus, MessageKind, reference
from bot.clock import Clock
from bot.pacing import RequestPace
from bot.shards import OwnedGuilds
from storage import Delivery, Lease, Store

log = logging.getLogger(__name__)

HISTORY_LOOKBACK = 50  # messages searched for an unfinished claim's reference
# Failures after which a part may or may not have arrived: it stays claimed, and is looked
# for in the channel before it is sent again.
UNSURE = (discord.DiscordServerError, discord.RateLimited, aiohttp.ClientError, OSError)
# Failures of the connection itself, which an alert's or milestone's send retries soon; a
# server error, after discord.py's own retries, is recorded as failed.
NETWORK = (aiohttp.ClientError, OSError)
RETRIES = 3  # further tries of a send a network error cut short, each wait twice the last


@dataclass(frozen=True)
class Button:
    """A button under a message; the bot's persistent handlers answer it by ``custom_id``."""

    label: str
    custom_id: str


@dataclass(frozen=True)
class Menu:
    """A select menu under a message, answered like a button; options are (label, value)."""

    custom_id: str
    placeholder: str
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Outgoing:
    """A message to send to one target."""

    embeds: list[discord.Embed]
    content: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    menu: Menu | None = None

    def view(self) -> discord.ui.View | None:
        """The components as a view to send; stopped, since the persistent handlers registered
        at start-up answer them, not this object."""
        if not self.buttons and self.menu is None:
            return None
        view = discord.ui.View(timeout=None)
        for button in self.buttons:
            view.add_item(discord.ui.Button(label=button.label, custom_id=button.custom_id))
        if self.menu is not None:
            options = [discord.SelectOption(label=lab, value=val) for lab, val in self.menu.options]
            view.add_item(
                discord.ui.Select(
                    custom_id=self.menu.custom_id,
                    placeholder=self.menu.placeholder,
                    options=options,
                )
            )
        view.stop()
        return view


def channel_target(channel_id: int) -> str:
    return f"channel:{channel_id}"


def user_target(user_id: int) -> str:
    return f"user:{user_id}"


class Messenger(Protocol):
    """What the outbox needs of a Discord client: somewhere to send, and who it is."""

    @property
    def user(self) -> discord.ClientUser | None: ...

    async def create_dm(self, user: discord.abc.Snowflake, /) -> discord.DMChannel: ...

    def get_partial_messageable(self, id: int, /) -> discord.PartialMessageable: ...


class Outbox:
    """Sends each (kind, target, period) once; digests, alerts and milestones go through it."""

    def __init__(
        self,
        store: Store,
        messenger: Messenger,
        *,
        clock: Clock,
        pace: RequestPace,
        lease: timedelta,
        retry_after: timedelta,
    ) -> None:
        """``lease``: how long a claim stays this process's without a renewal;
        ``retry_after``: the wait before the first retry of a send cut short."""
        self._store = store
        self._messenger = messenger
        self._pace = pace
        self.clock = clock
        self.owner = uuid.uuid4().hex  # this process, in the claims it holds
        self._lease = lease
        self._retry_after = retry_after
        self._retries: set[asyncio.Task[None]] = set()
        self._closing = False
        self._claimed = False  # whether this process ever claimed anything (to give up)
        self._reported: set[str] = set()

    def lease(self) -> Lease:
        """This process's hold on a claim made now."""
        self._claimed = True
        return Lease(self.owner, self.clock() + self._lease)

    async def renew(self) -> None:
        """Keep holding the claims this process is still sending."""
        await self._store.deliveries.renew(self.lease())

    async def idle(self) -> None:
        """Wait until every retry of a send cut short has run."""
        while self._retries:
            await asyncio.gather(*self._retries, return_exceptions=True)

    async def close(self) -> None:
        """Stop retrying and give up every claim still held, so the next start settles them
        at once instead of waiting for their leases to run out."""
        self._closing = True
        for task in self._retries:
            task.cancel()
        await self.idle()
        if self._claimed:
            await self._store.deliveries.let_go(self.owner)

    async def deliver(
        self,
        kind: MessageKind,
        target: str,
        period: str,
        guild_id: int,
        outgoing: Outgoing,
        account_id: int | None = None,
    ) -> bool | None:
        """Send once. True: sent now; None: sent before (or claimed by another run);
        False: the target cannot receive it (closed DMs, deleted channel, no permission).
        ``account_id``: the account the message is about, whose removal forgets the claim."""
        return await self._deliver_try(kind, target, period, guild_id, outgoing, account_id, 0)

    async def _deliver_try(
        self,
        kind: MessageKind,
        target: str,
        period: str,
        guild_id: int,
        outgoing: Outgoing,
        account_id: int | None,
        tried: int,
    ) -> bool | None:
        claim = await self._store.deliveries.claim(
            kind,
            target,
            period,
            guild_id=guild_id,
            now=self.clock(),
            lease=self.lease(),
            account_id=account_id,
        )
        if claim is None:
            return None
        try:
            return await self.transmit(claim, outgoing)
        except NETWORK as error:
            log.warning("%s to %s cut short: %s", kind, target, error)
        await self._retry_later(claim, outgoing, tried + 1)
        return None

    async def _retry_later(self, claim: Delivery, outgoing: Outgoing, tried: int) -> None:
        """Try a send cut short again after a wait, at most ``RETRIES`` times; past that (or
        when stopping) the claim is given up, for the next start to settle."""
        if self._closing or tried > RETRIES:
            await self._store.deliveries.let_go(self.owner, claim.id)
            return
        task = asyncio.create_task(
            self._retry(claim, outgoing, tried), name=f"retry {claim.kind} to {claim.target}"
        )
        self._retries.add(task)
        task.add_done_callback(self._retries.discard)

    async def _retry(self, claim: Delivery, outgoing: Outgoing, tried: int) -> None:
        """Settle a send cut short (it may have arrived) and send it again if it did not."""
        await asyncio.sleep(self._retry_after.total_seconds() * 2 ** (tried - 1))
        try:
            settled = await self.settle(claim)
        except NETWORK as error:
            log.warning("Could not settle %s/%s: %s", claim.kind, claim.period, error)
            settled = None
        if settled is None:
            await self._retry_later(claim, outgoing, tried + 1)
        elif settled == DeliveryStatus.RELEASED:
            await self._deliver_try(
                claim.kind,
                claim.target,
                claim.period,
                claim.guild_id,
                outgoing,
                claim.account_id,
                tried,
            )

    async def transmit(
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
                claim.id, status=DeliveryStatus.SKIPPED, now=self.clock(), detail=reason
            )
            self._report_once(target, f"{kind} to {target} not delivered: {reason}")
            return False
        except discord.NotFound:
            await store.deliveries.finish(
                claim.id,
                status=DeliveryStatus.SKIPPED,
                now=self.clock(),
                detail="channel not found",
            )
            self._report_once(target, f"{kind} to {target} not delivered: channel not found")
            return False
        except discord.HTTPException as error:
            if isinstance(error, unsure):
                raise
            await store.deliveries.finish(
                claim.id,
                status=DeliveryStatus.FAILED,
                now=self.clock(),
                detail=f"{error.status} {error.text}"[:500],
            )
            log.warning("%s to %s failed after retries: %s", kind, target, error)
            return False
        await store.deliveries.finish(
            claim.id, status=DeliveryStatus.SENT, now=self.clock(), message_id=message.id
        )
        return True

    async def settle_unfinished(
        self, *, guilds: OwnedGuilds, leaving: Collection[MessageKind] = ()
    ) -> None:
        """After a crash between claim and send: a claim of an owned guild whose message did
        arrive is marked sent; any other is released, so the catch-up and the sweep that follow
        send it once. Claims of the kinds in ``leaving`` are left to whoever settles them under
        a lock."""
        for claim in await self._store.deliveries.unfinished(now=self.clock()):
            if claim.kind not in leaving and guilds.owns(claim.guild_id):
                await self.settle(claim)

    async def settle(self, claim: Delivery) -> DeliveryStatus | None:
        """Mark the claim sent if its message is in the target's history, else release it (a
        queued digest part goes back to the queue); returns its status, or None when the
        history could not be read or another live process holds the claim."""
        store = self._store
        reference_text = reference(claim.kind, claim.period)
        if claim.held_by_another(self.owner, self.clock()):
            return None
        try:
            found = await self._find_posted(claim.target, reference_text)
        except discord.HTTPException as error:
            log.warning("Could not read %s to settle %s: %s", claim.target, reference_text, error)
            return None
        if found is not None:
            await store.deliveries.finish(
                claim.id, status=DeliveryStatus.SENT, now=self.clock(), message_id=found.id
            )
            log.info("%s to %s had been sent before", reference_text, claim.target)
            return DeliveryStatus.SENT
        now, me = self.clock(), self.owner
        if claim.detail is not None:
            if not await store.deliveries.requeue(claim.id, now=now, by=me):
                return None
            log.info("%s to %s was never sent; queued again", reference_text, claim.target)
            return DeliveryStatus.QUEUED
        if not await store.deliveries.release(claim.id, now=now, by=me):
            return None
        log.info("%s to %s was never sent; released for a retry", reference_text, claim.target)
        return DeliveryStatus.RELEASED

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
        view = outgoing.view()
        if view is None:
            return await channel.send(
                content=outgoing.content, embeds=outgoing.embeds, files=files, nonce=nonce
            )
        return await channel.send(
            content=outgoing.content, embeds=outgoing.embeds, files=files, nonce=nonce, view=view
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


def encode(outgoing: Outgoing) -> str:
    """A queued part's message as JSON, so that a later run sends exactly this."""
    return json.dumps(
        {
            "content": outgoing.content,
            "embeds": [embed.to_dict() for embed in outgoing.embeds],
            "files": {
                name: base64.b64encode(data).decode() for name, data in outgoing.files.items()
            },
            "buttons": [[button.label, button.custom_id] for button in outgoing.buttons],
            "menu": None
            if outgoing.menu is None
            else [outgoing.menu.custom_id, outgoing.menu.placeholder, outgoing.menu.options],
        }
    )


def decode(text: str) -> Outgoing:
    raw = json.loads(text)
    return Outgoing(
        [discord.Embed.from_dict(embed) for embed in raw["embeds"]],
        content=raw["content"],
        files={name: base64.b64decode(data) for name, data in raw["files"].items()},
        buttons=tuple(Button(label, custom_id) for label, custom_id in raw.get("buttons", [])),
        menu=_menu(raw.get("menu")),
    )


def _menu(raw: list[Any] | None) -> Menu | None:
    if raw is None:
        return None
    custom_id, placeholder, options = raw
    return Menu(custom_id, placeholder, tuple((label, value) for label, value in options))


def _carries(text: str, reference: str) -> bool:
    """A footer such as ``ref digest/2026-W48/1 · part 1 of 2`` carries that reference."""
    return text == reference or text.startswith(reference + " ")
