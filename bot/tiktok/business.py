"""TikTok's API for Business ("TikTok Accounts"): its OAuth, an account's daily figures and its
video list, over the same requester, limiter and retries as the Display API.

Every answer is ``{"code": 0, "message", "request_id", "data": {...}}``; a refusal comes as
HTTP 200 with a non-zero ``code``, judged in one place, ``classify_business``. Nothing here
logs a token, a code or the client secret.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from bot.analytics.video_figures import for_you_share
from bot.tiktok.client import (
    BACKOFF,
    NOT_ACTED_ON,
    RETRIES,
    AccessTokenInvalid,
    Answer,
    BadRequest,
    Dialect,
    GrantRejected,
    Requester,
    Tokens,
    readable,
)
from bot.tiktok.ratelimit import RateLimiter

SCOPES = (
    "user.info.basic",
    "user.info.username",
    "user.info.stats",
    "user.insights",
    "video.list",
    "video.insights",
)
TOKEN = "tt_user/oauth2/token/"
REFRESH = "tt_user/oauth2/refresh_token/"
REVOKE = "tt_user/oauth2/revoke/"
ACCOUNT = "business/get/"
VIDEOS = "business/video/list/"

ACCOUNT_FIELDS = ("username", "display_name", "followers_count")
DAILY_FIELDS = (
    "followers_count",
    "daily_new_followers",
    "daily_lost_followers",
    "video_views",
    "profile_views",
    "likes",
    "comments",
    "shares",
    "audience_activity",
)
# Given for accounts with 100 followers or more.
AUDIENCE_FIELDS = ("audience_genders", "audience_countries")
VIDEO_FIELDS = (
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
)
# Requests per minute the bot allows itself per endpoint unless told otherwise: TikTok publishes
# no figure for these reads, and answers 40100 past its limit.
BUSINESS_LIMIT = 300
# TikTok gives daily figures at most this many days back (UTC dates, 24-48 h late).
LOOKBACK_DAYS = 60
VIDEO_PAGE = 20  # the most the video list returns per request

# TikTok's answer codes (``code`` in the body, with HTTP 200).
OK = 0
TOO_MANY_REQUESTS = 40100
BAD_CLIENT = 40101
ACCESS_EXPIRED = 40102
ACCESS_INVALID = 40105
CODE_INVALID = 40110


@dataclass(frozen=True)
class BusinessDay:
    """One UTC day of an account's figures; None for a figure TikTok did not give."""

    day: date
    followers: int | None
    gained: int | None
    lost: int | None
    views: int | None
    profile_views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    activity: tuple[tuple[int, int], ...]  # (hour, active followers), as TikTok gives them


@dataclass(frozen=True)
class BusinessAudience:
    """The audience as TikTok gives it: label -> share (0..1) of followers."""

    genders: dict[str, float]
    countries: dict[str, float]


@dataclass(frozen=True)
class BusinessAccount:
    username: str
    display_name: str
    followers: int | None
    days: tuple[BusinessDay, ...]  # oldest first
    audience: BusinessAudience


@dataclass(frozen=True)
class BusinessVideo:
    """One video's figures; the shares are 0..1, ``for_you_share`` of its views."""

    id: str
    created: int  # Unix seconds
    caption: str
    views: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    new_followers: int | None
    reach: int | None
    for_you_share: float | None
    full_watch_rate: float | None
    average_watch_seconds: float | None


