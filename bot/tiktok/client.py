"""TikTok's OAuth and Display API over aiohttp: timeouts, bounded retries, the shared limiter.

The retry loop (``Requester``) serves every TikTok API; each says how it words its answers in a
``Dialect``. Nothing here logs a token, a code or the client secret; failures carry TikTok's
error code and log id only.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from bot.tiktok.ratelimit import RateLimiter

log = logging.getLogger(__name__)

SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")
USER_FIELDS = "open_id,username,display_name,follower_count,following_count,likes_count,video_count"
VIDEO_FIELDS = (
    "id,create_time,title,video_description,share_url,view_count,like_count,comment_count,"
    "share_count,duration"
)
VIDEO_PAGE = 20  # the most the video list returns per request
RETRIES = 4  # after the first attempt, for 429, 5xx and network failures
BACKOFF = 0.5  # seconds before the first retry; doubles each time
MAX_BACKOFF = 30.0


class TikTokError(Exception):
    """TikTok refused a request; ``code`` is its error code (never the token or code sent)."""

    def __init__(self, code: str, status: int, log_id: str = "") -> None:
        super().__init__(f"TikTok answered {status} {code} (log id {log_id or '-'})")
        self.code, self.status, self.log_id = code, status, log_id


class GrantRejected(TikTokError):
    """A code or refresh token no longer works (``invalid_grant``): the user must reconnect."""


class AccessTokenInvalid(TikTokError):
    """The access token was refused (expired or revoked); a refresh may help once."""


class TikTokUnavailable(TikTokError):
    """Still rate-limited or failing after every retry."""


class AnswerLost(TikTokUnavailable):
    """A request that spends what it sends (a code, a refresh token) may have reached TikTok,
    but its answer never arrived; it is not sent again, since TikTok may have acted on it."""


class BadRequest(TikTokError):
    """TikTok refused the request itself (bad client, scope or parameters): retrying won't help."""


class UnexpectedAnswer(TikTokError):
    """TikTok answered with a body this client cannot read (not JSON, or fields missing)."""


class Answer(Enum):
    """What a TikTok answer means for the caller; decided in one place, ``classify``."""

    OK = "ok"
    TRANSIENT = "transient"  # rate limit, server or network trouble: retry later
    GRANT_REJECTED = "grant rejected"  # code or refresh token no longer works
    TOKEN_INVALID = "token invalid"  # the access token was refused
    BAD_REQUEST = "bad request"  # our request was refused as such
    UNREADABLE = "unreadable"  # a success status with a body that is not TikTok's JSON


# Failures after which a request that spends what it sends was certainly not acted upon.
NOT_ACTED_ON = frozenset({429, 503})


@dataclass(frozen=True)
class Dialect:
    """How one TikTok API words its answers: ``classify`` judges one (status 0: no answer;
    body None: not a JSON object), ``code`` and ``log_id`` name it in errors and logs, and
    ``not_acted_on`` says a failure certainly left what a request spends unspent."""

    classify: Callable[[int, Any], Answer]
    code: Callable[[Any, int], str]
    log_id: Callable[[Any], str]
    not_acted_on: Callable[[int, Any], bool]


