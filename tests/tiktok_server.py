"""A local, strict fake of TikTok's OAuth (Login Kit) and Display API, over loopback.

Strict like TikTok: unknown routes, wrong client keys or secrets, unregistered redirect URIs,
expired or reused codes, revoked or expired tokens, missing fields and scopes all fail, and
every endpoint allows 600 requests per sliding minute, then answers 429. Token and code
lifetimes run on the test's clock; the rate window on real time.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

JSON = dict[str, Any]
KNOWN_SCOPES = {"user.info.basic", "user.info.profile", "user.info.stats", "video.list"}
USER_FIELDS = {
    "open_id",
    "union_id",
    "avatar_url",
    "username",
    "display_name",
    "bio_description",
    "profile_deep_link",
    "is_verified",
    "follower_count",
    "following_count",
    "likes_count",
    "video_count",
}
STATS_FIELDS = {"follower_count", "following_count", "likes_count", "video_count"}
VIDEO_FIELDS = {
    "id",
    "create_time",
    "title",
    "video_description",
    "share_url",
    "view_count",
    "like_count",
    "comment_count",
    "share_count",
    "duration",
    "cover_image_url",
    "embed_link",
    "embed_html",
    "height",
    "width",
}
CODE_TTL = timedelta(minutes=5)


class Fault(Enum):
    """Answers other than TikTok's JSON errors, for ``fail_next``."""

    LOSE_REPLY = "lose reply"  # act on the request, then drop the connection unanswered
    DROP = "drop"  # drop the connection without acting on the request
    HTML_502 = "html 502"  # a proxy's error page
    EMPTY_200 = "empty 200"  # success, without any of the fields asked for


@dataclass
class FakeVideo:
    id: str
    create_time: int
    title: str
    view_count: int
    like_count: int
    comment_count: int
    share_count: int


@dataclass
class FakeTikTokUser:
    open_id: str
    username: str
    display_name: str
    follower_count: int
    following_count: int = 0
    likes_count: int = 0
    videos: list[FakeVideo] = field(default_factory=list)


@dataclass
class _Grant:
    open_id: str
    expires_at: datetime
    scopes: str
    redirect_uri: str = ""
    used: bool = False


@dataclass(frozen=True)
class Recorded:
    """A request as seen, without its query string or body (where codes and tokens travel)."""

    method: str
    path: str
    status: int


