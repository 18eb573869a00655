"""The gateway websocket: HELLO, IDENTIFY and READY, heartbeats, RESUME, and event dispatch.

Each IDENTIFY opens a session (one per shard) that numbers its events and keeps the last ones,
so a bot that reconnects with RESUME gets what it missed. Member requests (op 8) are not served:
the bot asks for no members intent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord_server.models import APPLICATION_FLAGS, JSON, PRIVILEGED_INTENTS, FakeGuild


class Connection:
    """One websocket; sends are serialised so frames never interleave."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.session: Session | None = None
        self.lock = asyncio.Lock()

    async def send_raw(self, frame: str) -> None:
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await self.ws.send_str(frame)

    async def send(self, op: int, d: Any) -> None:
        async with self.lock:
            await self.send_raw(json.dumps({"op": op, "s": None, "t": None, "d": d}))


@dataclass(eq=False)
class Session:
    """An identified session: what RESUME needs to replay the events a dropped socket missed."""

    id: str
    shard: tuple[int, int]
    intents: int
    conn: Connection | None
    seq: int = 0
    buffer: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=2000))
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def covers(self, guild_id: int | None) -> bool:
        """Whether this shard receives the guild's events (DMs go to shard 0)."""
        shard_id, count = self.shard
        return (guild_id >> 22) % count == shard_id if guild_id else shard_id == 0


class GatewayMixin:
    """FakeDiscord's gateway side: sessions, the events the world's changes send, reconnects."""

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

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close the bot's gateway connections; with a resumable code the bot RESUMEs."""
        for conn in list(self._connections):
            await conn.ws.close(code=code, message=b"dropped by the test")

    def covered(self, guild_id: int) -> bool:
        """Whether a live connection receives this guild's events (its shard is connected)."""
        return any(s.covers(guild_id) for s in self._active_sessions())

    def _active_sessions(self) -> list[Session]:
        return [s for s in self._sessions.values() if s.conn is not None and not s.conn.ws.closed]

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

    async def _dispatch(self, session: Session, event: str, data: JSON) -> None:
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
        conn = Connection(ws)
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

    async def _on_gateway_frame(self, conn: Connection, frame: JSON) -> None:
        op, d = frame.get("op"), frame.get("d")
        if op == 1:
            await conn.send(11, None)
        elif op == 2:
            await self._identify(conn, d or {})
        elif op == 6:
            await self._resume(conn, d or {})
        elif op not in (3, 4):  # presence and voice state updates are accepted and ignored
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    async def _identify(self, conn: Connection, d: JSON) -> None:
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
        session = Session(uuid.uuid4().hex, (shard_id, shard_count), intents, conn)
        self._sessions[session.id] = conn.session = session
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

    async def _resume(self, conn: Connection, d: JSON) -> None:
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