class Requester:
    """Sends requests through the process's limiter, retrying passing trouble with doubling
    backoff a bounded number of times; one per client."""

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        limiter: RateLimiter,
        dialect: Dialect,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._session, self._limiter, self._dialect = session, limiter, dialect
        self._retries, self._backoff, self._sleep = retries, backoff, sleep
        self.retried = 0  # retries made so far, for operators and the benchmark

    async def call(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        spends: bool = False,
    ) -> dict[str, Any]:
        """One request to ``url``, paced and logged as ``endpoint``.

        ``spends``: the request uses up what it sends (a code, a refresh token), so it is
        retried only when TikTok certainly did not act on it (429, 503, no connection made);
        otherwise a lost answer raises ``AnswerLost``."""
        dialect = self._dialect
        delay = self._backoff
        for attempt in range(self._retries + 1):
            await self._limiter.acquire(endpoint)
            acted_on = True
            try:
                async with self._session.request(
                    method, url, params=params, data=form, json=json, headers=headers or {}
                ) as response:
                    status = response.status
                    retry_after = response.headers.get("Retry-After")
                    body = _json(await response.read()) if status != 204 else {}
            except aiohttp.ClientConnectorError as error:
                # No connection was made: nothing reached TikTok.
                status, retry_after, body = 0, None, {"error": type(error).__name__}
                acted_on = False
            except (aiohttp.ClientError, TimeoutError) as error:
                status, retry_after, body = 0, None, {"error": type(error).__name__}
            answer = dialect.classify(status, body)
            code, log_id = dialect.code(body, status), dialect.log_id(body)
            if answer is Answer.TRANSIENT:
                if spends and acted_on and not dialect.not_acted_on(status, body):
                    raise AnswerLost(code, status, log_id)
                if attempt == self._retries:
                    raise TikTokUnavailable(code, status, log_id)
                self.retried += 1
                wait = float(retry_after) if retry_after and retry_after.isdigit() else delay
                log.info("TikTok %s answered %s; retrying in %.1f s", endpoint, code, wait)
                await self._sleep(min(wait, MAX_BACKOFF))
                delay *= 2
                continue
            if answer is Answer.OK and isinstance(body, dict):
                return body
            if spends and answer is Answer.UNREADABLE:
                # A success TikTok sent but we cannot read: what it spent is gone all the same.
                raise AnswerLost("unreadable_body", status)
            raise _error(answer, code, status, log_id)
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class Tokens:
    open_id: str
    scopes: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


@dataclass(frozen=True)
class UserInfo:
    open_id: str
    username: str
    display_name: str
    followers: int
    following: int
    likes: int
    videos: int


@dataclass(frozen=True)
class Video:
    id: str
    created: int  # Unix seconds
    title: str
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None


