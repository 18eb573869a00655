"""Interactions a test dispatches as a user, and the record of how the bot answered each.

``invoke`` runs a slash command, ``autocomplete`` types into an option, ``click`` presses a button
or picks in a select; each returns an :class:`InteractionRecord` to await the bot's answers on.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.discord_server.limits import APPLICATION_COMMAND, AUTOCOMPLETE, MESSAGE_COMPONENT
from tests.discord_server.models import (
    JSON,
    FakeChannel,
    FakeGuild,
    FakeMessage,
    FakeUser,
    Perm,
    Violation,
)
from tests.discord_server.waiting import Waiter


@dataclass(eq=False)
class InteractionRecord:
    """An interaction the test dispatched, and everything the bot did in answer."""

    id: int
    token: str
    type: int
    payload: JSON
    guild_id: int | None
    channel_id: int
    user_id: int
    command: str | None = None
    custom_id: str | None = None
    dispatched_at: float = 0.0
    #: accepted initial responses: (callback type, callback "data"); at most one
    callbacks: list[tuple[int, JSON | None]] = field(default_factory=list)
    #: messages made by follow-up POSTs (live objects); after a thinking deferral the first one
    #: completes the loading message, so it is also ``original``
    followups: list[FakeMessage] = field(default_factory=list)
    #: ("@original" or message id, PATCH data) for every accepted edit
    edits: list[tuple[str, JSON]] = field(default_factory=list)
    #: the live original response; for component interactions after type 6/7, the clicked message
    original: FakeMessage | None = None
    source_message: FakeMessage | None = None
    choices: list[JSON] | None = None  # autocomplete result (type 8)
    violations: list[Violation] = field(default_factory=list)
    #: snapshots of every visible answer in order: reply, edits, follow-ups
    visible: list[FakeMessage] = field(default_factory=list)
    _waiter: Waiter = field(default_factory=Waiter, repr=False)

    @property
    def acknowledged(self) -> bool:
        return bool(self.callbacks)

    @property
    def callback_type(self) -> int | None:
        return self.callbacks[0][0] if self.callbacks else None

    def describe(self) -> str:
        what = f"/{self.command}" if self.command else f"component {self.custom_id!r}"
        return (
            f"interaction {self.id} ({what}, user {self.user_id}): callbacks="
            f"{[t for t, _ in self.callbacks]}, followups={len(self.followups)}, "
            f"violations={[str(v) for v in self.violations]}"
        )

    async def wait_acknowledged(self, timeout: float = 5.0) -> int:  # noqa: ASYNC109
        """Wait for the initial response; return its callback type."""
        return await self._waiter.wait(lambda: self.callback_type, timeout, self.describe)

    async def reply(self, timeout: float = 5.0) -> FakeMessage:  # noqa: ASYNC109
        """The first visible answer: type 4/7 callback, or first edit/follow-up after a deferral."""
        first = lambda: self.visible[0] if self.visible else None  # noqa: E731
        return await self._waiter.wait(first, timeout, self.describe)

    async def followup(self, index: int = 0, timeout: float = 5.0) -> FakeMessage:  # noqa: ASYNC109
        """Wait for the ``index``-th follow-up message (live object)."""
        nth = lambda: self.followups[index] if len(self.followups) > index else None  # noqa: E731
        return await self._waiter.wait(nth, timeout, self.describe)

    async def all_messages(self, quiet: float = 0.1, timeout: float = 5.0) -> list[FakeMessage]:  # noqa: ASYNC109
        """Wait for the reply, then until the bot is quiet; return the live, undeleted messages."""
        await self.reply(timeout)
        await self._waiter.quiet(quiet, timeout)
        seen: dict[int, FakeMessage] = {}
        for msg in [self.original, *self.followups]:
            if msg is not None and not msg.deleted and not msg.loading:
                seen.setdefault(msg.id, msg)
        return list(seen.values())

    def _changed(self, visible: FakeMessage | None = None) -> None:
        if visible is not None:
            self.visible.append(visible.snapshot())
        self._waiter.notify()


class InteractionsMixin:
    """FakeDiscord's user side: run a command, type into an option, click a component."""

    async def invoke(
        self,
        guild_id: int | None,
        user_id: int,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        channel_id: int | None = None,
        attachments: Mapping[str, bytes] | None = None,
        locale: str = "en-US",
        unchecked: bool = False,
    ) -> InteractionRecord:
        """A user runs ``/command`` (e.g. "account add"), options checked against the synced schema.

        Attachment options take a key of ``attachments``, a ``(name, bytes)`` pair or a FakeFile;
        user/channel/role options an id (or an object with ``.id``). ``guild_id=None`` runs the
        command in the user's DM with the bot. ``unchecked=True`` sends option values as given,
        past the schema's types, ranges and choices, as a modified client could; user, channel
        and role ids then arrive without resolved data. Returns at once; await ``record.reply()``.
        """
        guild, channel, user = self._context(guild_id, user_id, channel_id)
        cmd, chain, leaf = self._find_command(guild_id, command)
        self._check_command_access(cmd, command, guild, channel, user_id)
        files, resolved = dict(attachments or {}), dict[str, Any]()
        opts = self._build_options(
            command,
            leaf,
            dict(options or {}),
            guild,
            channel,
            user_id,
            files,
            resolved,
            unchecked=unchecked,
        )
        if files:
            raise AssertionError(
                f"attachments {sorted(files)} are not used by any option of /{command}"
            )
        data: JSON = {"id": cmd["id"], "name": cmd["name"], "type": 1}
        if opts or chain:
            data["options"] = self._nest(chain, opts)
        if resolved:
            data["resolved"] = resolved
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return await self._dispatch_interaction(
            APPLICATION_COMMAND, guild, channel, user, locale, data, command=command
        )

    async def autocomplete(
        self,
        guild_id: int | None,
        user_id: int,
        command: str,
        options: Mapping[str, Any] | None,
        focused: str,
        *,
        channel_id: int | None = None,
        locale: str = "en-US",
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[JSON]:
        """A user types into option ``focused``; return the choices the bot answered (type 8)."""
        guild, channel, user = self._context(guild_id, user_id, channel_id)
        cmd, chain, leaf = self._find_command(guild_id, command)
        given = dict(options or {})
        given.setdefault(focused, "")
        opts = self._build_options(
            command, leaf, given, guild, channel, user_id, {}, {}, focused=focused
        )
        data: JSON = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": 1,
            "options": self._nest(chain, opts),
        }
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        record = await self._dispatch_interaction(
            AUTOCOMPLETE, guild, channel, user, locale, data, command=command
        )
        return await record._waiter.wait(lambda: record.choices, timeout, record.describe)

    async def click(
        self,
        record_or_message: InteractionRecord | FakeMessage,
        custom_id: str,
        user_id: int,
        *,
        values: list[str] | None = None,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """A user clicks a button (or picks ``values`` in a select menu) on a bot message."""
        msg = self._find_component_message(record_or_message, custom_id)
        comp = msg.component(custom_id) or {}
        ctype = comp.get("type", 2)
        if comp.get("disabled"):
            raise AssertionError(f"component {custom_id!r} is disabled")
        if ctype == 2 and comp.get("style") == 5:
            raise AssertionError(
                f"component {custom_id!r} is a link button: it sends no interaction"
            )
        recipient = (self.channel(msg.channel_id) or FakeChannel(0, "", None)).recipient_id
        if msg.guild_id is None and recipient not in (None, user_id):
            raise AssertionError(f"message {msg.id} is in the DM with {recipient}, not {user_id}")
        if msg.ephemeral and msg.interaction_user_id not in (None, user_id):
            raise AssertionError(
                f"message {msg.id} is ephemeral: only user {msg.interaction_user_id} sees it"
            )
        guild, channel, user = self._context(
            msg.guild_id, user_id, msg.channel_id if msg.guild_id else None
        )
        data: JSON = {"custom_id": custom_id, "component_type": ctype}
        if ctype != 2:
            picked = list(values or [])
            allowed = [o.get("value") for o in comp.get("options") or []]
            if allowed and any(v not in allowed for v in picked):
                raise AssertionError(
                    f"values {picked} are not among the select's options {allowed}"
                )
            low, high = comp.get("min_values", 1), comp.get("max_values", 1)
            if not low <= len(picked) <= high:
                raise AssertionError(
                    f"select {custom_id!r} takes {low}..{high} values, got {len(picked)}"
                )
            data["values"] = picked
        extra = {"message": self._message_payload(msg)}
        return await self._dispatch_interaction(
            MESSAGE_COMPONENT,
            guild,
            channel,
            user,
            locale,
            data,
            custom_id=custom_id,
            source=msg,
            extra=extra,
        )

    def _context(
        self, guild_id: int | None, user_id: int, channel_id: int | None
    ) -> tuple[FakeGuild | None, FakeChannel, FakeUser]:
        user = self.users.get(user_id)
        if user is None:
            raise AssertionError(
                f"unknown user {user_id}: add it with guild.add_member() or server.add_user()"
            )
        if guild_id is None:
            return None, self.dm_channel(user_id), user
        guild = self.guilds.get(guild_id)
        if guild is None or not guild.announced:
            raise AssertionError(
                f"the bot does not know guild {guild_id} (not added, or not connected?)"
            )
        if user_id not in guild.members:
            raise AssertionError(f"user {user_id} is not a member of guild {guild_id}")
        channel = guild.default_channel() if channel_id is None else guild.channels.get(channel_id)
        if channel is None:
            raise AssertionError(f"channel {channel_id} is not in guild {guild_id}")
        if not guild.permissions_for(user_id, channel) & Perm.VIEW_CHANNEL:
            raise AssertionError(f"user {user_id} cannot see channel {channel.id}")
        return guild, channel, user

    def _find_component_message(
        self, target: InteractionRecord | FakeMessage, custom_id: str
    ) -> FakeMessage:
        if isinstance(target, FakeMessage):
            candidates = [self._messages_by_id.get(target.id, target)]
        else:
            candidates = [
                m for m in [*reversed(target.followups), target.original] if m is not None
            ]
        available: list[str] = []
        for msg in candidates:
            if not msg.deleted and msg.component(custom_id) is not None:
                return msg
            available += [] if msg.deleted else msg.custom_ids()
        raise AssertionError(
            f"no component {custom_id!r} on the bot's message; custom ids: {available}"
        )

    def _interaction_payload(
        self, itype: int, guild: FakeGuild | None, channel: FakeChannel, user: FakeUser, locale: str
    ) -> JSON:
        payload: JSON = {
            "application_id": str(self.application_id), "type": itype, "version": 1,
            "locale": locale, "entitlements": [], "entitlement_sku_ids": [],
            "attachment_size_limit": self.attachment_size_limit, "channel_id": str(channel.id),
        }  # fmt: skip
        if guild is None:
            return payload | {
                "context": 1, "authorizing_integration_owners": {"0": "0"},
                "channel": channel.to_payload() | {"recipients": [user.to_payload()]},
                "user": user.to_payload(), "app_permissions": str(Perm.BOT_DEFAULT),
            }  # fmt: skip
        perms = guild.permissions_for(user.id, channel)
        return payload | {
            "context": 0, "authorizing_integration_owners": {"0": str(guild.id)},
            "guild_id": str(guild.id), "guild_locale": guild.locale,
            "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
            "channel": channel.to_payload() | {"permissions": str(perms)},
            "member": guild.members[user.id].to_payload(permissions=perms),
            "app_permissions": str(guild.permissions_for(self.bot_user.id, channel)),
        }  # fmt: skip

    async def _dispatch_interaction(
        self,
        itype: int,
        guild: FakeGuild | None,
        channel: FakeChannel,
        user: FakeUser,
        locale: str,
        data: JSON,
        *,
        command: str | None = None,
        custom_id: str | None = None,
        source: FakeMessage | None = None,
        extra: JSON | None = None,
    ) -> InteractionRecord:
        session = next(
            (s for s in self._active_sessions() if s.covers(guild.id if guild else None)), None
        )
        if session is None:
            raise AssertionError("the bot is not connected to the gateway (no identified session)")
        iid = self.snowflakes.next()
        token = f"aW50ZXJhY3Rpb246{iid}:{secrets.token_urlsafe(32)}"
        payload = self._interaction_payload(itype, guild, channel, user, locale)
        payload |= {"id": str(iid), "token": token, "data": data, **(extra or {})}
        guild_id = guild.id if guild else None
        record = InteractionRecord(
            iid,
            token,
            itype,
            payload,
            guild_id,
            channel.id,
            user.id,
            command,
            custom_id,
            source_message=source,
        )
        self.interactions.append(record)
        self._by_id[iid] = self._by_token[token] = record
        record.dispatched_at = time.monotonic()
        await self._dispatch(session, "INTERACTION_CREATE", payload)
        return record
