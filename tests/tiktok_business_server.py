"""A local, strict fake of TikTok's API for Business ("TikTok Accounts") and its consent page.

Strict like TikTok: unknown routes and fields, a missing or wrong ``Access-Token`` header, a
``business_id`` the token does not grant, dates more than 60 days back, expired or reused
authorization codes, expired or revoked tokens all fail. Answers are HTTP 200 with a non-zero
``code`` (40100 past the rate limit: ``limit`` requests per endpoint per sliding window).
Daily figures are served up to ``lag_days`` before today (UTC) and may be changed between
pulls, as TikTok revises late days. Token and code lifetimes run on the test's clock.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

JSON = dict[str, Any]
PREFIX = "/open_api/v1.3/"
KNOWN_SCOPES = {
    "user.info.basic",
    "user.info.username",
    "user.info.stats",
    "user.insights",
    "video.list",
    "video.insights",
}
ACCOUNT_FIELDS = {
    "username",
    "display_name",
    "profile_image",
    "followers_count",
    "audience_genders",
    "audience_countries",
}
DAILY_FIELDS = {
    "followers_count",
    "daily_new_followers",
    "daily_lost_followers",
    "video_views",
    "profile_views",
    "likes",
    "comments",
    "shares",
    "engaged_audience",
    "audience_activity",
}
VIDEO_FIELDS = {
    "item_id",
    "create_time",
    "caption",
    "share_url",
    "video_views",
    "likes",
    "comments",
    "shares",
    "new_followers",
    "reach",
    "full_video_watched_rate",
    "average_time_watched",
    "impression_sources",
    "audience_types",
}
LOOKBACK = timedelta(days=60)
CODE_TTL = timedelta(minutes=5)

OK = 0
BAD_PARAMS = 40002
NO_PERMISSION = 40001
TOO_MANY_REQUESTS = 40100
BAD_CLIENT = 40101
ACCESS_EXPIRED = 40102
ACCESS_INVALID = 40105
REFRESH_INVALID = 40106  # any non-zero code from the refresh endpoint: the grant is gone
CODE_INVALID = 40110


@dataclass
class FakeDay:
    followers: int
    gained: int
    lost: int
    views: int = 0
    profile_views: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    activity: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class FakeBusinessVideo:
    item_id: str
    create_time: int
    caption: str
    video_views: int
    likes: int
    comments: int
    shares: int
    new_followers: int
    reach: int
    full_video_watched_rate: float
    average_time_watched: float
    for_you: float  # share of the views from "For You"


@dataclass
class FakeBusinessUser:
    open_id: str
    username: str
    display_name: str
    followers_count: int
    days: dict[date, FakeDay] = field(default_factory=dict)
    videos: list[FakeBusinessVideo] = field(default_factory=list)
    genders: dict[str, float] = field(default_factory=dict)
    countries: dict[str, float] = field(default_factory=dict)

    def history(self, last: date, start: int, gained: Sequence[int], lost: Sequence[int]) -> None:
        """Days ending on ``last``, one per (gained, lost) pair, from ``start`` followers the day
        before the first; the newest total becomes the account's."""
        total = start
        first = last - timedelta(days=len(gained) - 1)
        for index, (new, gone) in enumerate(zip(gained, lost, strict=True)):
            total += new - gone
            day = first + timedelta(days=index)
            self.days[day] = FakeDay(
                followers=total,
                gained=new,
                lost=gone,
                views=100 * (index + 1),
                profile_views=10 * (index + 1),
                likes=5 * (index + 1),
                comments=index,
                shares=index // 2,
                activity=[(hour, 10 + hour) for hour in range(24)],
            )
        self.followers_count = total


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
    code: int