class TikTokClient:
    """One client per process; the session, limiter and clock come from whoever builds it."""

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        limiter: RateLimiter,
        clock: Callable[[], datetime],
        auth_url: str,
        api_base_url: str,
        client_key: str,
        client_secret: SecretStr,
        redirect_uri: str,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._auth_url, self._api = auth_url, api_base_url.rstrip("/")
        self._client_key, self._client_secret = client_key, client_secret
        self.redirect_uri = redirect_uri
        self._http = Requester(
            session=session,
            limiter=limiter,
            dialect=DISPLAY,
            retries=retries,
            backoff=backoff,
            sleep=sleep,
        )

    @property
    def retried(self) -> int:
        """Retries made so far, for operators and the benchmark."""
        return self._http.retried

    def authorize_url(self, state: str) -> str:
        query = {
            "client_key": self._client_key,
            "scope": ",".join(SCOPES),
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        return f"{self._auth_url}?{urlencode(query)}"

    async def exchange_code(self, code: str) -> Tokens:
        return await self._tokens(
            {"code": code, "grant_type": "authorization_code", "redirect_uri": self.redirect_uri}
        )

    async def refresh(self, refresh_token: str) -> Tokens:
        """New tokens; the refresh token may have rotated (the old one then stops working)."""
        return await self._tokens({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def revoke(self, token: str) -> None:
        await self._call("POST", "/v2/oauth/revoke/", form={**self._client(), "token": token})

    async def username(self, tokens: Tokens) -> str:
        """The username of the TikTok account that granted ``tokens``."""
        return (await self.user_info(tokens.access_token)).username

    async def user_info(self, access_token: str) -> UserInfo:
        body = await self._call(
            "GET", "/v2/user/info/", params={"fields": USER_FIELDS}, token=access_token
        )
        with readable("/v2/user/info/"):
            user = body["data"]["user"]
            return UserInfo(
                open_id=str(user["open_id"]),
                username=str(user.get("username", "")),
                display_name=str(user.get("display_name", "")),
                followers=int(user["follower_count"]),
                following=int(user["following_count"]),
                likes=int(user["likes_count"]),
                videos=int(user["video_count"]),
            )

    async def videos(self, access_token: str, *, max_pages: int) -> list[Video]:
        """The newest videos, newest first, at most ``max_pages`` pages of 20."""
        videos: list[Video] = []
        cursor: int | None = None
        for _ in range(max_pages):
            payload: dict[str, Any] = {"max_count": VIDEO_PAGE}
            if cursor is not None:
                payload["cursor"] = cursor
            body = await self._call(
                "POST",
                "/v2/video/list/",
                params={"fields": VIDEO_FIELDS},
                json=payload,
                token=access_token,
            )
            with readable("/v2/video/list/"):
                data = body["data"]
                videos.extend(_video(item) for item in data["videos"])
                if not data.get("has_more"):
                    break
                cursor = int(data["cursor"])
        return videos

    def _client(self) -> dict[str, str]:
        return {
            "client_key": self._client_key,
            "client_secret": self._client_secret.get_secret_value(),
        }

    async def _tokens(self, grant: dict[str, str]) -> Tokens:
        body = await self._call(
            "POST", "/v2/oauth/token/", form={**self._client(), **grant}, spends=True
        )
        now = self._clock()
        with readable("/v2/oauth/token/", spent=True):
            return Tokens(
                open_id=str(body["open_id"]),
                scopes=str(body.get("scope", "")),
                access_token=str(body["access_token"]),
                access_expires_at=now + timedelta(seconds=int(body["expires_in"])),
                refresh_token=str(body["refresh_token"]),
                refresh_expires_at=now + timedelta(seconds=int(body["refresh_expires_in"])),
            )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        token: str | None = None,
        spends: bool = False,
    ) -> dict[str, Any]:
        """One request to the Display API or its OAuth; see ``Requester.call``."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self._http.call(
            method,
            self._api + path,
            endpoint=path,
            params=params,
            form=form,
            json=json,
            headers=headers,
            spends=spends,
        )


def classify(status: int, body: Any) -> Answer:
    """The one place a TikTok answer is judged. OAuth errors come as
    ``{"error": "invalid_grant", ...}``; Display API errors as
    ``{"error": {"code": "access_token_invalid", ...}}``, ``ok`` meaning success. ``status``
    0 means no answer arrived; ``body`` None, one that was not a JSON object."""
    if status in {0, 429} or status >= 500:
        return Answer.TRANSIENT
    if body is None:
        return Answer.UNREADABLE if status < 400 else Answer.BAD_REQUEST
    code = _code(body, status)
    if status < 400 and code in {"ok", str(status)}:
        return Answer.OK
    if code in {"invalid_grant", "access_denied"}:
        return Answer.GRANT_REJECTED
    if code == "access_token_invalid" or (status == 401 and code != "invalid_client"):
        return Answer.TOKEN_INVALID
    return Answer.BAD_REQUEST


def _error(answer: Answer, code: str, status: int, log_id: str) -> TikTokError:
    if answer is Answer.GRANT_REJECTED:
        return GrantRejected(code, status, log_id)
    if answer is Answer.TOKEN_INVALID:
        return AccessTokenInvalid(code, status, log_id)
    if answer is Answer.UNREADABLE:
        return UnexpectedAnswer("unreadable_body", status)
    return BadRequest(code, status, log_id)


def _json(raw: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None (an HTML error page from a proxy, say)."""
    try:
        body = jsonlib.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@contextmanager
def readable(path: str, *, spent: bool = False) -> Iterator[None]:
    """A success answer missing the fields asked for is TikTok's error, not a crash of ours;
    ``spent``: the request used up what it sent, so the answer counts as lost."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError):
        log.warning("TikTok %s answered without the expected fields", path)
        if spent:
            raise AnswerLost("missing_fields", 200) from None
        raise UnexpectedAnswer("missing_fields", 200) from None


def _video(item: dict[str, Any]) -> Video:
    def count(name: str) -> int | None:
        value = item.get(name)
        return int(value) if value is not None else None

    return Video(
        id=str(item["id"]),
        created=int(item.get("create_time", 0)),
        title=str(item.get("title") or item.get("video_description") or ""),
        views=count("view_count"),
        likes=count("like_count"),
        comments=count("comment_count"),
        shares=count("share_count"),
    )


def _code(body: Any, status: int) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("code", status))
        if error:
            return str(error)
    return str(status)


def _log_id(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("log_id", ""))
        return str(body.get("log_id", ""))
    return ""


DISPLAY = Dialect(
    classify=classify,
    code=_code,
    log_id=_log_id,
    not_acted_on=lambda status, _body: status in NOT_ACTED_ON,
)
