"""A local Discord-compatible server for end-to-end tests (Discord API v10, discord.py 2.7).

One aiohttp application on one loopback port serves the REST API (``/api/v10/...``), the gateway
websocket (``/``) and a CDN for attachments (``/attachments/...``). A real discord.py bot talks to
it after two patches::

    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)

It is strict like Discord: a second initial interaction response gets 40060, an initial response
later than 3 s gets 10062, messages over Discord's limits get 50035, options that do not match the
synced command schema raise ``AssertionError`` in the test, unknown routes get 404. Each broken
rule is kept in :attr:`FakeDiscord.violations`, every request in :attr:`FakeDiscord.requests`;
:meth:`FakeDiscord.assert_clean` fails a test on a violation or an unknown route.

Typical use (``tests/e2e/test_discord_server.py`` has a complete bot fixture)::

    server = FakeDiscord()
    guild = server.add_guild(1, "Team", owner_id=10)
    guild.add_channel(2, "general")
    await server.start()
    ...  # patch discord.py, bot.login(), create_task(bot.connect()), bot.wait_until_ready()
    record = await server.invoke(1, 10, "net", {"account": "acme"})
    assert "+12" in (await record.reply()).text
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import json
import math
import mimetypes
import re
import secrets
import time
import uuid
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import BodyPartReader, WSMsgType, web

__all__ = [
    "DiscordAPIError",
    "FakeChannel",
    "FakeDiscord",
    "FakeFile",
    "FakeGuild",
    "FakeMember",
    "FakeMessage",
    "FakeRole",
    "FakeUser",
    "InteractionRecord",
    "Perm",
    "RecordedRequest",
    "SyncedCommands",
    "Violation",
]

JSON = dict[str, Any]
T = TypeVar("T")

API_PREFIX = "/api/v10"
CDN_PREFIX = "/attachments/"
DISCORD_EPOCH_MS = 1_420_070_400_000
MIB = 1024 * 1024
DEFAULT_APPLICATION_ID = 900_000_000_000_000_001
DEFAULT_OWNER_ID = 900_000_000_000_000_002
JOINED_AT = "2024-01-01T00:00:00+00:00"


class Perm:
    """Discord permission bits (the ones the bot and the tests care about)."""

    CREATE_INSTANT_INVITE = 1 << 0
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38
    ALL = (1 << 51) - 1
    #: what the bot's managed role gets from a typical invite link
    BOT_DEFAULT = (
        VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
        | ADD_REACTIONS | USE_APPLICATION_COMMANDS | SEND_MESSAGES_IN_THREADS
    )  # fmt: skip
    #: what @everyone gets in a new server (the parts that matter here)
    EVERYONE_DEFAULT = BOT_DEFAULT | CREATE_INSTANT_INVITE | USE_EXTERNAL_EMOJIS | CHANGE_NICKNAME


INTENT_GUILD_MEMBERS = 1 << 1
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
APPLICATION_FLAGS = 1 << 23  # APPLICATION_COMMAND_BADGE

FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
FLAG_COMPONENTS_V2 = 1 << 15
SETTABLE_FLAGS = FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_COMPONENTS_V2

# Interaction types, and which callback types Discord accepts for each.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    APPLICATION_COMMAND: frozenset({4, 5, 9, 12}),
    MESSAGE_COMPONENT: frozenset({4, 5, 6, 7, 9}),
    AUTOCOMPLETE: frozenset({8}),
    MODAL_SUBMIT: frozenset({4, 5, 6, 7}),
}
OPTION_TYPES = {
    1: "SUB_COMMAND", 2: "SUB_COMMAND_GROUP", 3: "STRING", 4: "INTEGER", 5: "BOOLEAN", 6: "USER",
    7: "CHANNEL", 8: "ROLE", 9: "MENTIONABLE", 10: "NUMBER", 11: "ATTACHMENT",
}  # fmt: skip

# Discord's limits.
MAX_CONTENT, MAX_EMBEDS, MAX_EMBED_TOTAL, MAX_FIELDS = 2000, 10, 6000, 25
EMBED_TEXT_LIMITS = {"title": 256, "description": 4096}
FIELD_LIMITS = {"name": 256, "value": 1024}
MAX_FOOTER, MAX_AUTHOR = 2048, 256
MAX_FILES, MAX_FILE_SIZE = 10, 10 * MIB
ATTACHMENT_SIZE_LIMIT = 10 * MIB  # what a user may upload in a server without boosts
MAX_CHOICES, MAX_COMMANDS, MAX_COMMAND_SIZE = 25, 100, 4000
COMMAND_NAME_RE = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
MAX_SAFE_INTEGER = 2**53
TRUE_VALUES = ("1", "true", "True")


# --------------------------------------------------------------------------- helpers


class _Snowflakes:
    """Time-based snowflakes, strictly increasing."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = value if value > self._last else self._last + 1
        return self._last


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat()


def _json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py treats the body as text.
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


def _id_of(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if hasattr(value, "id"):
        return int(value.id)
    raise TypeError(value)


def _walk_components(components: Iterable[JSON]) -> Iterator[JSON]:
    for comp in components:
        yield comp
        yield from _walk_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from _walk_components([comp[key]])


class DiscordAPIError(Exception):
    """Raised inside a route handler: becomes Discord's error response.

    ``violation`` says why the bot broke a rule; None for normal conditions (injected faults).
    """

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        violation: str | None = None,
        errors: JSON | None = None,
        headers: Mapping[str, str] | None = None,
        extra: JSON | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message = status, code, message
        self.violation = violation
        self.errors = errors
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def response(self) -> web.Response:
        body: JSON = {"message": self.message, "code": self.code, **self.extra}
        if self.errors:
            body["errors"] = self.errors
        return _json_response(body, self.status, self.headers)


class _FormErrors:
    """Collects "Invalid Form Body" (50035) errors keyed by field path, as Discord reports them."""

    def __init__(self) -> None:
        self.tree: JSON = {}

    def add(self, path: Iterable[str | int], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: Iterable[str | int], size: int, limit: int) -> None:
        if size > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def between(self, path: Iterable[str | int], size: int, low: int, high: int) -> None:
        if not low <= size <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def raise_if_any(self, why: str) -> None:
        if self.tree:
            raise DiscordAPIError(400, 50035, "Invalid Form Body", violation=why, errors=self.tree)


class _Waiter:
    """Lets tests wait until a predicate over mutable state holds."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.changes = 0

    def notify(self) -> None:
        self.changes += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait(
        self, predicate: Callable[[], T | None], limit: float, what: Callable[[], str]
    ) -> T:
        """Return the predicate's first result that is not None/False."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            result = predicate()
            if result is not None and result is not False:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {limit}s waiting for {what()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), remaining)

    async def quiet(self, period: float, limit: float) -> None:
        """Return once nothing changed for ``period`` seconds (or after ``limit``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            before = self.changes
            await asyncio.sleep(min(period, max(0.0, deadline - loop.time())))
            if self.changes == before:
                return


# --------------------------------------------------------------------------- the world


@dataclass
class FakeUser:
    """A Discord user known to the server."""

    id: int
    name: str
    bot: bool = False
    global_name: str | None = None

    def to_payload(self) -> JSON:
        return {
            "id": str(self.id), "username": self.name, "discriminator": "0",
            "global_name": self.global_name, "avatar": None, "banner": None, "accent_color": None,
            "avatar_decoration_data": None, "bot": self.bot, "system": False, "public_flags": 0,
            "flags": 0,
        }  # fmt: skip


@dataclass
class FakeRole:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False
    bot_id: int | None = None

    def to_payload(self) -> JSON:
        payload: JSON = {
            "id": str(self.id), "name": self.name, "permissions": str(self.permissions),
            "position": self.position, "color": 0, "hoist": False, "icon": None,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "unicode_emoji": None, "managed": self.managed, "mentionable": False, "flags": 0,
        }  # fmt: skip
        if self.bot_id is not None:
            payload["tags"] = {"bot_id": str(self.bot_id)}
        return payload


@dataclass
class FakeChannel:
    """A guild text channel (type 0) or a DM channel (type 1)."""

    id: int
    name: str
    guild_id: int | None
    type: int = 0
    position: int = 0
    topic: str | None = None
    #: permission overwrites: {"id", "type" (0 role, 1 member), "allow", "deny"} with int values
    overwrites: list[JSON] = field(default_factory=list)
    recipient_id: int | None = None

    def deny(self, target_id: int, permissions: int, *, member: bool = True) -> None:
        """Deny ``permissions`` to a member (or a role) in this channel."""
        self.overwrites.append(
            {"id": target_id, "type": int(member), "allow": 0, "deny": permissions}
        )

    def allow(self, target_id: int, permissions: int, *, member: bool = True) -> None:
        """Allow ``permissions`` to a member (or a role) in this channel."""
        self.overwrites.append(
            {"id": target_id, "type": int(member), "allow": permissions, "deny": 0}
        )

    def to_payload(self) -> JSON:
        payload: JSON = {"id": str(self.id), "type": self.type, "name": self.name}
        payload |= {"flags": 0, "last_message_id": None}
        if self.guild_id is not None:
            overwrites = [
                {k: str(v) if k != "type" else v for k, v in o.items()} for o in self.overwrites
            ]
            payload |= {
                "guild_id": str(self.guild_id), "position": self.position, "parent_id": None,
                "topic": self.topic, "nsfw": False, "rate_limit_per_user": 0,
                "permission_overwrites": overwrites,
            }  # fmt: skip
        return payload


@dataclass
class FakeMember:
    """A user's membership in a guild."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    #: fixed permissions instead of the ones computed from roles and overwrites
    permissions: int | None = None
    nick: str | None = None

    @property
    def id(self) -> int:
        return self.user.id

    def to_payload(self, *, with_user: bool = True, permissions: int | None = None) -> JSON:
        payload: JSON = {
            "roles": [str(r) for r in self.roles], "nick": self.nick, "avatar": None,
            "banner": None, "joined_at": JOINED_AT, "premium_since": None, "deaf": False,
            "mute": False, "pending": False, "flags": 0, "communication_disabled_until": None,
        }  # fmt: skip
        if with_user:
            payload["user"] = self.user.to_payload()
        if permissions is not None:
            payload["permissions"] = str(permissions)
        return payload