class BusinessClient:
    """One client per process for the API for Business; the session, limiter and clock come
    from whoever builds it."""

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        limiter: RateLimiter,
        clock: Callable[[], datetime],
        auth_url: str,
        api_base_url: str,
        client_id: str,
        client_secret: SecretStr,
        redirect_uri: str,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._auth_url = auth_url
        self._api = api_base_url if api_base_url.endswith("/") else f"{api_base_url}/"
        self._client_id, self._client_secret = client_id, client_secret
        self.redirect_uri = redirect_uri
        self._http = Requester(
            session=session,
            limiter=limiter,
            dialect=BUSINESS,
            retries=retries,
            backoff=backoff,
            sleep=sleep,
        )

    @property
    def retried(self) -> int:
        return self._http.retried

    def authorize_url(self, state: str) -> str:
        query = {
            "client_key": self._client_id,
            "scope": ",".join(SCOPES),
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        return f"{self._auth_url}?{urlencode(query)}"

    async def exchange_code(self, code: str) -> Tokens:
        return await self._tokens(
            TOKEN,
            {
                "grant_type": "authorization_code",
                "auth_code": code,
                "redirect_uri": self.redirect_uri,
            },
        )

    async def refresh(self, refresh_token: str) -> Tokens:
        """New tokens. Any refusal but a bad client (the bot's own settings) means the grant is
        gone: the refresh endpoint answers nothing else a retry could mend."""
        try:
            return await self._tokens(
                REFRESH, {"grant_type": "refresh_token", "refresh_token": refresh_token}
            )
        except (BadRequest, AccessTokenInvalid) as refused:
            if refused.code == str(BAD_CLIENT):
                raise
            raise GrantRejected(refused.code, refused.status, refused.log_id) from None

    async def revoke(self, token: str) -> None:
        await self._call("POST", REVOKE, json={**self._client(), "access_token": token})

    async def username(self, tokens: Tokens) -> str:
        body = await self._call(
            "GET",
            ACCOUNT,
            params={"business_id": tokens.open_id, "fields": _fields(("username",))},
            token=tokens.access_token,
        )
        with readable(ACCOUNT):
            return str(body["data"]["username"])

    async def account(
        self, access_token: str, business_id: str, *, start: date, end: date
    ) -> BusinessAccount:
        """The account and its days ``start``..``end`` (UTC dates, at most 60 days back)."""
        fields = (*ACCOUNT_FIELDS, *DAILY_FIELDS, *AUDIENCE_FIELDS)
        body = await self._call(
            "GET",
            ACCOUNT,
            params={
                "business_id": business_id,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "fields": _fields(fields),
            },
            token=access_token,
        )
        with readable(ACCOUNT):
            return business_account(body["data"])

    async def videos(
        self, access_token: str, business_id: str, *, max_pages: int
    ) -> list[BusinessVideo]:
        """The newest videos, newest first, at most ``max_pages`` pages of 20."""
        videos: list[BusinessVideo] = []
        cursor: str | None = None
        for _ in range(max_pages):
            params = {
                "business_id": business_id,
                "fields": _fields(VIDEO_FIELDS),
                "max_count": str(VIDEO_PAGE),
            }
            if cursor is not None:
                params["cursor"] = cursor
            body = await self._call("GET", VIDEOS, params=params, token=access_token)
            with readable(VIDEOS):
                data = body["data"]
                videos.extend(business_video(item) for item in data["videos"])
                if not data.get("has_more"):
                    break
                cursor = str(data["cursor"])
        return videos

    def _client(self) -> dict[str, str]:
        return {
            "client_id": self._client_id,
            "client_secret": self._client_secret.get_secret_value(),
        }

    async def _tokens(self, path: str, grant: dict[str, str]) -> Tokens:
        body = await self._call("POST", path, json={**self._client(), **grant}, spends=True)
        now = self._clock()
        with readable(path, spent=True):
            data = body["data"]
            return Tokens(
                open_id=str(data["open_id"]),
                scopes=str(data.get("scope", "")),
                access_token=str(data["access_token"]),
                access_expires_at=now + timedelta(seconds=int(data["expires_in"])),
                refresh_token=str(data["refresh_token"]),
                refresh_expires_at=now + timedelta(seconds=int(data["refresh_token_expires_in"])),
            )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        token: str | None = None,
        spends: bool = False,
    ) -> dict[str, Any]:
        headers = {"Access-Token": token} if token else {}
        return await self._http.call(
            method,
            self._api + path,
            endpoint=path,
            params=params,
            json=json,
            headers=headers,
            spends=spends,
        )