class FakeTikTokBusiness:
    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        client_id: str = "test-business-app",
        client_secret: str = "test-business-secret",
        limit: int = 600,
        window: float = 60.0,
    ) -> None:
        self.clock = clock
        self.client_id, self.client_secret = client_id, client_secret
        self.redirect_uris: set[str] = set()
        self.limit, self.window = limit, window
        self.access_ttl = timedelta(hours=24)
        self.refresh_ttl = timedelta(days=365)
        self.lag_days = 1  # the newest day served is this many days before today (UTC)
        self.code_param = "code"  # the redirect's name for the authorization code
        self.users: dict[str, FakeBusinessUser] = {}
        self.login_as: str | None = None
        self.decline_next = False
        self.codes: dict[str, _Grant] = {}
        self.access_tokens: dict[str, _Grant] = {}
        self.refresh_tokens: dict[str, _Grant] = {}
        self.issued: list[str] = []
        self.requests: list[Recorded] = []
        self.asked: list[tuple[date, date]] = []  # the date ranges business/get was asked for
        self.violations: list[str] = []
        self.faults: deque[tuple[str, int]] = deque()  # (endpoint, code or HTTP status) next
        self.rate_limited = 0
        self._starts: dict[str, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- set-up ----------------------------------------------------------------------------------

    def add_user(self, username: str, followers: int = 0, **extra: Any) -> FakeBusinessUser:
        user = FakeBusinessUser(
            open_id=f"biz-{secrets.token_hex(6)}",
            username=username,
            display_name=username.title(),
            followers_count=followers,
            **extra,
        )
        self.users[user.open_id] = user
        return user

    def user(self, username: str) -> FakeBusinessUser:
        return next(u for u in self.users.values() if u.username == username)

    def fail_next(self, endpoint: str, code: int, times: int = 1) -> None:
        """Answer the next requests to ``endpoint`` (e.g. ``business/get/``) with ``code``: an
        API code (40000 and up, with HTTP 200) or an HTTP status."""
        self.faults.extend([(endpoint, code)] * times)

    def revoke_user(self, open_id: str) -> None:
        """The account holder removes the app: every token stops working."""
        for tokens in (self.access_tokens, self.refresh_tokens):
            for token in [t for t, g in tokens.items() if g.open_id == open_id]:
                del tokens[token]

    def expire_access(self, open_id: str) -> None:
        for grant in self.access_tokens.values():
            if grant.open_id == open_id:
                grant.expires_at = self.clock() - timedelta(seconds=1)

    def live_tokens(self, open_id: str) -> int:
        return sum(g.open_id == open_id for g in self.access_tokens.values())

    def count(self, method: str, endpoint: str) -> int:
        return sum(r.method == method and r.path == PREFIX + endpoint for r in self.requests)

    def assert_clean(self) -> None:
        if self.violations:
            problems = "\n  ".join(self.violations)
            raise AssertionError(f"FakeTikTokBusiness saw problems:\n  {problems}")

    def token_pair(self, open_id: str, scopes: str) -> JSON:
        """Tokens as the token endpoint's ``data`` gives them (for set-ups without consent)."""
        return self._token_pair(open_id, scopes, None)

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get("/v2/auth/authorize/", self._authorize)
        app.router.add_post(PREFIX + "tt_user/oauth2/token/", self._token)
        app.router.add_post(PREFIX + "tt_user/oauth2/refresh_token/", self._refresh)
        app.router.add_post(PREFIX + "tt_user/oauth2/revoke/", self._revoke)
        app.router.add_get(PREFIX + "business/get/", self._business)
        app.router.add_get(PREFIX + "business/video/list/", self._videos)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}{PREFIX}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def auth_url(self) -> str:
        return self.base_url.removesuffix(PREFIX) + "/v2/auth/authorize/"

    # -- plumbing --------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        try:
            response = await self._answer(request, handler)
        except web.HTTPException as error:
            self.requests.append(Recorded(request.method, path, error.status))
            raise
        code = getattr(response, "api_code", response.status)
        self.requests.append(Recorded(request.method, path, code))
        return response

    async def _answer(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        if request.match_info.http_exception is not None:
            self.violations.append(f"unknown route {request.method} {path}")
            raise request.match_info.http_exception
        endpoint = path.removeprefix(PREFIX)
        if path.startswith(PREFIX) and not self._admit(endpoint):
            self.rate_limited += 1
            return _error(TOO_MANY_REQUESTS, "Too many requests")
        if self.faults and self.faults[0][0] == endpoint:
            code = self.faults.popleft()[1]
            if code >= 40000:
                return _error(code, "injected")
            return web.json_response({"code": 50000, "message": "injected"}, status=code)
        response: web.StreamResponse = await handler(request)
        return response

    def _admit(self, endpoint: str) -> bool:
        now = time.monotonic()
        starts = self._starts.setdefault(endpoint, deque())
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

    def _grant(self, request: web.Request) -> _Grant | web.Response:
        """The grant of the request's ``Access-Token``, or TikTok's refusal."""
        token = request.headers.get("Access-Token")
        if not token:
            return _error(ACCESS_INVALID, "Access-Token header missing")
        grant = self.access_tokens.get(token)
        if grant is None:
            return _error(ACCESS_INVALID, "access token invalid or revoked")
        if grant.expires_at <= self.clock():
            return _error(ACCESS_EXPIRED, "access token expired")
        if request.query.get("business_id") != grant.open_id:
            self.violations.append(f"{request.path}: business_id is not the token's")
            return _error(NO_PERMISSION, "no permission for this business_id")
        return grant

    def _fields(self, request: web.Request, allowed: set[str]) -> list[str] | None:
        try:
            fields = json.loads(request.query.get("fields", "[]"))
        except ValueError:
            fields = None
        if not isinstance(fields, list) or not fields or set(fields) - allowed:
            self.violations.append(f"bad fields {request.query.get('fields')} on {request.path}")
            return None
        return [str(name) for name in fields]

    async def _json_body(self, request: web.Request, where: str) -> JSON | None:
        if request.content_type != "application/json":
            self.violations.append(f"{where}: content type {request.content_type}")
            return None
        body = await request.json()
        return body if isinstance(body, dict) else None

    def _client_ok(self, body: JSON, where: str) -> bool:
        if body.get("client_id") == self.client_id and body.get("client_secret") == (
            self.client_secret
        ):
            return True
        self.violations.append(f"{where}: bad client credentials")
        return False

    # -- OAuth -----------------------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        problems = []
        if query.get("client_key") != self.client_id:
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
            answer = {self.code_param: code, "scopes": query["scope"]}
        raise web.HTTPFound(f"{redirect}?{urlencode({**answer, 'state': query['state']})}")

    async def _token(self, request: web.Request) -> web.Response:
        body = await self._json_body(request, "token")
        if body is None:
            return _error(BAD_PARAMS, "JSON body expected")
        if not self._client_ok(body, "token"):
            return _error(BAD_CLIENT, "bad client credentials")
        if body.get("grant_type") != "authorization_code":
            self.violations.append(f"token: grant_type {body.get('grant_type')}")
            return _error(BAD_PARAMS, "grant_type")
        grant = self.codes.get(str(body.get("auth_code", "")))
        if grant is None or grant.used or grant.expires_at <= self.clock():
            return _error(CODE_INVALID, "authorization code invalid, used or expired")
        if body.get("redirect_uri") != grant.redirect_uri:
            self.violations.append("token: redirect_uri differs from the authorization's")
            return _error(CODE_INVALID, "redirect_uri")
        grant.used = True
        return _ok(self._token_pair(grant.open_id, grant.scopes, None))

    async def _refresh(self, request: web.Request) -> web.Response:
        body = await self._json_body(request, "refresh")
        if body is None:
            return _error(BAD_PARAMS, "JSON body expected")
        if not self._client_ok(body, "refresh"):
            return _error(BAD_CLIENT, "bad client credentials")
        if body.get("grant_type") != "refresh_token":
            self.violations.append(f"refresh: grant_type {body.get('grant_type')}")
            return _error(BAD_PARAMS, "grant_type")
        token = str(body.get("refresh_token", ""))
        grant = self.refresh_tokens.get(token)
        if grant is None or grant.expires_at <= self.clock():
            return _error(REFRESH_INVALID, "refresh token invalid or expired")
        del self.refresh_tokens[token]  # rotated: the old one stops at once
        return _ok(self._token_pair(grant.open_id, grant.scopes, None))

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
            "refresh_token_expires_in": int((expires - now).total_seconds()),
            "scope": scopes,
            "token_type": "Bearer",
        }

    async def _revoke(self, request: web.Request) -> web.Response:
        body = await self._json_body(request, "revoke")
        if body is None:
            return _error(BAD_PARAMS, "JSON body expected")
        if not self._client_ok(body, "revoke"):
            return _error(BAD_CLIENT, "bad client credentials")
        grant = self.access_tokens.get(str(body.get("access_token", "")))
        if grant is None or grant.expires_at <= self.clock():
            return _error(ACCESS_INVALID, "access token invalid or revoked")
        self.revoke_user(grant.open_id)
        return _ok({})

    # -- Accounts --------------------------------------------------------------------------------

    async def _business(self, request: web.Request) -> web.Response:
        grant = self._grant(request)
        if isinstance(grant, web.Response):
            return grant
        fields = self._fields(request, ACCOUNT_FIELDS | DAILY_FIELDS)
        if fields is None:
            return _error(BAD_PARAMS, "bad fields")
        user = self.users[grant.open_id]
        data: JSON = {}
        values: JSON = {
            "username": user.username,
            "display_name": user.display_name,
            "profile_image": "https://example.invalid/avatar.jpeg",
            "followers_count": user.followers_count,
        }
        for name in set(fields) & set(values):
            data[name] = values[name]
        if user.followers_count >= 100:
            if "audience_genders" in fields:
                data["audience_genders"] = [
                    {"gender": g, "percentage": p} for g, p in user.genders.items()
                ]
            if "audience_countries" in fields:
                data["audience_countries"] = [
                    {"country": c, "percentage": p} for c, p in user.countries.items()
                ]
        daily = [name for name in fields if name in DAILY_FIELDS]
        if daily:
            span = self._span(request)
            if isinstance(span, web.Response):
                return span
            start, end = span
            self.asked.append(span)
            newest = self.clock().astimezone(UTC).date() - timedelta(days=self.lag_days)
            data["metrics"] = [
                _metrics(day, figures, daily)
                for day, figures in sorted(user.days.items())
                if start <= day <= min(end, newest)
            ]
        return _ok(data)

    def _span(self, request: web.Request) -> tuple[date, date] | web.Response:
        try:
            start = date.fromisoformat(request.query["start_date"])
            end = date.fromisoformat(request.query["end_date"])
        except (KeyError, ValueError):
            self.violations.append("business/get: daily fields need start_date and end_date")
            return _error(BAD_PARAMS, "start_date and end_date, YYYY-MM-DD")
        today = self.clock().astimezone(UTC).date()
        if start > end or end > today:
            self.violations.append(f"business/get: dates {start}..{end}")
            return _error(BAD_PARAMS, "bad date range")
        if start < today - LOOKBACK:
            self.violations.append(f"business/get: {start} is more than 60 days back")
            return _error(BAD_PARAMS, "start_date more than 60 days back")
        return start, end

    async def _videos(self, request: web.Request) -> web.Response:
        grant = self._grant(request)
        if isinstance(grant, web.Response):
            return grant
        fields = self._fields(request, VIDEO_FIELDS)
        if fields is None:
            return _error(BAD_PARAMS, "bad fields")
        max_count = request.query.get("max_count", "20")
        if not max_count.isdigit() or not 1 <= int(max_count) <= 20:
            self.violations.append(f"video list: max_count {max_count}")
            return _error(BAD_PARAMS, "max_count must be 1..20")
        videos = sorted(self.users[grant.open_id].videos, key=lambda v: -v.create_time)
        cursor = request.query.get("cursor")
        if cursor is not None:
            videos = [v for v in videos if v.create_time < int(cursor)]
        page = videos[: int(max_count)]
        return _ok(
            {
                "videos": [_video(video, fields) for video in page],
                "cursor": page[-1].create_time if page else 0,
                "has_more": len(videos) > len(page),
            }
        )


