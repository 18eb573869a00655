"""The TikTok client against the fake: bounded retries, backoff, and strict refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from pydantic import SecretStr

from bot.tiktok.client import GrantRejected, TikTokClient, TikTokError, TikTokUnavailable
from bot.tiktok.ratelimit import RateLimiter
from tests.conftest import FakeClock
from tests.tiktok_server import FakeTikTok

REDIRECT = "https://bot.example.com/tiktok/callback"


class Pauses:
    def __init__(self) -> None:
        self.taken: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTikTok]:
    server = FakeTikTok(FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC)))
    server.redirect_uris.add(REDIRECT)
    await server.start()
    yield server
    await server.stop()


async def client_for(
    fake: FakeTikTok, session: aiohttp.ClientSession, pauses: Pauses, *, secret: str | None = None
) -> TikTokClient:
    return TikTokClient(
        session=session,
        limiter=RateLimiter(),
        clock=fake.clock,
        auth_url=fake.auth_url,
        api_base_url=fake.base_url,
        client_key=fake.client_key,
        client_secret=SecretStr(secret or fake.client_secret),
        redirect_uri=REDIRECT,
        sleep=pauses,
    )


async def test_server_errors_back_off_doubling_then_give_up(fake: FakeTikTok) -> None:
    pauses = Pauses()
    fake.fail_next("/v2/oauth/token/", 503, times=5)
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, pauses)
        with pytest.raises(TikTokUnavailable):
            await client.refresh("rft.whatever")
    assert pauses.taken == [0.5, 1.0, 2.0, 4.0]
    assert fake.count("POST", "/v2/oauth/token/") == 5


async def test_unknown_refresh_token_is_a_rejected_grant(fake: FakeTikTok) -> None:
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, Pauses())
        with pytest.raises(GrantRejected):
            await client.refresh("rft.never-issued")


async def test_wrong_client_secret_is_refused(fake: FakeTikTok) -> None:
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, Pauses(), secret="wrong")
        with pytest.raises(TikTokError) as caught:
            await client.exchange_code("code.x")
    assert caught.value.code == "invalid_client" and caught.value.status == 401
    assert fake.violations == ["token: bad client credentials"]
    fake.violations.clear()


async def test_unknown_route_is_a_violation(fake: FakeTikTok) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{fake.base_url}/v1/nope") as r:
        assert r.status == 404
    assert fake.violations == ["unknown route GET /v1/nope"]
    fake.violations.clear()


async def test_a_code_works_once(fake: FakeTikTok) -> None:
    fake.add_user("glowlab.studio", 10)
    fake.login_as = "glowlab.studio"
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, Pauses())
        async with session.get(client.authorize_url("s1"), allow_redirects=False) as consent:
            location = consent.headers["Location"]
        code = parse_qs(urlsplit(location).query)["code"][0]
        tokens = await client.exchange_code(code)
        assert (await client.user_info(tokens.access_token)).username == "glowlab.studio"
        with pytest.raises(GrantRejected):
            await client.exchange_code(code)