def classify_business(status: int, body: Any) -> Answer:
    """The one place an API for Business answer is judged. ``status`` 0 means no answer
    arrived; ``body`` None, one that was not a JSON object."""
    if status in {0, 429} or status >= 500:
        return Answer.TRANSIENT
    if body is None:
        return Answer.UNREADABLE if status < 400 else Answer.BAD_REQUEST
    code = body.get("code")
    if status < 400 and code == OK:
        return Answer.OK
    if code == TOO_MANY_REQUESTS:
        return Answer.TRANSIENT
    if code in {ACCESS_EXPIRED, ACCESS_INVALID}:
        return Answer.TOKEN_INVALID
    if code == CODE_INVALID:
        return Answer.GRANT_REJECTED
    if status < 400 and code is None:
        return Answer.UNREADABLE
    return Answer.BAD_REQUEST


def _code(body: Any, status: int) -> str:
    if isinstance(body, dict) and body.get("code") is not None:
        return str(body["code"])
    if isinstance(body, dict) and body.get("error"):
        return str(body["error"])
    return str(status)


def _request_id(body: Any) -> str:
    return str(body.get("request_id", "")) if isinstance(body, dict) else ""


def _not_acted_on(status: int, body: Any) -> bool:
    """A rate-limit refusal, in either form, was not acted upon."""
    return status in NOT_ACTED_ON or (
        isinstance(body, dict) and body.get("code") == TOO_MANY_REQUESTS
    )


BUSINESS = Dialect(
    classify=classify_business, code=_code, log_id=_request_id, not_acted_on=_not_acted_on
)


def _fields(names: Sequence[str]) -> str:
    """The ``fields`` parameter: a JSON array of names."""
    return jsonlib.dumps(list(names), separators=(",", ":"))


def _count(item: dict[str, Any], name: str) -> int | None:
    value = item.get(name)
    return int(value) if value is not None else None


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


def business_account(data: dict[str, Any]) -> BusinessAccount:
    """The account and its days from ``business/get``'s ``data``; days sorted, oldest first."""
    days = sorted((business_day(item) for item in data.get("metrics") or []), key=_day)
    return BusinessAccount(
        username=str(data.get("username", "")),
        display_name=str(data.get("display_name", "")),
        followers=_count(data, "followers_count"),
        days=tuple(days),
        audience=BusinessAudience(
            genders=_labelled(data.get("audience_genders"), "gender"),
            countries=_labelled(data.get("audience_countries"), "country"),
        ),
    )


def business_day(item: dict[str, Any]) -> BusinessDay:
    return BusinessDay(
        day=date.fromisoformat(str(item["date"])),
        followers=_count(item, "followers_count"),
        gained=_count(item, "daily_new_followers"),
        lost=_count(item, "daily_lost_followers"),
        views=_count(item, "video_views"),
        profile_views=_count(item, "profile_views"),
        likes=_count(item, "likes"),
        comments=_count(item, "comments"),
        shares=_count(item, "shares"),
        activity=tuple(
            (int(hour["hour"]), int(hour["count"])) for hour in item.get("audience_activity") or []
        ),
    )


def business_video(item: dict[str, Any]) -> BusinessVideo:
    """One item of ``business/video/list``; the share of views from "For You" is read from its
    impression sources: 0 when For You is not among them, unknown when they are unreadable."""
    try:
        for_you = for_you_share(item.get("impression_sources") or [])
    except ValueError:
        for_you = None
    return BusinessVideo(
        id=str(item["item_id"]),
        created=int(item.get("create_time", 0)),
        caption=str(item.get("caption") or ""),
        views=_count(item, "video_views"),
        likes=_count(item, "likes"),
        comments=_count(item, "comments"),
        shares=_count(item, "shares"),
        new_followers=_count(item, "new_followers"),
        reach=_count(item, "reach"),
        for_you_share=for_you,
        full_watch_rate=_number(item.get("full_video_watched_rate")),
        average_watch_seconds=_number(item.get("average_time_watched")),
    )


def _labelled(items: Any, key: str) -> dict[str, float]:
    return {str(item[key]): float(item["percentage"]) for item in items or []}


def _day(day: BusinessDay) -> date:
    return day.day