class FakeTikTok:
    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        client_key: str = "test-client-key",
        client_secret: str = "test-client-secret",
        limit: int = 600,
        window: float = 60.0,
    ) -> None:
        self.clock = clock
        self.client_key, self.client_secret = client_key, client_secret
        self.redirect_uris: set[str] = set()
        self.limit, self.window = limit, window
        self.access_ttl = timedelta(hours=24)
        self.refresh_ttl = timedelta(days=365)
        self.rotate_refresh_tokens = True
        self.users: dict[str, FakeTikTokUser] = {}
        self.login_as: str | None = None  # who signs in at the next consent
        self.decline_next = False
        self.codes: dict[str, _Grant] = {}
        self.access_tokens: dict[str, _Grant] = {}
        self.refresh_tokens: dict[str, _Grant] = {}
        self.issued: list[str] = []  # every token and code handed out, for leak checks
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        # (path, status or Fault) answered next, in order
        self.faults: deque[tuple[str, int | Fault]] = deque()
        self.delays: deque[tuple[str, float]] = deque()  # (path, seconds) before answering
        self.rate_limited = 0
        self._starts: dict[str, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- set-up ----------------------------------------------------------------------------------

    def add_user(self, username: str, followers: int, **extra: Any) -> FakeTikTokUser:
        user = FakeTikTokUser(
            open_id=f"open-{secrets.token_hex(6)}",
            username=username,
            display_name=username.title(),
            follower_count=followers,
            **extra,
        )
        self.users[user.open_id] = user
        return user

    def user(self, username: str) -> FakeTikTokUser:
        return next(u for u in self.users.values() if u.username == username)

    def fail_next(self, path: str, status: int | Fault, times: int = 1) -> None:
        self.faults.extend([(path, status)] * times)

    def delay_next(self, path: str, seconds: float, times: int = 1) -> None:
        """Hold the next requests to ``path`` this long before acting on them."""
        self.delays.extend([(path, seconds)] * times)

    def revoke_user(self, open_id: str) -> None:
        """The user removes the app in TikTok's settings: every token stops working."""
        for tokens in (self.access_tokens, self.refresh_tokens):
            for token in [t for t, g in tokens.items() if g.open_id == open_id]:
                del tokens[token]

    def expire_access(self, open_id: str) -> None:
        for grant in self.access_tokens.values():
            if grant.open_id == open_id:
                grant.expires_at = self.clock() - timedelta(seconds=1)

    def live_tokens(self, open_id: str) -> int:
        return sum(g.open_id == open_id for g in self.access_tokens.values())

    def count(self, method: str, path: str) -> int:
        return sum(r.method == method and r.path == path for r in self.requests)

    def assert_clean(self) -> None:
        if self.violations:
            raise AssertionError("FakeTikTok saw problems:\n  " + "\n  ".join(self.violations))

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/v2/auth/authorize/", self._authorize)
        app.router.add_post("/v2/oauth/token/", self._token)
        app.router.add_post("/v2/oauth/revoke/", self._revoke)
        app.router.add_get("/v2/user/info/", self._user_info)
        app.router.add_post("/v2/video/list/", self._video_list)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def auth_url(self) -> str:
        return f"{self.base_url}/v2/auth/authorize/"

    # -- plumbing --------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        try:
            response = await self._answer(request, handler)
        except web.HTTPException as error:
            self.requests.append(Recorded(request.method, path, error.status))
            raise
        self.requests.append(Recorded(request.method, path, response.status))
        return response

    async def _answer(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        if request.match_info.http_exception is not None:
            self.violations.append(f"unknown route {request.method} {path}")
            raise request.match_info.http_exception
        if not self._admit(path):
            self.rate_limited += 1
            return _api_error(429, "rate_limit_exceeded", "Too many requests")
        if self.delays and self.delays[0][0] == path:
            await asyncio.sleep(self.delays.popleft()[1])
        if self.faults and self.faults[0][0] == path:
            fault = self.faults.popleft()[1]
            if isinstance(fault, int):
                code = "rate_limit_exceeded" if fault == 429 else "internal_error"
                return _api_error(fault, code, "injected")
            return await self._fault(request, handler, fault)
        response: web.StreamResponse = await handler(request)
        return response

    async def _fault(self, request: web.Request, handler: Any, fault: Fault) -> web.StreamResponse:
        if fault is Fault.HTML_502:
            return web.Response(
                status=502,
                text="<html><body>502 Bad Gateway</body></html>",
                content_type="text/html",
            )
        if fault is Fault.EMPTY_200:
            return web.json_response({"data": {}, "error": {"code": "ok", "log_id": "fake-log"}})
        if fault is Fault.LOSE_REPLY:
            await handler(request)
        assert request.transport is not None
        request.transport.close()
        return web.Response(status=499)  # never reaches the client: the connection is gone

    def _admit(self, path: str) -> bool:
        now = time.monotonic()
        starts = self._starts.setdefault(path, deque())
        while starts and starts[0] <= now - self.window:
            starts.popleft()
        if len(starts) >= self.limit:
            return False
        starts.append(now)
        return True

    def _issue(self, table: dict[str, _Grant], grant: _Grant, prefix: str) -> str:
        token = f"{prefix}.{secrets.token_urlsafe(24)}"
        table[token] = grant
        self.issued.append(token)
        return token

    def _bearer(self, request: web.Request) -> _Grant | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        grant = self.access_tokens.get(header.removeprefix("Bearer "))
        if grant is None or grant.expires_at <= self.clock():
            return None
        return grant

    def _fields(self, request: web.Request, allowed: set[str]) -> list[str] | None:
        fields = [f for f in request.query.get("fields", "").split(",") if f]
        if not fields or set(fields) - allowed:
            self.violations.append(f"bad fields {fields} on {request.path}")
            return None
        return fields

    # -- OAuth -----------------------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        problems = []
        if query.get("client_key") != self.client_key:
            problems.append("unknown client_key")
        if query.get("response_type") != "code":
            problems.append("response_type must be code")
        if query.get("redirect_uri") not in self.redirect_uris:
            problems.append("redirect_uri not registered")
        scopes = set(query.get("scope", "").split(","))
        if not scopes or scopes - KNOWN_SCOPES:
            problems.append(f"bad scope {sorted(scopes)}")
        if not query.get("state"):
            problems.append("no state")
        if problems:
            self.violations.append(f"authorize: {', '.join(problems)}")
            return web.Response(status=400, text="; ".join(problems))
        redirect = query["redirect_uri"]
        if self.decline_next:
            self.decline_next = False
            answer = {"error": "access_denied", "error_description": "user declined"}
        else:
            user = self.user(self.login_as or "")
            code = self._issue(
                self.codes,
                _Grant(user.open_id, self.clock() + CODE_TTL, query["scope"], redirect),
                "code",
            )
            answer = {"code": code, "scopes": query["scope"]}
        raise web.HTTPFound(f"{redirect}?{urlencode({**answer, 'state': query['state']})}")

    async def _token(self, request: web.Request) -> web.Response:
        if request.content_type != "application/x-www-form-urlencoded":
            self.violations.append(f"token: content type {request.content_type}")
            return _oauth_error(400, "invalid_request")
        form = await request.post()
        if form.get("client_key") != self.client_key or (
            form.get("client_secret") != self.client_secret
        ):
            self.violations.append("token: bad client credentials")
            return _oauth_error(401, "invalid_client")
        grant_type = form.get("grant_type")
        now = self.clock()
        if grant_type == "authorization_code":
            grant = self.codes.get(str(form.get("code", "")))
            if grant is None or grant.used or grant.expires_at <= now:
                return _oauth_error(400, "invalid_grant")
            if form.get("redirect_uri") != grant.redirect_uri:
                self.violations.append("token: redirect_uri differs from the authorization's")
                return _oauth_error(400, "invalid_grant")
            grant.used = True
            return web.json_response(self._token_pair(grant.open_id, grant.scopes, None))
        if grant_type == "refresh_token":
            token = str(form.get("refresh_token", ""))
            grant = self.refresh_tokens.get(token)
            if grant is None or grant.expires_at <= now:
                return _oauth_error(400, "invalid_grant")
            if self.rotate_refresh_tokens:
                del self.refresh_tokens[token]
                return web.json_response(self._token_pair(grant.open_id, grant.scopes, None))
            return web.json_response(self._token_pair(grant.open_id, grant.scopes, token))
        self.violations.append(f"token: grant_type {grant_type}")
        return _oauth_error(400, "unsupported_grant_type")

    def _token_pair(self, open_id: str, scopes: str, refresh: str | None) -> JSON:
        now = self.clock()
        access = self._issue(
            self.access_tokens, _Grant(open_id, now + self.access_ttl, scopes), "act"
        )
        if refresh is None:
            refresh = self._issue(
                self.refresh_tokens, _Grant(open_id, now + self.refresh_ttl, scopes), "rft"
            )
        expires = self.refresh_tokens[refresh].expires_at
        return {
            "access_token": access,
            "expires_in": int(self.access_ttl.total_seconds()),
            "open_id": open_id,
            "refresh_token": refresh,
            "refresh_expires_in": int((expires - now).total_seconds()),
            "scope": scopes,
            "token_type": "Bearer",
        }

    async def _revoke(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("client_key") != self.client_key or (
            form.get("client_secret") != self.client_secret
        ):
            self.violations.append("revoke: bad client credentials")
            return _oauth_error(401, "invalid_client")
        grant = self.access_tokens.get(str(form.get("token", "")))
        if grant is None or grant.expires_at <= self.clock():
            return _oauth_error(400, "invalid_request")
        self.revoke_user(grant.open_id)
        return web.json_response({})

    # -- Display API -----------------------------------------------------------------------------

    async def _user_info(self, request: web.Request) -> web.Response:
        grant = self._bearer(request)
        if grant is None:
            return _api_error(401, "access_token_invalid", "The access token is invalid")
        fields = self._fields(request, USER_FIELDS)
        if fields is None:
            return _api_error(400, "invalid_params", "bad fields")
        if set(fields) & STATS_FIELDS and "user.info.stats" not in grant.scopes.split(","):
            return _api_error(401, "scope_not_authorized", "user.info.stats not granted")
        user = self.users[grant.open_id]
        values = {
            "open_id": user.open_id,
            "username": user.username,
            "display_name": user.display_name,
            "follower_count": user.follower_count,
            "following_count": user.following_count,
            "likes_count": user.likes_count,
            "video_count": len(user.videos),
        }
        return _api_ok({"user": {name: values[name] for name in fields if name in values}})

    async def _video_list(self, request: web.Request) -> web.Response:
        grant = self._bearer(request)
        if grant is None:
            return _api_error(401, "access_token_invalid", "The access token is invalid")
        fields = self._fields(request, VIDEO_FIELDS)
        if fields is None:
            return _api_error(400, "invalid_params", "bad fields")
        if "video.list" not in grant.scopes.split(","):
            return _api_error(401, "scope_not_authorized", "video.list not granted")
        body = await request.json()
        max_count = body.get("max_count", 10)
        if not isinstance(max_count, int) or not 1 <= max_count <= 20:
            self.violations.append(f"video list: max_count {max_count}")
            return _api_error(400, "invalid_params", "max_count must be 1..20")
        videos = sorted(self.users[grant.open_id].videos, key=lambda v: -v.create_time)
        cursor = body.get("cursor")
        if cursor is not None:
            videos = [v for v in videos if v.create_time * 1000 < cursor]
        page = videos[:max_count]
        has_more = len(videos) > max_count
        return _api_ok(
            {
                "videos": [
                    {name: getattr(v, name) for name in fields if hasattr(v, name)} for v in page
                ],
                "cursor": page[-1].create_time * 1000 if page else 0,
                "has_more": has_more,
            }
        )


def _oauth_error(status: int, code: str) -> web.Response:
    return web.json_response(
        {"error": code, "error_description": code.replace("_", " "), "log_id": "fake-log"},
        status=status,
    )


def _api_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response(
        {"data": {}, "error": {"code": code, "message": message, "log_id": "fake-log"}},
        status=status,
    )


def _api_ok(data: JSON) -> web.Response:
    return web.json_response(
        {"data": data, "error": {"code": "ok", "message": "", "log_id": "fake-log"}}
    )