class FakeGuild:
    """A guild (channels, roles, members); build it with ``add_*`` before or after the bot connects.

    After the bot has the guild, ``add_channel``/``add_role``/``add_member``/``remove_member`` send
    CHANNEL_CREATE / GUILD_ROLE_CREATE / GUILD_MEMBER_ADD / GUILD_MEMBER_REMOVE (member events only
    with the members intent, as on Discord); ``await server.flush()`` waits until they are sent.
    """

    def __init__(self, server: FakeDiscord, guild_id: int, name: str, owner_id: int) -> None:
        self._server = server
        self.id, self.name, self.owner_id = guild_id, name, owner_id
        self.locale = "en-US"
        self.channels: dict[int, FakeChannel] = {}
        self.roles = {guild_id: FakeRole(guild_id, "@everyone", Perm.EVERYONE_DEFAULT)}
        self.members: dict[int, FakeMember] = {}
        self.announced = False  # GUILD_CREATE sent to the bot
        self.pending = False  # GUILD_CREATE scheduled
        bot = server.bot_user
        self.bot_role = FakeRole(
            server.snowflakes.next(), bot.name, Perm.BOT_DEFAULT, 1, True, bot.id
        )
        self.roles[self.bot_role.id] = self.bot_role
        self.members[bot.id] = FakeMember(bot, [self.bot_role.id])

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    def add_channel(
        self, channel_id: int, name: str, *, bot_can_send: bool = True, topic: str | None = None
    ) -> FakeChannel:
        """Add a text channel; ``bot_can_send=False`` denies the bot Send Messages there."""
        channel = FakeChannel(channel_id, name, self.id, position=len(self.channels), topic=topic)
        if not bot_can_send:
            channel.deny(self._server.bot_user.id, Perm.SEND_MESSAGES)
        self.channels[channel_id] = channel
        self._server._guild_event(self, "CHANNEL_CREATE", channel.to_payload)
        return channel

    def add_role(self, role_id: int, name: str, permissions: int = 0) -> FakeRole:
        """Add a role with the given permission bits (see :class:`Perm`)."""
        role = FakeRole(role_id, name, permissions, position=len(self.roles))
        self.roles[role_id] = role
        payload = lambda: {"guild_id": str(self.id), "role": role.to_payload()}  # noqa: E731
        self._server._guild_event(self, "GUILD_ROLE_CREATE", payload)
        return role

    def add_member(
        self,
        user_id: int,
        name: str | None = None,
        *,
        roles: Iterable[int] = (),
        permissions: int | None = None,
        nick: str | None = None,
        bot: bool = False,
    ) -> FakeMember:
        """Add (or replace) a member; ``permissions`` overrides the computation from roles."""
        server = self._server
        user = server.users.get(user_id) or server.add_user(
            user_id, name or f"user{user_id}", bot=bot
        )
        user.name = name or user.name
        unknown = [r for r in roles if r not in self.roles]
        if unknown:
            raise ValueError(f"roles {unknown} are not in guild {self.id}; add_role() them first")
        member = FakeMember(user, list(roles), permissions, nick)
        self.members[user_id] = member
        if server._intents_include(self, INTENT_GUILD_MEMBERS):
            payload = lambda: member.to_payload() | {"guild_id": str(self.id)}  # noqa: E731
            server._guild_event(self, "GUILD_MEMBER_ADD", payload)
        return member

    def remove_member(self, user_id: int) -> None:
        """Remove a member (the user stays known to the server)."""
        member = self.members.pop(user_id)
        if self._server._intents_include(self, INTENT_GUILD_MEMBERS):
            payload = lambda: {"guild_id": str(self.id), "user": member.user.to_payload()}  # noqa: E731
            self._server._guild_event(self, "GUILD_MEMBER_REMOVE", payload)

    def default_channel(self) -> FakeChannel:
        for channel in self.channels.values():
            if channel.type == 0:
                return channel
        raise AssertionError(f"guild {self.id} has no text channel; add_channel() one")

    def permissions_for(self, user_id: int, channel: FakeChannel | int | None = None) -> int:
        """Discord's computation: owner, @everyone + roles, administrator, then overwrites."""
        member = self.members.get(user_id)
        if member is None:
            return 0
        if member.permissions is not None:
            return member.permissions
        if user_id == self.owner_id:
            return Perm.ALL
        perms = self.everyone.permissions
        for role_id in member.roles:
            perms |= self.roles[role_id].permissions
        if perms & Perm.ADMINISTRATOR:
            return Perm.ALL
        if isinstance(channel, int):
            channel = self.channels.get(channel)
        if channel is None:
            return perms
        role_allow = role_deny = 0
        for o in channel.overwrites:
            if o["type"] == 0 and o["id"] == self.id:
                perms = (perms & ~o["deny"]) | o["allow"]
            elif o["type"] == 0 and o["id"] in member.roles:
                role_allow, role_deny = role_allow | o["allow"], role_deny | o["deny"]
        perms = (perms & ~role_deny) | role_allow
        for o in channel.overwrites:
            if o["type"] == 1 and o["id"] == user_id:
                perms = (perms & ~o["deny"]) | o["allow"]
        return perms

    def to_payload(self, intents: int) -> JSON:
        """The GUILD_CREATE payload; without the members intent only the bot's member is sent."""
        members = list(self.members.values())
        bot_id = self._server.bot_user.id
        sent = members if intents & INTENT_GUILD_MEMBERS else [m for m in members if m.id == bot_id]
        return {
            "id": str(self.id), "name": self.name, "owner_id": str(self.owner_id),
            "icon": None, "splash": None, "discovery_splash": None, "banner": None,
            "description": None, "afk_channel_id": None, "afk_timeout": 300,
            "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
            "premium_subscription_count": 0, "premium_progress_bar_enabled": False,
            "preferred_locale": self.locale, "features": [], "system_channel_id": None,
            "system_channel_flags": 0, "rules_channel_id": None, "public_updates_channel_id": None,
            "safety_alerts_channel_id": None, "vanity_url_code": None, "application_id": None,
            "max_members": 500000, "max_video_channel_users": 25, "joined_at": JOINED_AT,
            "large": False, "unavailable": False, "member_count": len(members),
            "roles": [r.to_payload() for r in self.roles.values()],
            "channels": [c.to_payload() for c in self.channels.values()],
            "members": [m.to_payload() for m in sent],
            "emojis": [], "stickers": [], "voice_states": [], "presences": [], "threads": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
        }  # fmt: skip


# --------------------------------------------------------------------------- messages and records


@dataclass
class FakeFile:
    """A file: one the bot sent, or one a test user uploaded. Unpacks as ``name, data``."""

    filename: str
    data: bytes
    content_type: str | None = None
    id: int = 0
    url: str = ""
    description: str | None = None

    @property
    def name(self) -> str:
        return self.filename

    @property
    def size(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.filename, self.data))

    def to_payload(self) -> JSON:
        payload: JSON = {
            "id": str(self.id), "filename": self.filename, "size": self.size, "url": self.url,
            "proxy_url": self.url, "content_type": self.content_type,
        }  # fmt: skip
        if self.description is not None:
            payload["description"] = self.description
        return payload


@dataclass(eq=False)
class FakeMessage:
    """A message the bot sent: channel post, DM, interaction response or follow-up."""

    id: int
    channel_id: int
    guild_id: int | None = None
    content: str = ""
    embeds: list[JSON] = field(default_factory=list)
    files: list[FakeFile] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    interaction_id: int | None = None
    interaction_type: int | None = None
    interaction_user_id: int | None = None
    webhook_id: int | None = None
    reference: JSON | None = None
    created_at: float = field(default_factory=time.time)
    edited_at: float | None = None
    edit_count: int = 0
    deleted: bool = False

    @property
    def attachments(self) -> list[FakeFile]:
        return self.files

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        """True for the "thinking..." message of a deferral not yet completed."""
        return bool(self.flags & FLAG_LOADING)

    @property
    def embed(self) -> JSON | None:
        return self.embeds[0] if self.embeds else None

    @property
    def text(self) -> str:
        """Content plus all embed text (title, author, description, fields, footer), for ``in``."""
        parts: list[Any] = [self.content]
        for e in self.embeds:
            parts += [e.get("title"), (e.get("author") or {}).get("name"), e.get("description")]
            for f in e.get("fields") or []:
                parts += [f.get("name"), f.get("value")]
            parts.append((e.get("footer") or {}).get("text"))
        return "\n".join(str(p) for p in parts if p)

    def file(self, name: str) -> FakeFile:
        for f in self.files:
            if f.filename == name:
                return f
        names = [f.filename for f in self.files]
        raise AssertionError(f"message {self.id} has no file {name!r}; files: {names}")

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in _walk_components(self.components) if "custom_id" in c]

    def component(self, custom_id: str) -> JSON | None:
        return next(
            (c for c in _walk_components(self.components) if c.get("custom_id") == custom_id), None
        )

    def snapshot(self) -> FakeMessage:
        return copy.deepcopy(self)


@dataclass
class RecordedRequest:
    """One HTTP request the bot made."""

    method: str
    path: str  # relative to /api/v10 (CDN requests: /attachments/...)
    query: dict[str, str]
    json: Any  # the JSON body, or the multipart payload_json
    files: list[tuple[str, int]]  # (filename, size) of multipart files
    time: float  # time.monotonic()
    route: str | None = None  # the matched route, e.g. "POST /channels/{channel_id}/messages"
    status: int = 0


