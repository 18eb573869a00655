"""`python -m bot run` as a real process with TikTok's API for Business pointed at the local
fake: a Business account connected, 60 days backfilled, `/net` answering with the split."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp
from cryptography.fernet import Fernet

from bot.analytics.vocabulary import SourceKind
from bot.clock import utc_now
from tests.discord_server import FakeDiscord
from tests.e2e.test_run_process import environment
from tests.e2e.test_tiktok import consent_link, free_port
from tests.e2e.test_tiktok_process import healthy
from tests.tiktok_business_server import FakeTikTokBusiness

TOKEN = "business-process-token"
GUILD, OWNER = 1001, 42


async def test_run_connects_a_business_account_and_answers_net_with_the_split(
    tmp_path: Path,
) -> None:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    guild = server.add_guild(GUILD, "Team", owner_id=OWNER)
    guild.add_member(OWNER, "owner")
    guild.add_channel(2002, "general")
    business = FakeTikTokBusiness(utc_now)
    await business.start()
    # 60 days to yesterday (UTC), from 10,000: 25 gained a day, 10 lost a day, 40 over the last
    # ten. Over the last 28 days: 700 gained, 18 x 10 + 10 x 40 = 580 lost, net +120.
    user = business.add_user("glowlab.studio")
    user.history(utc_now().date() - timedelta(days=1), 10_000, [25] * 60, [10] * 50 + [40] * 10)
    business.login_as = "glowlab.studio"
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    business.redirect_uris.add(f"{public_url}/tiktok/business/callback")
    env = environment(server, tmp_path, TOKEN) | {
        "TIKTOK_BUSINESS_CLIENT_ID": business.client_id,
        "TIKTOK_BUSINESS_CLIENT_SECRET": business.client_secret,
        "TIKTOK_BUSINESS_AUTH_URL": business.auth_url,
        "TIKTOK_BUSINESS_API_BASE_URL": business.base_url,
        "PUBLIC_URL": public_url,
        "WEB_PORT": str(port),
        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await server.wait_until_identified(timeout=60)
        for _ in range(200):
            if "net" in server.commands.names():
                break
            await asyncio.sleep(0.05)
        added = await server.invoke(GUILD, OWNER, "account add", {"handle": "@glowlab.studio"})
        await added.reply(timeout=10)
        connect = await server.invoke(
            GUILD,
            OWNER,
            "account connect",
            {"account": "glowlab.studio", "api": SourceKind.TIKTOK_BUSINESS.value},
        )
        async with aiohttp.ClientSession() as browser:
            async with browser.get(consent_link(await connect.reply(timeout=10))) as page:
                assert page.status == 200
                shown = await page.text()
            assert await healthy(browser, f"{public_url}/healthz")
        net = await server.invoke(GUILD, OWNER, "net", {"account": "glowlab.studio", "days": 28})
        answer = (await net.reply(timeout=10)).text
    finally:
        process.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(process.communicate(), 20)
        await server.stop()
        await business.stop()
    log = (out + err).decode()
    print(log)
    print(shown, answer, sep="\n")
    print("\n".join(f"{r.method} {r.path} -> {r.code}" for r in business.requests))
    assert process.returncode == 0
    assert "60 days of daily figures" in shown
    assert "+120" in answer and "+700 gained, -580 lost" in answer and "10,600" in answer
    for secret in [*business.issued, business.client_secret, TOKEN]:
        assert secret not in log
    server.assert_clean()
    business.assert_clean()
