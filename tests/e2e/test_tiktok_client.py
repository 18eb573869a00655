"""The TikTok client against the fake: bounded retries, backoff, and strict refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from pydantic import SecretStr

from bot.tiktok.client import (
    Answer,
    AnswerLost,
    GrantRejected,
    TikTokClient,
    TikTokError,
    TikTokUnavailable,
    Tokens,
    UnexpectedAnswer,
    classify,
)
from bot.tiktok.ratelimit import RateLimiter
from tests.conftest import FakeClock
from tests.tiktok_server import FakeTikTok, Fault

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


async def connected_tokens(
    fake: FakeTikTok, session: aiohttp.ClientSession, client: TikTokClient
) -> Tokens:
    """Consent as a new user and exchange the code, as the callback does."""
    fake.add_user("glowlab.studio", 10)
    fake.login_as = "glowlab.studio"
    async with session.get(client.authorize_url("s1"), allow_redirects=False) as consent:
        code = parse_qs(urlsplit(consent.headers["Location"]).query)["code"][0]
    return await client.exchange_code(code)


async def test_an_html_502_is_retried_like_any_server_error(fake: FakeTikTok) -> None:
    pauses = Pauses()
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, pauses)
        tokens = await connected_tokens(fake, session, client)
        fake.fail_next("/v2/user/info/", Fault.HTML_502, times=2)
        info = await client.user_info(tokens.access_token)
        assert info.followers == 10
        fake.fail_next("/v2/user/info/", Fault.HTML_502, times=5)
        with pytest.raises(TikTokUnavailable) as caught:
            await client.user_info(tokens.access_token)
    assert caught.value.status == 502 and pauses.taken == [0.5, 1.0, 0.5, 1.0, 2.0, 4.0]


async def test_a_success_without_the_fields_asked_for_is_an_error_of_the_client(
    fake: FakeTikTok,
) -> None:
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, Pauses())
        tokens = await connected_tokens(fake, session, client)
        for path, call in (
            ("/v2/user/info/", client.user_info(tokens.access_token)),
            ("/v2/video/list/", client.videos(tokens.access_token, max_pages=1)),
        ):
            fake.fail_next(path, Fault.EMPTY_200)
            with pytest.raises(UnexpectedAnswer):
                await call
        # A refresh answered with a success we cannot read may still have spent the refresh
        # token: it counts as an answer lost, never to be sent again blindly.
        fake.fail_next("/v2/oauth/token/", Fault.EMPTY_200)
        with pytest.raises(AnswerLost):
            await client.refresh(tokens.refresh_token)
    assert classify(200, None) is Answer.UNREADABLE
    assert classify(502, None) is Answer.TRANSIENT
    assert classify(400, {"error": "invalid_grant"}) is Answer.GRANT_REJECTED
    assert classify(401, {"error": {"code": "access_token_invalid"}}) is Answer.TOKEN_INVALID
    assert classify(401, {"error": "invalid_client"}) is Answer.BAD_REQUEST


async def test_a_refresh_whose_answer_is_lost_is_not_sent_again(fake: FakeTikTok) -> None:
    pauses = Pauses()
    async with aiohttp.ClientSession() as session:
        client = await client_for(fake, session, pauses)
        tokens = await connected_tokens(fake, session, client)
        fake.fail_next("/v2/oauth/token/", Fault.LOSE_REPLY)
        with pytest.raises(AnswerLost):
            await client.refresh(tokens.refresh_token)
        # TikTok did act on it: the refresh token it was sent is spent.
        assert tokens.refresh_token not in fake.refresh_tokens
        fake.fail_next("/v2/oauth/token/", 503)
        with pytest.raises(GrantRejected):
            await client.refresh(tokens.refresh_token)
    # one consent exchange, one lost refresh, then a 503 retried once: never a blind re-send
    assert fake.count("POST", "/v2/oauth/token/") == 4 and pauses.taken == [0.5]