@dataclass
class Violation:
    """A Discord rule the bot broke; the server answered with Discord's error."""

    code: int
    message: str
    reason: str
    method: str
    path: str
    interaction_id: int | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.code} {self.message} ({self.reason})"


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
    modal: JSON | None = None  # modal the bot opened (type 9)
    violations: list[Violation] = field(default_factory=list)
    #: snapshots of every visible answer in order: reply, edits, follow-ups
    visible: list[FakeMessage] = field(default_factory=list)
    _waiter: _Waiter = field(default_factory=_Waiter, repr=False)

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

    async def wait_visible(self, count: int, timeout: float = 5.0) -> list[FakeMessage]:  # noqa: ASYNC109
        """Wait for ``count`` visible answers (reply, edits, follow-ups); return their snapshots."""
        enough = lambda: list(self.visible) if len(self.visible) >= count else None  # noqa: E731
        return await self._waiter.wait(enough, timeout, self.describe)

    async def followup(self, index: int = 0, timeout: float = 5.0) -> FakeMessage:  # noqa: ASYNC109
        """Wait for the ``index``-th follow-up message (live object)."""
        nth = lambda: self.followups[index] if len(self.followups) > index else None  # noqa: E731
        return await self._waiter.wait(nth, timeout, self.describe)

    async def modal_opened(self, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109
        """Wait for the bot to open a modal (type 9 callback); return its data."""
        return await self._waiter.wait(lambda: self.modal, timeout, self.describe)

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


# --------------------------------------------------------------------------- commands


class SyncedCommands:
    """The application commands the bot synced (global and per guild), as Discord stores them."""

    def __init__(self) -> None:
        self.global_commands: dict[str, JSON] = {}
        self.guild_commands: dict[int, dict[str, JSON]] = defaultdict(dict)
        #: how many bulk-overwrite PUTs happened, keyed "global" or by guild id
        self.put_counts: Counter[str | int] = Counter()

    def __contains__(self, name: object) -> bool:
        return name in self.global_commands or any(name in g for g in self.guild_commands.values())

    def names(self, guild_id: int | None = None) -> set[str]:
        """Global command names, or the names of one guild's commands."""
        return set(
            self.global_commands if guild_id is None else self.guild_commands.get(guild_id, {})
        )

    def get(self, name: str, guild_id: int | None = None) -> JSON | None:
        """The command a user in ``guild_id`` sees as ``name`` (guild command, else global)."""
        if guild_id is not None and name in self.guild_commands.get(guild_id, {}):
            return self.guild_commands[guild_id][name]
        return self.global_commands.get(name)

    def all(self) -> list[JSON]:
        return [
            *self.global_commands.values(),
            *(c for g in self.guild_commands.values() for c in g.values()),
        ]

    def scope(self, guild_id: int | None) -> dict[str, JSON]:
        return self.global_commands if guild_id is None else self.guild_commands[guild_id]

    def store(self, guild_id: int | None, body: JSON, ids: _Snowflakes, app_id: int) -> JSON:
        """Upsert one command; a command keeps its id when re-synced under the same name."""
        existing = self.scope(guild_id).get(body["name"])
        cmd = {"type": 1, "default_member_permissions": None, "nsfw": False, **copy.deepcopy(body)}
        cmd["id"] = existing["id"] if existing else str(ids.next())
        cmd["application_id"], cmd["version"] = str(app_id), str(ids.next())
        if guild_id is not None:
            cmd["guild_id"] = str(guild_id)
        self.scope(guild_id)[cmd["name"]] = cmd
        return cmd

    def replace(
        self, guild_id: int | None, bodies: list[JSON], ids: _Snowflakes, app_id: int
    ) -> list[JSON]:
        """Bulk overwrite: the scope holds exactly ``bodies`` afterwards."""
        old = dict(self.scope(guild_id))
        self.scope(guild_id).clear()
        out = []
        for body in bodies:
            if body["name"] in old:
                self.scope(guild_id)[body["name"]] = old[body["name"]]
            out.append(self.store(guild_id, body, ids, app_id))
        return out


def _command_size(cmd: JSON) -> int:
    total = len(cmd.get("name", "")) + len(cmd.get("description", ""))
    for opt in cmd.get("options") or []:
        total += _command_size(opt)
        total += sum(
            len(str(c.get("name", ""))) + len(str(c.get("value", "")))
            for c in opt.get("choices") or []
        )
    return total


def _check_name(errors: _FormErrors, path: list[str | int], name: str) -> None:
    if not COMMAND_NAME_RE.match(name) or name != name.lower():
        errors.add(
            [*path, "name"],
            "APPLICATION_COMMAND_INVALID_NAME",
            f"Command name is invalid: {name!r}",
        )


def _validate_options(options: Any, path: list[str | int], errors: _FormErrors, depth: int) -> None:
    if not isinstance(options, list):
        errors.add(path, "BASE_TYPE_BAD_TYPE", "Must be an array.")
        return
    errors.max_len(path, len(options), 25)
    if len({o.get("type") in (1, 2) for o in options}) > 1:
        errors.add(
            path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands mix with options"
        )
    names: set[str] = set()
    seen_optional = False
    for i, opt in enumerate(options):
        p = [*path, i]
        name, otype = opt.get("name", ""), opt.get("type")
        _check_name(errors, p, name)
        if name in names:
            errors.add(
                [*p, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Duplicate name"
            )
        names.add(name)
        errors.between([*p, "description"], len(opt.get("description") or ""), 1, 100)
        if otype not in OPTION_TYPES:
            errors.add(
                [*p, "type"], "BASE_TYPE_CHOICES", f"Value must be one of {sorted(OPTION_TYPES)}."
            )
        if otype in (1, 2):
            inner = opt.get("options") or []
            mixed = otype == 2 and any(o.get("type") != 1 for o in inner)
            if mixed or depth > (0 if otype == 2 else 1):
                errors.add(
                    p, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Invalid sub-command nesting"
                )
            _validate_options(inner, [*p, "options"], errors, depth + 1)
            continue
        if opt.get("required") and seen_optional:
            msg = "Required options must be placed before non-required options"
            errors.add([*p, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", msg)
        seen_optional = seen_optional or not opt.get("required")
        choices = opt.get("choices") or []
        errors.max_len([*p, "choices"], len(choices), MAX_CHOICES)
        if choices and opt.get("autocomplete"):
            errors.add(
                [*p, "autocomplete"], "AUTOCOMPLETE_WITH_CHOICES", "Autocomplete with choices"
            )
        for j, choice in enumerate(choices):
            errors.between([*p, "choices", j, "name"], len(str(choice.get("name", ""))), 1, 100)
            if isinstance(choice.get("value"), str):
                errors.max_len([*p, "choices", j, "value"], len(choice["value"]), 100)


def _validate_commands(bodies: Any) -> None:
    """Light validation of application commands, with Discord-style error paths."""
    errors = _FormErrors()
    if not isinstance(bodies, list) or not all(isinstance(b, dict) for b in bodies):
        errors.add([], "BASE_TYPE_BAD_TYPE", "Must be an array of objects.")
        errors.raise_if_any("invalid application commands")
        return
    errors.max_len([], sum(1 for b in bodies if b.get("type", 1) == 1), MAX_COMMANDS)
    seen: set[tuple[int, str]] = set()
    for i, cmd in enumerate(bodies):
        ctype, name = cmd.get("type", 1), cmd.get("name", "")
        if ctype == 1:
            _check_name(errors, [i], name)
            errors.between([i, "description"], len(cmd.get("description") or ""), 1, 100)
            _validate_options(cmd.get("options") or [], [i, "options"], errors, 0)
            if _command_size(cmd) > MAX_COMMAND_SIZE:
                errors.add(
                    [i], "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)"
                )
        else:
            errors.between([i, "name"], len(name), 1, 32)
        if (ctype, name) in seen:
            errors.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Duplicate name {name}")
        seen.add((ctype, name))
    errors.raise_if_any("invalid application commands")


# --------------------------------------------------------------------------- message validation


def _validate_embeds(embeds: list[JSON], errors: _FormErrors) -> None:
    errors.max_len(["embeds"], len(embeds), MAX_EMBEDS)
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in EMBED_TEXT_LIMITS.items():
            size = len(embed.get(key) or "")
            errors.max_len(["embeds", i, key], size, limit)
            total += size
        fields = embed.get("fields") or []
        errors.max_len(["embeds", i, "fields"], len(fields), MAX_FIELDS)
        for j, fld in enumerate(fields):
            for key, limit in FIELD_LIMITS.items():
                size = len(str(fld.get(key) or ""))
                if size == 0:  # discord.py lets "" through; Discord does not
                    errors.add(
                        ["embeds", i, "fields", j, key],
                        "BASE_TYPE_REQUIRED",
                        "This field is required",
                    )
                errors.max_len(["embeds", i, "fields", j, key], size, limit)
                total += size
        for key, sub, limit in (("footer", "text", MAX_FOOTER), ("author", "name", MAX_AUTHOR)):
            size = len(str((embed.get(key) or {}).get(sub) or ""))
            errors.max_len(["embeds", i, key, sub], size, limit)
            total += size
    if total > MAX_EMBED_TOTAL:
        errors.add(
            ["embeds"],
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}",
        )


def _validate_components(components: list[JSON], flags: int, errors: _FormErrors) -> None:
    v2 = bool(flags & FLAG_COMPONENTS_V2)
    if not v2:
        errors.max_len(["components"], len(components), 5)
    custom_ids: set[str] = set()
    for comp in _walk_components(components):
        cid = comp.get("custom_id")
        if cid is not None:
            errors.between(["components", "custom_id"], len(cid), 1, 100)
            if cid in custom_ids:
                errors.add(
                    ["components"], "COMPONENT_CUSTOM_ID_DUPLICATED", f"Duplicate custom id {cid}"
                )
            custom_ids.add(cid)
        if comp.get("type") == 1 and not v2:
            errors.between(["components", "components"], len(comp.get("components") or []), 1, 5)
        if comp.get("type") == 2:
            errors.max_len(["components", "label"], len(comp.get("label") or ""), 80)


def _validate_message(data: JSON, files: list[FakeFile], *, creating: bool) -> None:
    """Discord's limits on content, embeds, files and components (raises DiscordAPIError)."""
    errors = _FormErrors()
    content = data.get("content")
    errors.max_len(["content"], len(str(content or "")), MAX_CONTENT)
    embeds = data.get("embeds") or []
    _validate_embeds(embeds, errors)
    errors.max_len(["files"], len(files), MAX_FILES)
    components = data.get("components") or []
    _validate_components(components, int(data.get("flags") or 0), errors)
    errors.raise_if_any("message over Discord's limits")
    for f in files:
        if f.size > MAX_FILE_SIZE:
            why = f"file {f.filename} has {f.size} bytes (max 10 MiB)"
            raise DiscordAPIError(413, 40005, "Request entity too large", violation=why)
    if creating and not (
        content or embeds or files or components or data.get("poll") or data.get("sticker_ids")
    ):
        raise DiscordAPIError(400, 50006, "Cannot send an empty message", violation="empty message")


def _validate_choices(choices: Any) -> None:
    errors = _FormErrors()
    if not isinstance(choices, list):
        errors.add(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required")
    else:
        errors.max_len(["data", "choices"], len(choices), MAX_CHOICES)
        for i, choice in enumerate(choices):
            errors.between(
                ["data", "choices", i, "name"], len(str(choice.get("name") or "")), 1, 100
            )
            if isinstance(choice.get("value"), str):
                errors.max_len(["data", "choices", i, "value"], len(choice["value"]), 100)
    errors.raise_if_any("invalid autocomplete choices")


def _validate_modal(data: JSON) -> None:
    errors = _FormErrors()
    errors.between(["data", "title"], len(data.get("title") or ""), 1, 45)
    errors.between(["data", "custom_id"], len(data.get("custom_id") or ""), 1, 100)
    errors.between(["data", "components"], len(data.get("components") or []), 1, 5)
    errors.raise_if_any("invalid modal")


# --------------------------------------------------------------------------- gateway plumbing


class _Connection:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.session: _Session | None = None
        self.lock = asyncio.Lock()
        self.heartbeats = 0

    async def send_raw(self, frame: str) -> None:
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await self.ws.send_str(frame)

    async def send(self, op: int, d: Any) -> None:
        async with self.lock:
            await self.send_raw(json.dumps({"op": op, "s": None, "t": None, "d": d}))


@dataclass(eq=False)
class _Session:
    id: str
    shard: tuple[int, int]
    intents: int
    conn: _Connection | None
    seq: int = 0
    buffer: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=2000))
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def covers(self, guild_id: int | None) -> bool:
        """Whether this shard receives the guild's events (DMs go to shard 0)."""
        shard_id, count = self.shard
        return (guild_id >> 22) % count == shard_id if guild_id else shard_id == 0


@dataclass
class _Fault:
    status: int
    method: str | None
    pattern: re.Pattern[str] | None
    remaining: int
    retry_after: float = 0.0
    global_: bool = False
    passes: int = 0  # matching requests let through before the fault starts
    reply_lost: bool = False  # the request takes effect; only its answer is the error

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method is None or self.method.upper() == method
        return method_ok and (self.pattern is None or bool(self.pattern.search(path)))


@dataclass
class _Ctx:
    request: web.Request
    params: dict[str, str]
    body: Any
    files: list[FakeFile]

    @property
    def query(self) -> Mapping[str, str]:
        return self.request.query

    @property
    def data(self) -> JSON:
        return self.body if isinstance(self.body, dict) else {}

    def int_param(self, name: str) -> int:
        value = self.params[name]
        if not value.isdigit():
            raise DiscordAPIError(
                404, 0, "404: Not Found", violation=f"{name} {value!r} is no snowflake"
            )
        return int(value)


Handler = Callable[[_Ctx], Awaitable[Any]]


@dataclass
class _Route:
    method: str
    template: str
    regex: re.Pattern[str]
    handler: Handler
    auth: bool  # needs "Authorization: Bot ..." and counts against the global rate limit


# --------------------------------------------------------------------------- the server


class FakeDiscord:
    """A Discord-compatible server (REST + gateway + CDN) on one loopback port.

    ``interaction_deadline`` (3 s) and ``token_lifetime`` (15 min) are attributes a test may
    lower. ``token=None`` accepts any bot token. ``shard_count`` is what ``GET /gateway/bot``
    recommends; guilds go to shard ``(guild_id >> 22) % count`` as on Discord.
    """

    def __init__(
        self,
        *,
        application_id: int = DEFAULT_APPLICATION_ID,
        bot_user_id: int | None = None,
        bot_name: str = "NetBot",
        token: str | None = None,
        owner_id: int = DEFAULT_OWNER_ID,
        shard_count: int = 1,
        privileged_intents: int = PRIVILEGED_INTENTS,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline: float = 3.0,
        token_lifetime: float = 15 * 60.0,
    ) -> None:
        self.snowflakes = _Snowflakes()
        self.application_id = application_id
        self.token = token
        self.shard_count = shard_count
        self.privileged_intents = privileged_intents  # the ones enabled in the developer portal
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.interaction_deadline = interaction_deadline
        self.token_lifetime = token_lifetime
        self.bot_user = FakeUser(bot_user_id or application_id, bot_name, bot=True)
        self.users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        self.owner = self.add_user(owner_id, "app-owner")
        self.guilds: dict[int, FakeGuild] = {}
        self.commands = SyncedCommands()
        self.interactions: list[InteractionRecord] = []
        #: what the bot posted with POST /channels/{id}/messages, per guild channel id
        self.messages: dict[int, list[FakeMessage]] = defaultdict(list)
        #: what the bot sent by DM, per user id
        self.dms: dict[int, list[FakeMessage]] = defaultdict(list)
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.violations: list[Violation] = []
        self.identify_payloads: list[JSON] = []
        self.identify_count = 0
        self.resume_count = 0
        #: 429 responses sent (injected with rate_limit() and from the global limiter)
        self.rate_limit_hits = 0
        # What a user may attach; boosted servers and Nitro users may attach more.
        self.attachment_size_limit = ATTACHMENT_SIZE_LIMIT
        self._by_id: dict[int, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self._messages_by_id: dict[int, FakeMessage] = {}
        self._dm_channels: dict[int, FakeChannel] = {}  # user id -> channel
        self._cdn: dict[int, FakeFile] = {}
        self._faults: list[_Fault] = []
        self._closed_dms: set[int] = set()
        self._channel_faults: dict[int, int] = {}
        self._global_limit: tuple[int, float] | None = None
        self._global_times: deque[float] = deque()
        self._connections: set[_Connection] = set()
        self._sessions: dict[str, _Session] = {}
        self._identified = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._message_waiter = _Waiter()
        self._runner: web.AppRunner | None = None
        self._routes = self._build_routes()
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Assign to ``discord.http.Route.BASE``."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Wrap in ``yarl.URL``, assign to ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        """Listen on an ephemeral loopback port."""
        app = web.Application(client_max_size=20 * MAX_FILE_SIZE)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close gateway sockets and stop. Close the bot first, or it will try to reconnect."""
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001, message=b"server stopping"), 1.0)
        for task in list(self._tasks):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def wait_until_identified(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until READY and every GUILD_CREATE were sent (on every shard)."""
        try:
            await asyncio.wait_for(self._identified.wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"the bot did not IDENTIFY within {timeout}s") from None

    async def flush(self) -> None:
        """Wait until gateway events from ``add_*`` calls were sent, and give the bot a moment."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await asyncio.sleep(0.01)

    # ------------------------------------------------------------------ building the world

    def add_user(self, user_id: int, name: str, *, bot: bool = False) -> FakeUser:
        """A user Discord knows (guild members are added with ``FakeGuild.add_member``)."""
        user = FakeUser(user_id, name, bot=bot)
        self.users[user_id] = user
        return user

    def add_guild(self, guild_id: int, name: str = "Guild", *, owner_id: int) -> FakeGuild:
        """A guild the bot is in; once the bot is connected, GUILD_CREATE follows next loop turn."""
        guild = FakeGuild(self, guild_id, name, owner_id)
        guild.add_member(owner_id)
        self.guilds[guild_id] = guild
        if any(s.covers(guild_id) for s in self._active_sessions()):
            guild.pending = True
            self._spawn(self._announce_guild(guild))
        return guild

    def channel(self, channel_id: int) -> FakeChannel | None:
        """A guild or DM channel by id."""
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild.channels[channel_id]
        return next((c for c in self._dm_channels.values() if c.id == channel_id), None)

    def dm_channel(self, user_id: int) -> FakeChannel:
        """The DM channel between the bot and a user (created on first use)."""
        if user_id not in self._dm_channels:
            name = self.users[user_id].name
            channel = FakeChannel(self.snowflakes.next(), name, None, type=1, recipient_id=user_id)
            self._dm_channels[user_id] = channel
        return self._dm_channels[user_id]

    # ------------------------------------------------------------------ fault injection

    def rate_limit(
        self,
        *,
        method: str | None = None,
        path_regex: str | None = None,
        times: int = 1,
        retry_after: float = 0.2,
        global_: bool = False,
        after: int = 0,
    ) -> None:
        """Answer the next ``times`` matching requests with 429, Retry-After and ``retry_after``,
        once ``after`` more have gone through."""
        pattern = re.compile(path_regex) if path_regex else None
        self._faults.append(_Fault(429, method, pattern, times, retry_after, global_, passes=after))

    def enforce_global_rate_limit(self, per_second: int = 50, *, window: float = 1.0) -> None:
        """Sliding-window limit on bot-token requests (not interaction callbacks or webhooks)."""
        self._global_limit = (per_second, window)
        self._global_times.clear()

    def close_dms(self, user_id: int) -> None:
        """Messages to this user's DM channel get 403 50007."""
        self._closed_dms.add(user_id)

    def open_dms(self, user_id: int) -> None:
        self._closed_dms.discard(user_id)

    def fail_channel(self, channel_id: int, status: int = 403) -> None:
        """Requests on this channel get 403 50013 (Missing Permissions) or 404 10003 (Unknown
        Channel)."""
        if status not in (403, 404):
            raise ValueError("status must be 403 or 404")
        self._channel_faults[channel_id] = status

    def restore_channel(self, channel_id: int) -> None:
        self._channel_faults.pop(channel_id, None)

    def fail_next(
        self,
        path_regex: str,
        status: int = 500,
        times: int = 1,
        *,
        method: str | None = None,
        after: int = 0,
        reply_lost: bool = False,
    ) -> None:
        """The next ``times`` matching requests get ``status``, once ``after`` more have gone
        through; with ``reply_lost`` they still take effect (a message is posted) and only the
        answer is lost. discord.py retries 500, 502 and 504 after 1 s, not 503."""
        self._faults.append(
            _Fault(
                status,
                method,
                re.compile(path_regex),
                times,
                passes=after,
                reply_lost=reply_lost,
            )
        )

    def clear_faults(self) -> None:
        self._faults.clear()
        self._closed_dms.clear()
        self._channel_faults.clear()
        self._global_limit = None

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close the bot's gateway connections; with a resumable code the bot RESUMEs."""
        for conn in list(self._connections):
            await conn.ws.close(code=code, message=b"dropped by the test")

    # ------------------------------------------------------------------ inspection

    def assert_clean(self, *, allow: Iterable[int] = ()) -> None:
        """Fail if any unknown route was hit or any rule was broken (except ``allow``-ed codes)."""
        allowed = set(allow)
        problems = [f"unknown route: {r.method} {r.path}" for r in self.unknown_routes]
        problems += [f"violation: {v}" for v in self.violations if v.code not in allowed]
        if problems:
            raise AssertionError("FakeDiscord saw problems:\n  " + "\n  ".join(problems))

    def requests_to(
        self, method: str | None = None, path_regex: str | None = None
    ) -> list[RecordedRequest]:
        """Recorded requests filtered by method and by a regex searched in the path."""
        pattern = re.compile(path_regex) if path_regex else None
        return [
            r
            for r in self.requests
            if (method is None or r.method == method.upper())
            and (pattern is None or pattern.search(r.path))
        ]

    async def wait_for_message(
        self,
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        predicate: Callable[[FakeMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> FakeMessage:
        """Wait for a bot post in a channel (``channel_id``) or a DM (``user_id``)."""
        if (channel_id is None) == (user_id is None):
            raise ValueError("give exactly one of channel_id and user_id")
        pool = self.messages[channel_id] if channel_id is not None else self.dms[user_id or 0]

        def find() -> FakeMessage | None:
            return next(
                (m for m in pool if not m.deleted and (predicate is None or predicate(m))), None
            )

        where = f"channel {channel_id}" if channel_id is not None else f"the DM to {user_id}"
        return await self._message_waiter.wait(find, timeout, lambda: f"a bot message in {where}")

    # ------------------------------------------------------------------ driving interactions

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
        ignore_default_permissions: bool = False,
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
        self._check_command_access(
            cmd, command, guild, channel, user_id, ignore_default_permissions
        )
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

    async def submit_modal(
        self, record: InteractionRecord, values: Mapping[str, Any], *, locale: str = "en-US"
    ) -> InteractionRecord:
        """Submit the modal the bot opened; ``values``: input custom id -> str (select: list)."""
        modal = await record.modal_opened(0)
        known = {
            c["custom_id"]: c for c in _walk_components(modal["components"]) if "custom_id" in c
        }
        unknown = [k for k in values if k not in known]
        missing = [
            k
            for k, c in known.items()
            if c.get("required", True) and c.get("type") == 4 and k not in values
        ]
        if unknown or missing:
            raise AssertionError(
                f"modal inputs: unknown {unknown}, missing required {missing}; has {list(known)}"
            )

        def answer(comp: JSON) -> JSON:
            ctype, cid = comp.get("type"), comp.get("custom_id")
            out: JSON = {"type": ctype, "id": comp.get("id", 0)}
            if ctype == 1:
                return out | {"components": [answer(c) for c in comp.get("components") or []]}
            if ctype == 18:  # label around one input
                return out | {"component": answer(comp["component"])}
            if ctype == 4:
                return out | {"custom_id": cid, "value": values.get(cid or "", "")}
            return out | ({"custom_id": cid, "values": list(values.get(cid, []))} if cid else {})

        data = {
            "custom_id": modal["custom_id"],
            "components": [answer(c) for c in modal["components"]],
        }
        guild, channel, user = self._context(
            record.guild_id, record.user_id, record.channel_id if record.guild_id else None
        )
        source = record.source_message
        extra = {"message": self._message_payload(source)} if source is not None else {}
        return await self._dispatch_interaction(
            MODAL_SUBMIT,
            guild,
            channel,
            user,
            locale,
            data,
            custom_id=modal["custom_id"],
            source=source,
            extra=extra,
        )

    # ------------------------------------------------------------------ interaction internals

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

    def _find_command(self, guild_id: int | None, path: str) -> tuple[JSON, list[JSON], list[JSON]]:
        tokens = path.strip().lstrip("/").split()
        cmd = self.commands.get(tokens[0], guild_id) if tokens else None
        if cmd is None or cmd.get("type", 1) != 1:
            visible = sorted(
                self.commands.names() | (self.commands.names(guild_id) if guild_id else set())
            )
            raise AssertionError(f"/{path} is not a synced slash command here; synced: {visible}")
        node, chain = cmd, []
        for tok in tokens[1:]:
            subs = {o["name"]: o for o in node.get("options") or [] if o.get("type") in (1, 2)}
            if tok not in subs:
                raise AssertionError(
                    f"/{path}: no sub-command {tok!r} in {node['name']!r}; has {sorted(subs)}"
                )
            node = subs[tok]
            chain.append(node)
        leaf = node.get("options") or []
        groups = [o["name"] for o in leaf if o.get("type") in (1, 2)]
        if groups:
            raise AssertionError(f"/{path} is a group: pick a sub-command among {groups}")
        return cmd, chain, leaf

    def _check_command_access(
        self,
        cmd: JSON,
        path: str,
        guild: FakeGuild | None,
        channel: FakeChannel,
        user_id: int,
        override: bool,
    ) -> None:
        contexts = cmd.get("contexts")
        if guild is None:
            if (
                cmd.get("guild_id")
                or cmd.get("dm_permission") is False
                or (contexts is not None and 1 not in contexts)
            ):
                raise AssertionError(f"/{path} is not available in DMs")
            return
        if contexts is not None and 0 not in contexts:
            raise AssertionError(f"/{path} is not available in guilds (contexts={contexts})")
        perms = guild.permissions_for(user_id, channel)
        if not perms & Perm.USE_APPLICATION_COMMANDS:
            raise AssertionError(
                f"user {user_id} lacks Use Application Commands in channel {channel.id}"
            )
        required = cmd.get("default_member_permissions")
        if required is None or override or perms & Perm.ADMINISTRATOR:
            return
        required = int(required)
        if required == 0 or perms & required != required:
            raise AssertionError(
                f"user {user_id} lacks default_member_permissions {required:#x} of /{path}: "
                "Discord would not show them the command (ignore_default_permissions=True "
                "simulates a server override)"
            )

    @staticmethod
    def _nest(chain: list[JSON], options: list[JSON]) -> list[JSON]:
        for node in reversed(chain):
            options = [{"name": node["name"], "type": node["type"], "options": options}]
        return options

    def _build_options(
        self,
        path: str,
        schema: list[JSON],
        given: dict[str, Any],
        guild: FakeGuild | None,
        channel: FakeChannel,
        user_id: int,
        files: dict[str, bytes],
        resolved: JSON,
        *,
        focused: str | None = None,
        unchecked: bool = False,
    ) -> list[JSON]:
        by_name = {o["name"]: o for o in schema}
        unknown = [n for n in given if n not in by_name]
        if unknown:
            raise AssertionError(
                f"/{path} has no option(s) {unknown}; its options: {list(by_name)}"
            )
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in given]
        if missing and focused is None:
            raise AssertionError(f"/{path}: missing required option(s) {missing}")
        out: list[JSON] = []
        for name, value in given.items():
            opt = by_name[name]
            if name == focused:
                if not opt.get("autocomplete"):
                    raise AssertionError(f"/{path}: option {name!r} has no autocomplete")
                out.append(
                    {"name": name, "type": opt["type"], "value": str(value), "focused": True}
                )
                continue
            if unchecked and opt["type"] != 11:
                raw = value if opt["type"] in (3, 4, 5, 10) else str(_id_of(value))
                out.append({"name": name, "type": opt["type"], "value": raw})
                continue
            sink: JSON = (
                resolved if focused is None else {}
            )  # autocomplete carries no resolved data
            coerced = self._option_value(path, opt, value, guild, channel, user_id, files, sink)
            out.append({"name": name, "type": opt["type"], "value": coerced})
        return out

    def _option_value(
        self,
        path: str,
        opt: JSON,
        value: Any,
        guild: FakeGuild | None,
        channel: FakeChannel,
        user_id: int,
        files: dict[str, bytes],
        resolved: JSON,
    ) -> Any:
        otype = opt["type"]
        where = f"/{path} option {opt['name']!r} ({OPTION_TYPES.get(otype)})"

        def bad(expected: str) -> AssertionError:
            return AssertionError(f"{where} expects {expected}, got {value!r}")

        if otype == 3:
            if not isinstance(value, str):
                raise bad("a str")
            low, high = opt.get("min_length", 0), opt.get("max_length", 6000)
            if not low <= len(value) <= high:
                raise bad(f"a length in {low}..{high}")
        elif otype in (4, 10):
            if isinstance(value, bool) or not isinstance(value, int if otype == 4 else int | float):
                raise bad("an int" if otype == 4 else "a number")
            low, high = (
                opt.get("min_value", -MAX_SAFE_INTEGER),
                opt.get("max_value", MAX_SAFE_INTEGER),
            )
            if not low <= value <= high:
                raise bad(f"a value in {low}..{high}")
        elif otype == 5 and not isinstance(value, bool):
            raise bad("a bool")
        elif otype in (6, 7, 8, 9):
            return self._resolve_entity(where, opt, value, guild, user_id, channel, resolved)
        elif otype == 11:
            return self._resolve_attachment(where, value, files, resolved)
        choices = opt.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            listed = {c["name"]: c["value"] for c in choices}
            raise AssertionError(
                f"{where}: {value!r} is not a choice; choices (name: value): {listed}"
            )
        return value

    def _resolve_entity(
        self,
        where: str,
        opt: JSON,
        value: Any,
        guild: FakeGuild | None,
        user_id: int,
        channel: FakeChannel,
        resolved: JSON,
    ) -> str:
        otype = opt["type"]
        try:
            target = _id_of(value)
        except TypeError:
            raise AssertionError(f"{where} expects an id, got {value!r}") from None
        key = str(target)
        if otype in (8, 9) and guild is not None and target in guild.roles:
            resolved.setdefault("roles", {})[key] = guild.roles[target].to_payload()
            return key
        if otype in (6, 9) and target in self.users:
            resolved.setdefault("users", {})[key] = self.users[target].to_payload()
            if guild is not None and target in guild.members:
                perms = guild.permissions_for(target, channel)
                member = guild.members[target].to_payload(with_user=False, permissions=perms)
                del member["deaf"], member["mute"]
                resolved.setdefault("members", {})[key] = member
            return key
        if otype == 7 and guild is not None and target in guild.channels:
            ch = guild.channels[target]
            if opt.get("channel_types") and ch.type not in opt["channel_types"]:
                raise AssertionError(
                    f"{where}: channel {target} has type {ch.type}, allowed {opt['channel_types']}"
                )
            entry = {k: v for k, v in ch.to_payload().items() if k != "permission_overwrites"}
            entry["permissions"] = str(guild.permissions_for(user_id, ch))
            resolved.setdefault("channels", {})[key] = entry
            return key
        raise AssertionError(f"{where}: {target} is not a known {OPTION_TYPES[otype].lower()} here")

    def _resolve_attachment(
        self, where: str, value: Any, files: dict[str, bytes], resolved: JSON
    ) -> str:
        if isinstance(value, FakeFile):
            upload = FakeFile(value.filename, value.data, value.content_type)
        elif isinstance(value, tuple) and len(value) == 2:
            upload = FakeFile(str(value[0]), bytes(value[1]))
        elif isinstance(value, str) and value in files:
            upload = FakeFile(value, bytes(files.pop(value)))
        else:
            raise AssertionError(
                f"{where} expects a key of attachments=, a (name, bytes) pair or a FakeFile"
            )
        if upload.size > self.attachment_size_limit:
            raise AssertionError(
                f"{where}: {upload.size} bytes is over the upload limit; the client refuses it"
            )
        self._register_file(upload, channel_id=0)
        resolved.setdefault("attachments", {})[str(upload.id)] = upload.to_payload() | {
            "ephemeral": True
        }
        return str(upload.id)

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

    # ------------------------------------------------------------------ gateway

    def _active_sessions(self) -> list[_Session]:
        return [s for s in self._sessions.values() if s.conn is not None and not s.conn.ws.closed]

    def _intents_include(self, guild: FakeGuild, intent: int) -> bool:
        return any(s.intents & intent for s in self._active_sessions() if s.covers(guild.id))

    def _spawn(self, coro: Awaitable[Any]) -> None:
        async def later() -> None:
            await asyncio.sleep(0)  # let the test finish building (add_channel after add_guild...)
            await coro

        task = asyncio.get_running_loop().create_task(later())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _guild_event(self, guild: FakeGuild, event: str, data: Callable[[], JSON]) -> None:
        if not guild.announced or guild.pending:
            return  # part of the GUILD_CREATE still to come

        async def send() -> None:
            for session in self._active_sessions():
                if session.covers(guild.id):
                    await self._dispatch(session, event, data())

        self._spawn(send())

    async def _announce_guild(self, guild: FakeGuild) -> None:
        for session in self._active_sessions():
            if session.covers(guild.id):
                await self._dispatch(session, "GUILD_CREATE", guild.to_payload(session.intents))
        guild.announced, guild.pending = True, False

    async def _dispatch(self, session: _Session, event: str, data: JSON) -> None:
        async with session.lock:
            session.seq += 1
            frame = json.dumps({"op": 0, "t": event, "s": session.seq, "d": data})
            session.buffer.append((session.seq, frame))
            if session.conn is not None:
                async with session.conn.lock:
                    await session.conn.send_raw(frame)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, timeout=1.0)
        await ws.prepare(request)
        conn = _Connection(ws)
        self._connections.add(conn)
        try:
            await conn.send(10, {"heartbeat_interval": self.heartbeat_interval_ms})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_frame(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.BINARY:  # ETF is not supported
                    await ws.close(code=4002, message=b"Error while decoding payload.")
        finally:
            self._connections.discard(conn)
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
        return ws

    async def _on_gateway_frame(self, conn: _Connection, frame: JSON) -> None:
        op, d = frame.get("op"), frame.get("d")
        if op == 1:
            conn.heartbeats += 1
            await conn.send(11, None)
        elif op == 2:
            await self._identify(conn, d or {})
        elif op == 6:
            await self._resume(conn, d or {})
        elif op == 8:
            await self._request_members(conn, d or {})
        elif op not in (3, 4):  # presence and voice state updates are accepted and ignored
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    async def _identify(self, conn: _Connection, d: JSON) -> None:
        intents = int(d.get("intents") or 0)
        shard_id, shard_count = d.get("shard") or (0, 1)
        close = None
        if conn.session is not None:
            close = (4005, b"Already authenticated.")
        elif self.token is not None and d.get("token") != self.token:
            close = (4004, b"Authentication failed.")
        elif intents & PRIVILEGED_INTENTS & ~self.privileged_intents:
            close = (4014, b"Disallowed intent(s).")
        elif not 0 <= shard_id < shard_count:
            close = (4010, b"Invalid shard.")
        if close is not None:
            await conn.ws.close(code=close[0], message=close[1])
            return
        session = _Session(uuid.uuid4().hex, (shard_id, shard_count), intents, conn)
        self._sessions[session.id] = conn.session = session
        self.identify_payloads.append(d)
        self.identify_count += 1
        guilds = [g for g in self.guilds.values() if session.covers(g.id)]
        user = self.bot_user.to_payload() | {"verified": True, "mfa_enabled": False, "email": None}
        ready: JSON = {
            "v": 10, "user": user, "session_id": session.id, "session_type": "normal",
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": APPLICATION_FLAGS},
            "private_channels": [], "relationships": [], "presences": [], "guild_join_requests": [],
            "geo_ordered_rtc_regions": [], "user_settings": {}, "_trace": ["fake-discord"],
        }  # fmt: skip
        if "shard" in d:
            ready["shard"] = [shard_id, shard_count]
        await self._dispatch(session, "READY", ready)
        for guild in guilds:
            guild.announced, guild.pending = True, False
            await self._dispatch(session, "GUILD_CREATE", guild.to_payload(intents))
        if (
            len({s.shard[0] for s in self._active_sessions() if s.shard[1] == shard_count})
            >= shard_count
        ):
            self._identified.set()

    async def _resume(self, conn: _Connection, d: JSON) -> None:
        session = self._sessions.get(str(d.get("session_id")))
        seq = int(d.get("seq") or 0)
        token_ok = self.token is None or d.get("token") == self.token
        if session is None or not token_ok or (session.buffer and session.buffer[0][0] > seq + 1):
            await conn.send(9, False)  # INVALID_SESSION, not resumable: the bot IDENTIFYs again
            return
        if session.conn is not None and session.conn is not conn:
            await session.conn.ws.close(code=4000, message=b"Session resumed elsewhere.")
        async with session.lock:
            session.conn, conn.session = conn, session
            async with conn.lock:
                for s, frame in list(session.buffer):
                    if s > seq:
                        await conn.send_raw(frame)
        self.resume_count += 1
        await self._dispatch(session, "RESUMED", {})

    async def _request_members(self, conn: _Connection, d: JSON) -> None:
        if conn.session is None:
            await conn.ws.close(code=4003, message=b"Not authenticated.")
            return
        ids = d.get("guild_id")
        for gid in ids if isinstance(ids, list) else [ids]:
            guild = self.guilds.get(int(gid or 0))
            if guild is None:
                continue
            members = list(guild.members.values())
            wanted = {int(u) for u in d.get("user_ids") or []}
            query = (d.get("query") or "").lower()
            if wanted:
                members = [m for m in members if m.id in wanted]
            elif query:
                members = [m for m in members if m.user.name.lower().startswith(query)]
            chunk: JSON = {
                "guild_id": str(guild.id), "chunk_index": 0, "chunk_count": 1,
                "members": [m.to_payload() for m in members[: int(d.get("limit") or 0) or None]],
                "not_found": [str(u) for u in wanted if u not in guild.members],
            }  # fmt: skip
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            await self._dispatch(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path == "/" and request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._gateway(request)
        body, files = await self._read_body(request)
        is_api = path.startswith(API_PREFIX + "/")
        api_path = path[len(API_PREFIX) :] if is_api else path
        files_seen = [(f.filename, f.size) for f in files]
        record = RecordedRequest(
            request.method, api_path, dict(request.query), body, files_seen, time.monotonic()
        )
        self.requests.append(record)
        try:
            response = await self._route(request, record, body, files, is_api=is_api)
        except DiscordAPIError as exc:
            if exc.violation is not None:
                self._violate(exc, record)
            response = exc.response()
        record.status = response.status
        return response

    def _violate(self, exc: DiscordAPIError, record: RecordedRequest) -> None:
        match = re.match(r"^/(?:interactions/(\d+)|webhooks/\d+/([^/]+))", record.path)
        interaction = None
        if match:
            interaction = (
                self._by_id.get(int(match[1])) if match[1] else self._by_token.get(match[2])
            )
        iid = interaction.id if interaction else None
        violation = Violation(
            exc.code, exc.message, exc.violation or "", record.method, record.path, iid
        )
        self.violations.append(violation)
        if interaction is not None:
            interaction.violations.append(violation)
            interaction._changed()

    async def _read_body(self, request: web.Request) -> tuple[Any, list[FakeFile]]:
        if not request.content_type.startswith("multipart/"):
            raw = await request.read()
            try:
                return (json.loads(raw) if raw else None), []
            except ValueError:
                return raw.decode(errors="replace"), []
        payload: Any = None
        files: list[FakeFile] = []
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader):
                continue
            raw = bytes(await part.read())
            if part.name == "payload_json":
                payload = json.loads(raw)
            elif part.name and part.name.startswith("files["):
                files.append(FakeFile(part.filename or "file", raw))
        described = (
            (payload.get("data") or payload).get("attachments") or []
            if isinstance(payload, dict)
            else []
        )
        for i, f in enumerate(files):  # payload_json "attachments" name/describe files[i] by id i
            for att in described:
                if str(att.get("id")) == str(i):
                    f.filename = att.get("filename") or f.filename
                    f.description = att.get("description")
        return payload, files

    async def _route(
        self,
        request: web.Request,
        record: RecordedRequest,
        body: Any,
        files: list[FakeFile],
        *,
        is_api: bool,
    ) -> web.StreamResponse:
        path, method = record.path, request.method
        if not is_api and method == "GET" and path.startswith(CDN_PREFIX):
            return self._serve_cdn(path)
        route, params, path_known = None, {}, False
        for candidate in self._routes if is_api else []:
            match = candidate.regex.match(path)
            path_known = path_known or match is not None
            if match and candidate.method == method:
                route, params = candidate, match.groupdict()
                break
        if route is None:
            self.unknown_routes.append(record)
            status = 405 if path_known else 404
            message = "405: Method Not Allowed" if path_known else "404: Not Found"
            return _json_response({"message": message, "code": 0}, status)
        record.route = f"{route.method} {route.template}"
        lost = self._apply_faults(method, path)
        if route.auth:
            auth = request.headers.get("Authorization", "")
            if not auth.startswith("Bot ") or (
                self.token is not None and auth != f"Bot {self.token}"
            ):
                raise DiscordAPIError(401, 0, "401: Unauthorized")
            self._check_global_limit()
        result = await route.handler(_Ctx(request, params, body, files))
        if lost is not None:
            raise lost
        if isinstance(result, web.StreamResponse):
            return result
        return web.Response(status=204) if result is None else _json_response(result)

    def _apply_faults(self, method: str, path: str) -> DiscordAPIError | None:
        """Raise the error of the first matching fault, or return it when only the answer is
        to be lost."""
        for fault in list(self._faults):
            if fault.matches(method, path):
                if fault.passes > 0:
                    fault.passes -= 1
                    continue
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                if fault.status == 429:
                    raise self._too_many(fault.retry_after, fault.global_)
                error = DiscordAPIError(fault.status, 0, f"{fault.status}: injected failure")
                if fault.reply_lost:
                    return error
                raise error
        return None

    def _too_many(self, retry_after: float, global_: bool) -> DiscordAPIError:
        self.rate_limit_hits += 1
        headers = {
            "Retry-After": str(max(1, math.ceil(retry_after))),
            "X-RateLimit-Scope": "global" if global_ else "user",
            "Via": "1.1 google",  # discord.py takes a 429 without Via for a Cloudflare ban
        }
        if global_:
            headers["X-RateLimit-Global"] = "true"
        extra = {"retry_after": retry_after, "global": global_}
        return DiscordAPIError(429, 0, "You are being rate limited.", headers=headers, extra=extra)

    def _check_global_limit(self) -> None:
        if self._global_limit is None:
            return
        limit, window = self._global_limit
        now = time.monotonic()
        while self._global_times and self._global_times[0] <= now - window:
            self._global_times.popleft()
        if len(self._global_times) >= limit:
            raise self._too_many(max(0.001, self._global_times[0] + window - now), True)
        self._global_times.append(now)

    def _serve_cdn(self, path: str) -> web.Response:
        match = re.match(r"^/attachments/\d+/(\d+)/", path)
        f = self._cdn.get(int(match[1])) if match else None
        if f is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(
            body=f.data, headers={"Content-Type": f.content_type or "application/octet-stream"}
        )

    def _register_file(self, f: FakeFile, channel_id: int) -> FakeFile:
        f.id = self.snowflakes.next()
        f.url = f"{self.base_url}{CDN_PREFIX}{channel_id}/{f.id}/{f.filename}"
        f.content_type = (
            f.content_type or mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
        )
        self._cdn[f.id] = f
        return f

    def _build_routes(self) -> list[_Route]:
        cmds, guild_cmds = (
            "/applications/{app_id}/commands",
            "/applications/{app_id}/guilds/{guild_id}/commands",
        )
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._h_me),
            ("POST", "/users/@me/channels", self._h_create_dm),
            ("GET", "/users/{user_id}", self._h_user),
            ("GET", "/oauth2/applications/@me", self._h_application),
            ("GET", "/applications/@me", self._h_application),
            ("GET", "/gateway", self._h_gateway_url),
            ("GET", "/gateway/bot", self._h_gateway_bot),
            *[(m, base, h) for base in (cmds, guild_cmds) for m, h in (
                ("GET", self._h_get_commands), ("PUT", self._h_put_commands),
                ("POST", self._h_post_command),
            )],
            *[(m, base + "/{command_id}", h) for base in (cmds, guild_cmds) for m, h in (
                ("GET", self._h_get_command), ("PATCH", self._h_patch_command),
                ("DELETE", self._h_delete_command),
            )],
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._h_callback),
            ("POST", "/webhooks/{app_id}/{token}", self._h_followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._h_webhook_get),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._h_webhook_edit),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self._h_webhook_delete),
            ("GET", "/channels/{channel_id}", self._h_get_channel),
            ("GET", "/channels/{channel_id}/messages", self._h_history),
            ("POST", "/channels/{channel_id}/messages", self._h_post_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._h_get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._h_edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._h_delete_message),
            ("POST", "/channels/{channel_id}/typing", self._h_typing),
            ("GET", "/guilds/{guild_id}", self._h_get_guild),
            ("GET", "/guilds/{guild_id}/channels", self._h_guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self._h_guild_roles),
            ("GET", "/guilds/{guild_id}/members", self._h_list_members),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._h_get_member),
        ]  # fmt: skip
        routes = []
        for method, template, handler in table:
            regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")
            auth = not template.startswith(("/interactions/", "/webhooks/", "/gateway"))
            routes.append(
                _Route(method, template, regex, handler, auth or template == "/gateway/bot")
            )
        return routes

    # ------------------------------------------------------------------ messages

    def _message_payload(self, msg: FakeMessage) -> JSON:
        payload: JSON = {
            "id": str(msg.id), "channel_id": str(msg.channel_id), "type": msg.type,
            "content": msg.content, "author": self.bot_user.to_payload(),
            "embeds": copy.deepcopy(msg.embeds), "attachments": [f.to_payload() for f in msg.files],
            "components": copy.deepcopy(msg.components), "flags": msg.flags,
            "timestamp": _iso(msg.created_at), "tts": False, "pinned": False,
            "edited_timestamp": None if msg.edited_at is None else _iso(msg.edited_at),
            "mention_everyone": False, "mentions": [], "mention_roles": [],
        }  # fmt: skip
        if msg.guild_id is not None:
            payload["guild_id"] = str(msg.guild_id)
        if msg.webhook_id is not None:
            payload["webhook_id"] = payload["application_id"] = str(msg.webhook_id)
        if msg.interaction_id is not None and msg.interaction_user_id is not None:
            payload["interaction_metadata"] = {
                "id": str(msg.interaction_id), "type": msg.interaction_type,
                "user": self.users[msg.interaction_user_id].to_payload(),
                "authorizing_integration_owners": {"0": str(msg.guild_id or 0)},
            }  # fmt: skip
        if msg.reference is not None:
            payload["message_reference"] = msg.reference
        return payload

    def _new_message(
        self, channel: FakeChannel, data: JSON, files: list[FakeFile], **kwargs: Any
    ) -> FakeMessage:
        msg = FakeMessage(
            id=self.snowflakes.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            content=str(data.get("content") or ""),
            embeds=copy.deepcopy(data.get("embeds") or []),
            components=copy.deepcopy(data.get("components") or []),
            files=[self._register_file(f, channel.id) for f in files],
            reference=data.get("message_reference"),
            **kwargs,
        )
        self._messages_by_id[msg.id] = msg
        return msg

    def _interaction_message(
        self, record: InteractionRecord, data: JSON, files: list[FakeFile], flags: int, type: int
    ) -> FakeMessage:
        channel = self.channel(record.channel_id) or self.dm_channel(record.user_id)
        return self._new_message(
            channel, data, files, flags=flags, type=type, webhook_id=self.application_id,
            interaction_id=record.id, interaction_type=record.type,
            interaction_user_id=record.user_id,
        )  # fmt: skip

    def _apply_edit(self, msg: FakeMessage, data: JSON, files: list[FakeFile]) -> None:
        _validate_message(data, files, creating=False)
        content = str(data["content"] or "") if "content" in data else msg.content
        embeds = copy.deepcopy(data["embeds"] or []) if "embeds" in data else msg.embeds
        components = (
            copy.deepcopy(data["components"] or []) if "components" in data else msg.components
        )
        kept = msg.files
        if data.get("attachments") is not None:  # existing attachments not listed are removed
            keep = {str(a.get("id")) for a in data["attachments"]}
            kept = [f for f in msg.files if str(f.id) in keep]
        if not (content or embeds or kept or files or components):
            raise DiscordAPIError(
                400, 50006, "Cannot send an empty message", violation="edit empties the message"
            )
        msg.content, msg.embeds, msg.components = content, embeds, components
        msg.files = kept + [self._register_file(f, msg.channel_id) for f in files]
        if data.get("flags") is not None:
            msg.flags = (msg.flags & ~FLAG_SUPPRESS_EMBEDS) | (
                int(data["flags"]) & FLAG_SUPPRESS_EMBEDS
            )
        msg.flags &= ~FLAG_LOADING
        msg.edited_at = time.time()
        msg.edit_count += 1

    # ------------------------------------------------------------------ REST: users, app, gateway

    async def _h_me(self, ctx: _Ctx) -> JSON:
        return self.bot_user.to_payload() | {"verified": True, "mfa_enabled": False, "email": None}

    async def _h_user(self, ctx: _Ctx) -> JSON:
        user = self.users.get(ctx.int_param("user_id"))
        if user is None:
            raise DiscordAPIError(404, 10013, "Unknown User")
        return user.to_payload()

    async def _h_application(self, ctx: _Ctx) -> JSON:
        return {
            "id": str(self.application_id), "name": self.bot_user.name, "description": "",
            "icon": None, "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
            "owner": self.owner.to_payload(), "summary": "", "verify_key": "0" * 64, "team": None,
            "flags": APPLICATION_FLAGS, "bot": self.bot_user.to_payload(),
            "approximate_guild_count": len(self.guilds), "interactions_endpoint_url": None,
            "redirect_uris": [], "tags": [], "integration_types_config": {"0": {}},
        }  # fmt: skip

    async def _h_gateway_url(self, ctx: _Ctx) -> JSON:
        return {"url": self.gateway_url.rstrip("/")}

    async def _h_gateway_bot(self, ctx: _Ctx) -> JSON:
        limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1}
        return {
            "url": self.gateway_url.rstrip("/"),
            "shards": self.shard_count,
            "session_start_limit": limit,
        }

    async def _h_create_dm(self, ctx: _Ctx) -> JSON:
        try:
            user_id = _id_of(ctx.data.get("recipient_id"))
        except TypeError:
            user_id = 0
        if user_id not in self.users or user_id == self.bot_user.id:
            raise DiscordAPIError(
                400, 50033, "Invalid Recipient(s)", violation=f"DM to unknown user {user_id}"
            )
        return self.dm_channel(user_id).to_payload() | {
            "recipients": [self.users[user_id].to_payload()]
        }

    # ------------------------------------------------------------------ REST: application commands

    def _command_scope(self, ctx: _Ctx) -> int | None:
        if ctx.int_param("app_id") != self.application_id:
            raise DiscordAPIError(
                403, 50001, "Missing Access", violation="commands of another application"
            )
        if "guild_id" not in ctx.params:
            return None
        guild_id = ctx.int_param("guild_id")
        if guild_id not in self.guilds:
            raise DiscordAPIError(
                403, 50001, "Missing Access", violation=f"commands for unknown guild {guild_id}"
            )
        return guild_id

    def _command_by_id(self, ctx: _Ctx) -> tuple[int | None, JSON]:
        scope = self._command_scope(ctx)
        for cmd in self.commands.scope(scope).values():
            if cmd["id"] == ctx.params["command_id"]:
                return scope, cmd
        raise DiscordAPIError(
            404, 10063, "Unknown application command", violation="unknown command id"
        )

    async def _h_get_commands(self, ctx: _Ctx) -> list[JSON]:
        return list(self.commands.scope(self._command_scope(ctx)).values())

    async def _h_put_commands(self, ctx: _Ctx) -> list[JSON]:
        scope = self._command_scope(ctx)
        _validate_commands(ctx.body)
        stored = self.commands.replace(scope, ctx.body, self.snowflakes, self.application_id)
        self.commands.put_counts["global" if scope is None else scope] += 1
        return stored

    async def _h_post_command(self, ctx: _Ctx) -> JSON:
        scope = self._command_scope(ctx)
        _validate_commands([ctx.body])
        return self.commands.store(scope, ctx.body, self.snowflakes, self.application_id)

    async def _h_get_command(self, ctx: _Ctx) -> JSON:
        return self._command_by_id(ctx)[1]

    async def _h_patch_command(self, ctx: _Ctx) -> JSON:
        scope, cmd = self._command_by_id(ctx)
        body = {
            k: v for k, v in cmd.items() if k not in ("id", "application_id", "version", "guild_id")
        }
        body |= ctx.data
        _validate_commands([body])
        del self.commands.scope(scope)[cmd["name"]]
        stored = self.commands.store(scope, body, self.snowflakes, self.application_id)
        stored["id"] = cmd["id"]
        return stored

    async def _h_delete_command(self, ctx: _Ctx) -> None:
        scope, cmd = self._command_by_id(ctx)
        del self.commands.scope(scope)[cmd["name"]]

    # ------------------------------------------------------------------ REST: interactions

    async def _h_callback(self, ctx: _Ctx) -> JSON | None:
        record = self._by_id.get(ctx.int_param("interaction_id"))
        if record is None or record.token != ctx.params["token"]:
            raise DiscordAPIError(
                404, 10062, "Unknown interaction", violation="unknown interaction or token"
            )
        if record.callbacks:
            text = "Interaction has already been acknowledged."
            raise DiscordAPIError(400, 40060, text, violation="second initial response")
        elapsed = time.monotonic() - record.dispatched_at
        if elapsed > self.interaction_deadline:
            why = f"initial response after {elapsed:.2f}s (limit {self.interaction_deadline}s)"
            raise DiscordAPIError(404, 10062, "Unknown interaction", violation=why)
        ctype, data = ctx.data.get("type"), ctx.data.get("data") or {}
        if not isinstance(ctype, int) or ctype not in ALLOWED_CALLBACKS.get(
            record.type, frozenset()
        ):
            errors = _FormErrors()
            errors.add(
                ["type"],
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Invalid for interaction type {record.type}",
            )
            why = f"callback type {ctype} for interaction type {record.type}"
            raise DiscordAPIError(
                400, 50035, "Invalid Form Body", violation=why, errors=errors.tree
            )
        msg: FakeMessage | None = None
        if ctype == 4:
            _validate_message(data, ctx.files, creating=True)
            flags = int(data.get("flags") or 0) & (SETTABLE_FLAGS | FLAG_EPHEMERAL)
            msg = self._interaction_message(record, data, ctx.files, flags, 20)
        elif ctype == 5:
            flags = FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL)
            msg = self._interaction_message(record, {}, [], flags, 20)
        elif ctype in (6, 7):
            msg = record.source_message
            if msg is None:
                raise DiscordAPIError(
                    400, 50035, "Invalid Form Body", violation="message update without a message"
                )
            if ctype == 7:
                self._apply_edit(msg, data, ctx.files)
        elif ctype == 8:
            _validate_choices(data.get("choices"))
            record.choices = list(data["choices"])
        elif ctype == 9:
            _validate_modal(data)
            record.modal = data
        record.callbacks.append((ctype, data))
        record.original = msg or record.original
        record._changed(msg if ctype in (4, 7) else None)
        if ctx.query.get("with_response") not in TRUE_VALUES:
            return None
        interaction: JSON = {"id": str(record.id), "type": record.type}
        if msg is None or ctype == 6:
            return {"interaction": interaction}
        interaction |= {
            "response_message_id": str(msg.id),
            "response_message_loading": ctype == 5,
            "response_message_ephemeral": msg.ephemeral,
        }
        return {
            "interaction": interaction,
            "resource": {"type": ctype, "message": self._message_payload(msg)},
        }

    def _webhook_record(self, ctx: _Ctx) -> InteractionRecord:
        if ctx.int_param("app_id") != self.application_id:
            raise DiscordAPIError(
                404, 10015, "Unknown Webhook", violation="webhook of another application"
            )
        record = self._by_token.get(ctx.params["token"])
        if record is None:
            raise DiscordAPIError(
                404, 10015, "Unknown Webhook", violation="unknown interaction token"
            )
        if time.monotonic() - record.dispatched_at > self.token_lifetime:
            raise DiscordAPIError(
                401, 50027, "Invalid Webhook Token", violation="token older than 15 minutes"
            )
        if not record.callbacks:
            raise DiscordAPIError(
                404, 10015, "Unknown Webhook", violation="follow-up before the initial response"
            )
        return record

    def _webhook_message(self, ctx: _Ctx, record: InteractionRecord) -> FakeMessage:
        target = ctx.params["message_id"]
        candidates = (
            [record.original] if target == "@original" else [*record.followups, record.original]
        )
        wanted = None if target == "@original" else target
        msg = next(
            (m for m in candidates if m is not None and (wanted is None or str(m.id) == wanted)),
            None,
        )
        if msg is None or msg.deleted:
            raise DiscordAPIError(
                404, 10008, "Unknown Message", violation=f"webhook message {target} does not exist"
            )
        return msg

    async def _h_followup(self, ctx: _Ctx) -> JSON | None:
        record = self._webhook_record(ctx)
        data = ctx.data
        _validate_message(data, ctx.files, creating=True)
        original = record.original
        if original is not None and original.loading and not original.deleted:
            # Discord: the first follow-up after a "thinking" deferral completes the loading
            # message, and the deferral already decided whether it is ephemeral.
            self._apply_edit(original, {k: v for k, v in data.items() if k != "flags"}, ctx.files)
            msg = original
        else:
            flags = int(data.get("flags") or 0) & (SETTABLE_FLAGS | FLAG_EPHEMERAL)
            msg = self._interaction_message(record, data, ctx.files, flags, 0)
        record.followups.append(msg)
        record._changed(msg)
        return self._message_payload(msg) if ctx.query.get("wait") in TRUE_VALUES else None

    async def _h_webhook_get(self, ctx: _Ctx) -> JSON:
        return self._message_payload(self._webhook_message(ctx, self._webhook_record(ctx)))

    async def _h_webhook_edit(self, ctx: _Ctx) -> JSON:
        record = self._webhook_record(ctx)
        msg = self._webhook_message(ctx, record)
        self._apply_edit(msg, ctx.data, ctx.files)
        record.edits.append((ctx.params["message_id"], ctx.data))
        record._changed(msg)
        return self._message_payload(msg)

    async def _h_webhook_delete(self, ctx: _Ctx) -> None:
        record = self._webhook_record(ctx)
        self._webhook_message(ctx, record).deleted = True
        record._changed()

    # ------------------------------------------------------------------ REST: channels and messages

    def _bot_channel(self, ctx: _Ctx) -> FakeChannel:
        channel_id = ctx.int_param("channel_id")
        fault = self._channel_faults.get(channel_id)
        if fault == 403:
            raise DiscordAPIError(403, 50013, "Missing Permissions")
        channel = self.channel(channel_id)
        if fault == 404 or channel is None:
            raise DiscordAPIError(404, 10003, "Unknown Channel")
        if channel.guild_id is not None:
            perms = self.guilds[channel.guild_id].permissions_for(self.bot_user.id, channel)
            if not perms & Perm.VIEW_CHANNEL:
                raise DiscordAPIError(403, 50001, "Missing Access")
        return channel

    def _channel_message(self, ctx: _Ctx, channel: FakeChannel) -> FakeMessage:
        msg = self._messages_by_id.get(ctx.int_param("message_id"))
        if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
            raise DiscordAPIError(404, 10008, "Unknown Message")
        return msg

    async def _h_get_channel(self, ctx: _Ctx) -> JSON:
        channel = self._bot_channel(ctx)
        payload = channel.to_payload()
        if channel.recipient_id is not None:
            payload["recipients"] = [self.users[channel.recipient_id].to_payload()]
        return payload

    async def _h_history(self, ctx: _Ctx) -> list[JSON]:
        channel = self._bot_channel(ctx)
        msgs = [m for m in self._messages_by_id.values() if m.channel_id == channel.id]
        msgs = [m for m in msgs if not m.deleted and not m.ephemeral and not m.loading]
        limit = int(ctx.query.get("limit", "50"))
        return [self._message_payload(m) for m in sorted(msgs, key=lambda m: -m.id)[:limit]]

    async def _h_post_message(self, ctx: _Ctx) -> JSON:
        channel = self._bot_channel(ctx)
        if channel.guild_id is not None:
            perms = self.guilds[channel.guild_id].permissions_for(self.bot_user.id, channel)
            if not perms & Perm.SEND_MESSAGES or (ctx.files and not perms & Perm.ATTACH_FILES):
                raise DiscordAPIError(403, 50013, "Missing Permissions")
        elif channel.recipient_id in self._closed_dms:
            raise DiscordAPIError(403, 50007, "Cannot send messages to this user")
        _validate_message(ctx.data, ctx.files, creating=True)
        flags = int(ctx.data.get("flags") or 0) & SETTABLE_FLAGS
        msg = self._new_message(channel, ctx.data, ctx.files, flags=flags)
        if channel.recipient_id is not None:
            self.dms[channel.recipient_id].append(msg)
        else:
            self.messages[channel.id].append(msg)
        self._message_waiter.notify()
        return self._message_payload(msg)

    async def _h_get_message(self, ctx: _Ctx) -> JSON:
        return self._message_payload(self._channel_message(ctx, self._bot_channel(ctx)))

    async def _h_edit_message(self, ctx: _Ctx) -> JSON:
        msg = self._channel_message(ctx, self._bot_channel(ctx))
        self._apply_edit(msg, ctx.data, ctx.files)
        self._message_waiter.notify()
        return self._message_payload(msg)

    async def _h_delete_message(self, ctx: _Ctx) -> None:
        self._channel_message(ctx, self._bot_channel(ctx)).deleted = True
        self._message_waiter.notify()

    async def _h_typing(self, ctx: _Ctx) -> None:
        self._bot_channel(ctx)

    # ------------------------------------------------------------------ REST: guilds

    def _bot_guild(self, ctx: _Ctx) -> FakeGuild:
        guild = self.guilds.get(ctx.int_param("guild_id"))
        if guild is None:
            raise DiscordAPIError(404, 10004, "Unknown Guild")
        return guild

    async def _h_get_guild(self, ctx: _Ctx) -> JSON:
        guild = self._bot_guild(ctx)
        payload = guild.to_payload(0)
        for key in (
            "channels",
            "members",
            "voice_states",
            "presences",
            "threads",
            "joined_at",
            "member_count",
        ):
            payload.pop(key)
        if ctx.query.get("with_counts") in TRUE_VALUES:
            payload |= {
                "approximate_member_count": len(guild.members),
                "approximate_presence_count": 0,
            }
        return payload

    async def _h_guild_channels(self, ctx: _Ctx) -> list[JSON]:
        return [c.to_payload() for c in self._bot_guild(ctx).channels.values()]

    async def _h_guild_roles(self, ctx: _Ctx) -> list[JSON]:
        return [r.to_payload() for r in self._bot_guild(ctx).roles.values()]

    async def _h_list_members(self, ctx: _Ctx) -> list[JSON]:
        guild = self._bot_guild(ctx)
        after, limit = int(ctx.query.get("after", "0")), int(ctx.query.get("limit", "1"))
        members = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)
        return [m.to_payload() for m in members[:limit]]

    async def _h_get_member(self, ctx: _Ctx) -> JSON:
        member = self._bot_guild(ctx).members.get(ctx.int_param("user_id"))
        if member is None:
            raise DiscordAPIError(404, 10007, "Unknown Member")
        return member.to_payload()
