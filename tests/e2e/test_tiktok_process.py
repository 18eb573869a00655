"""`python -m bot run` as a real process with TikTok pointed at the local fake."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import aiohttp
from cryptography.fernet import Fernet

from bot.clock import utc_now
from tests.discord_server import FakeDiscord
from tests.e2e.test_run_process import environment
from tests.e2e.test_tiktok import consent_link, free_port
from tests.tiktok_server import FakeTikTok

TOKEN = "process-test-token"
GUILD, OWNER = 1001, 42


async def healthy(browser: aiohttp.ClientSession, url: str) -> bool:
    """Poll the health check until the gateway is ready (after the guilds have streamed in)."""
    for _ in range(100):
        async with browser.get(url) as health:
            if health.status == 200:
                return await health.json() == {"gateway": "ok", "database": "ok"}
            assert (await health.json())["gateway"] == "starting"
        await asyncio.sleep(0.1)
    return False


async def test_run_connects_pulls_and_answers_net_with_the_pulled_total(tmp_path: Path) -> None:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    guild = server.add_guild(GUILD, "Team", owner_id=OWNER)
    guild.add_member(OWNER, "owner")
    guild.add_channel(2002, "general")
    tiktok = FakeTikTok(utc_now)
    await tiktok.start()
    tiktok.add_user("glowlab.studio", 48_213)
    tiktok.login_as = "glowlab.studio"
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    tiktok.redirect_uris.add(f"{public_url}/tiktok/callback")
    env = environment(server, tmp_path, TOKEN) | {
        "TIKTOK_CLIENT_KEY": tiktok.client_key,
        "TIKTOK_CLIENT_SECRET": tiktok.client_secret,
        "PUBLIC_URL": public_url,
        "WEB_PORT": str(port),
        "TIKTOK_AUTH_URL": tiktok.auth_url,
        "TIKTOK_API_BASE_URL": tiktok.base_url,
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
            GUILD, OWNER, "account connect", {"account": "glowlab.studio"}
        )
        async with aiohttp.ClientSession() as browser:
            async with browser.get(consent_link(await connect.reply(timeout=10))) as page:
                assert page.status == 200
            assert await healthy(browser, f"{public_url}/healthz")
        sync = await server.invoke(GUILD, OWNER, "account sync", {"account": "glowlab.studio"})
        pulled = (await sync.reply(timeout=10)).content
        net = await server.invoke(GUILD, OWNER, "net", {"account": "glowlab.studio"})
        answer = (await net.reply(timeout=10)).text
    finally:
        process.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(process.communicate(), 20)
        await server.stop()
        await tiktok.stop()
    log = (out + err).decode()
    print(log)
    print(pulled, answer, sep="\n")
    print("\n".join(f"{r.method} {r.path} -> {r.status}" for r in tiktok.requests))
    assert process.returncode == 0
    assert pulled.startswith("Pulled @glowlab.studio from TikTok: 48,213 followers")
    assert "48,213" in answer
    for secret in [*tiktok.issued, tiktok.client_secret, TOKEN]:
        assert secret not in log
    server.assert_clean()
    tiktok.assert_clean()
