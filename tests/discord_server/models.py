"""What the server's world is made of: ids, permission bits and flags, users, guilds, messages.

Plain data with Discord's payload shapes; the server owns the collections and sends the events.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.discord_server.server import FakeDiscord

JSON = dict[str, Any]
DISCORD_EPOCH_MS = 1_420_070_400_000
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
SETTABLE_FLAGS = FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS


class Snowflakes:
    """Time-based snowflakes, strictly increasing."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = value if value > self._last else self._last + 1
        return self._last


def iso_time(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat()


def id_of(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if hasattr(value, "id"):
        return int(value.id)
    raise TypeError(value)


def walk_components(components: Iterable[JSON]) -> Iterator[JSON]:
    for comp in components:
        yield comp
        yield from walk_components(comp.get("components") or [])


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

    After the bot has the guild, ``add_channel``/``add_role`` send CHANNEL_CREATE /
    GUILD_ROLE_CREATE; ``await server.flush()`` waits until they are sent. Members are not
    announced: the bot asks for no members intent, so Discord would not tell it either.
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
        return member

    def remove_member(self, user_id: int) -> None:
        """The user leaves the guild (the bot, without the members intent, is not told)."""
        del self.members[user_id]

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
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    def component(self, custom_id: str) -> JSON | None:
        return next(
            (c for c in walk_components(self.components) if c.get("custom_id") == custom_id), None
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
