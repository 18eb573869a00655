"""The registry of configured sources: what a cog gets when a source is missing, the jobs the
scheduler is handed, and one redirect route per source on the real web server."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import aiohttp
import pytest

from bot.errors import UserFacingError
from bot.sources import SourceJob, SourceKind, Sources
from bot.tiktok.oauth import Page
from bot.tiktok.outcomes import Revocation
from bot.tiktok.pull import PullReport
from bot.web import WebServer
from storage import Account


class PageSource:
    """A source whose redirect page says which path it serves; nothing else is reached."""

    kind = SourceKind.TIKTOK_DISPLAY

    def __init__(self, callback_path: str) -> None:
        self.callback_path = callback_path
        self.pulls = 0

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def consent_link(self, account: Account, user_id: int) -> str:
        raise AssertionError("not reached")

    async def complete_consent(self, query: Mapping[str, str]) -> Page:
        return Page(200, "Connected", f"{self.callback_path} got {query.get('code', '')}")

    async def pull(self, account: Account) -> PullReport:
        raise AssertionError("not reached")

    async def disconnect(self, account: Account) -> Revocation | None:
        return None

    async def pull_all(self) -> int:
        self.pulls += 1
        return 0

    def jobs(self) -> list[SourceJob]:
        return [SourceJob("page-pull", timedelta(hours=6), self.pull_all)]


def test_an_unconfigured_source_answers_with_the_settings_to_set() -> None:
    sources = Sources()
    assert len(sources) == 0 and SourceKind.TIKTOK_DISPLAY not in sources
    assert sources.jobs() == []
    with pytest.raises(UserFacingError) as refused:
        sources.get(SourceKind.TIKTOK_DISPLAY)
    assert str(refused.value) == (
        "TikTok connections are not set up for this bot: its operator must set "
        "TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, PUBLIC_URL, TOKEN_ENCRYPTION_KEYS "
        '(see the README, "Connecting TikTok accounts").'
    )


async def test_a_configured_source_is_found_and_hands_over_its_jobs() -> None:
    source = PageSource("/page/callback")
    sources = Sources(source)
    assert SourceKind.TIKTOK_DISPLAY in sources and sources.get(SourceKind.TIKTOK_DISPLAY) is source
    [job] = sources.jobs()
    assert (job.id, job.every) == ("page-pull", timedelta(hours=6))
    await job.run()
    assert source.pulls == 1


async def _healthy() -> dict[str, str]:
    return {"database": "ok"}


async def test_each_source_gets_its_own_redirect_route() -> None:
    first, second = PageSource("/first/callback"), PageSource("/second/callback")
    server = WebServer(
        "127.0.0.1",
        0,
        health=_healthy,
        callbacks={s.callback_path: s.complete_consent for s in (first, second)},
    )
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        async with aiohttp.ClientSession() as client:
            for path in ("/first/callback", "/second/callback"):
                async with client.get(f"{base}{path}?code=abc") as response:
                    assert response.status == 200
                    assert response.headers["Cache-Control"] == "no-store"
                    assert f"{path} got abc" in await response.text()
            async with client.get(f"{base}/tiktok/callback?code=abc") as missing:
                assert missing.status == 404
    finally:
        await server.stop()