def _metrics(day: date, figures: FakeDay, names: list[str]) -> JSON:
    values: JSON = {
        "followers_count": figures.followers,
        "daily_new_followers": figures.gained,
        "daily_lost_followers": figures.lost,
        "video_views": figures.views,
        "profile_views": figures.profile_views,
        "likes": figures.likes,
        "comments": figures.comments,
        "shares": figures.shares,
        "engaged_audience": figures.likes + figures.comments,
        "audience_activity": [{"hour": h, "count": c} for h, c in figures.activity],
    }
    return {"date": day.isoformat(), **{name: values[name] for name in names}}


def _video(video: FakeBusinessVideo, fields: list[str]) -> JSON:
    rest = round(1 - video.for_you, 4)
    values: JSON = {
        "item_id": video.item_id,
        "create_time": video.create_time,
        "caption": video.caption,
        "share_url": f"https://www.tiktok.com/video/{video.item_id}",
        "video_views": video.video_views,
        "likes": video.likes,
        "comments": video.comments,
        "shares": video.shares,
        "new_followers": video.new_followers,
        "reach": video.reach,
        "full_video_watched_rate": video.full_video_watched_rate,
        "average_time_watched": video.average_time_watched,
        "impression_sources": [
            {"impression_source": "For You", "percentage": video.for_you},
            {"impression_source": "Follow", "percentage": rest},
        ],
        "audience_types": [{"type": "Followers", "percentage": 1.0}],
    }
    return {name: values[name] for name in fields}


class _Answer(web.Response):
    """A response that remembers TikTok's ``code`` for the request log."""

    api_code: int


def _answer(code: int, message: str, data: JSON) -> web.Response:
    body = {"code": code, "message": message, "request_id": secrets.token_hex(8), "data": data}
    response = _Answer(text=json.dumps(body), content_type="application/json")
    response.api_code = code
    return response


def _ok(data: JSON) -> web.Response:
    return _answer(OK, "OK", data)


def _error(code: int, message: str) -> web.Response:
    return _answer(code, message, {})
