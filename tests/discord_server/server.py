"""FakeDiscord: the server's state, its lifecycle, building the world, and what a test inspects.

The behaviour comes from one mixin per concern (HTTP plumbing, REST routes, interaction
callbacks, messages, gateway, interactions a test dispatches, their options, faults).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from tests.discord_server.callbacks import CallbacksMixin
from tests.discord_server.commands import SyncedCommands
from tests.discord_server.faults import Fault, FaultsMixin, Interruption
from tests.discord_server.gateway import Connection, GatewayMixin, Session
from tests.discord_server.interactions import InteractionRecord, InteractionsMixin
from tests.discord_server.limits import ATTACHMENT_SIZE_LIMIT, MAX_FILE_SIZE
from tests.discord_server.messages import MessagesMixin
from tests.discord_server.models import (
    PRIVILEGED_INTENTS,
    FakeChannel,
    FakeFile,
    FakeGuild,
    FakeMessage,
    FakeUser,
    RecordedRequest,
    Snowflakes,
    Violation,
)
from tests.discord_server.options import OptionsMixin
from tests.discord_server.rest import RestMixin
from tests.discord_server.transport import API_PREFIX, TransportMixin
from tests.discord_server.waiting import Waiter

DEFAULT_APPLICATION_ID = 900_000_000_000_000_001
DEFAULT_OWNER_ID = 900_000_000_000_000_002


class FakeDiscord(
    TransportMixin,
    RestMixin,
    CallbacksMixin,
    MessagesMixin,
    GatewayMixin,
    InteractionsMixin,
    OptionsMixin,
    FaultsMixin,
):
    """A Discord-compatible server (REST + gateway + CDN) on one loopback port.

    ``interaction_deadline`` (3 s) and ``token_lifetime`` (15 min) are attributes a test may
    lower. ``token=None`` accepts any bot token. A sharded bot gets each guild on shard
    ``(guild_id >> 22) % count``, as on Discord. Each concern is a mixin in its own module.
    """

    def __init__(
        self,
        *,
        application_id: int = DEFAULT_APPLICATION_ID,
        bot_user_id: int | None = None,
        bot_name: str = "NetBot",
        token: str | None = None,
        owner_id: int = DEFAULT_OWNER_ID,
        privileged_intents: int = PRIVILEGED_INTENTS,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline: float = 3.0,
        token_lifetime: float = 15 * 60.0,
        recommended_shards: int = 1,
    ) -> None:
        self.snowflakes = Snowflakes()
        #: what GET /gateway/bot tells a bot that asks how many shards to run
        self.recommended_shards = recommended_shards
        self.application_id = application_id
        self.token = token
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
        self._faults: list[Fault] = []
        self._interruptions: list[Interruption] = []
        self._closed_dms: set[int] = set()
        self._channel_faults: dict[int, int] = {}
        self._global_limit: tuple[int, float] | None = None
        self._global_times: deque[float] = deque()
        self._connections: set[Connection] = set()
        self._sessions: dict[str, Session] = {}
        self._identified = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._message_waiter = Waiter()
        self._runner: web.AppRunner | None = None
        self._routes = self._build_routes()
        self.port = 0

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
