"""TikTok's OAuth and Display API over aiohttp: timeouts, bounded retries, the shared limiter.

Nothing here logs a token, a code or the client secret; failures carry TikTok's error code and
log id only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
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
        self._session, self._limiter, self._clock = session, limiter, clock
        self._auth_url, self._api = auth_url, api_base_url.rstrip("/")
        self._client_key, self._client_secret = client_key, client_secret
        self.redirect_uri = redirect_uri
        self._retries, self._backoff, self._sleep = retries, backoff, sleep
        self.retried = 0  # retries made so far, for operators and the benchmark

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

    async def user_info(self, access_token: str) -> UserInfo:
        body = await self._call(
            "GET", "/v2/user/info/", params={"fields": USER_FIELDS}, token=access_token
        )
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
            data = body["data"]
            videos.extend(_video(item) for item in data.get("videos", []))
            if not data.get("has_more"):
                break
            cursor = data.get("cursor")
        return videos

    def _client(self) -> dict[str, str]:
        return {
            "client_key": self._client_key,
            "client_secret": self._client_secret.get_secret_value(),
        }

    async def _tokens(self, grant: dict[str, str]) -> Tokens:
        body = await self._call("POST", "/v2/oauth/token/", form={**self._client(), **grant})
        now = self._clock()
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
    ) -> dict[str, Any]:
        """One request, retried with backoff on 429, 5xx and network failures."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        delay = self._backoff
        for attempt in range(self._retries + 1):
            await self._limiter.acquire(path)
            try:
                async with self._session.request(
                    method, self._api + path, params=params, data=form, json=json, headers=headers
                ) as response:
                    status = response.status
                    retry_after = response.headers.get("Retry-After")
                    body = await response.json(content_type=None) if status != 204 else {}
            except (aiohttp.ClientError, TimeoutError) as error:
                status, retry_after, body = 0, None, {"error": type(error).__name__}
            if status in {0, 429} or status >= 500:
                if attempt == self._retries:
                    raise TikTokUnavailable(_code(body, status), status, _log_id(body))
                self.retried += 1
                wait = float(retry_after) if retry_after and retry_after.isdigit() else delay
                log.info("TikTok %s answered %s; retrying in %.1f s", path, status or "-", wait)
                await self._sleep(min(wait, MAX_BACKOFF))
                delay *= 2
                continue
            _raise_for_error(body, status)
            return body
        raise AssertionError("unreachable")


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


def _raise_for_error(body: Any, status: int) -> None:
    """OAuth errors come as ``{"error": "invalid_grant", ...}``; Display API errors as
    ``{"error": {"code": "access_token_invalid", ...}}``, ``ok`` meaning success."""
    code = _code(body, status)
    if status < 400 and code in {"ok", str(status)}:
        return
    if code in {"invalid_grant", "access_denied"}:
        raise GrantRejected(code, status, _log_id(body))
    if code == "access_token_invalid" or status == 401:
        raise AccessTokenInvalid(code, status, _log_id(body))
    raise TikTokError(code, status, _log_id(body))
