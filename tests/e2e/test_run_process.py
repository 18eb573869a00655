"""`python -m bot run` as a real process, pointed at the local Discord-compatible server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.discord_server import FakeDiscord

TOKEN = "process-test-token"
GUILD, OWNER = 1001, 42


def environment(server: FakeDiscord, tmp_path: Path, token: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    return base | {
        "DISCORD_TOKEN": token,
        "DISCORD_API_BASE_URL": server.api_base,
        "DISCORD_GATEWAY_URL": server.gateway_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}",
        # Each process its own free port for /healthz.
        "WEB_PORT": "0",
    }


async def start(server: FakeDiscord, tmp_path: Path, token: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=environment(server, tmp_path, token),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_connects_syncs_and_answers_without_logging_the_token(tmp_path: Path) -> None:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    guild = server.add_guild(GUILD, "Team", owner_id=OWNER)
    guild.add_member(OWNER, "owner")
    guild.add_channel(2002, "general")
    process = await start(server, tmp_path, TOKEN)
    try:
        await server.wait_until_identified(timeout=60)
        for _ in range(200):
            if "net" in server.commands.names():
                break
            await asyncio.sleep(0.05)
        added = await server.invoke(GUILD, OWNER, "account add", {"handle": "@glowlab.studio"})
        assert (await added.reply(timeout=10)).content.startswith("Now tracking @glowlab.studio")
        net = await server.invoke(GUILD, OWNER, "net", {"account": "glowlab.studio"})
        assert "No follower data for @glowlab.studio yet" in (await net.reply(timeout=10)).content
    finally:
        process.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(process.communicate(), 20)
        await server.stop()
    log = (out + err).decode()
    assert process.returncode == 0
    assert "Synced 15 slash commands globally" in log
    assert TOKEN not in log
    assert (tmp_path / "data" / "bot.db").exists()
    server.assert_clean()


async def test_run_with_a_rejected_token_says_so(tmp_path: Path) -> None:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    process = await start(server, tmp_path, "not-the-token")
    out, err = await asyncio.wait_for(process.communicate(), 60)
    await server.stop()
    assert process.returncode == 2
    assert "Discord rejected DISCORD_TOKEN" in err.decode()
    assert "Traceback" not in (out + err).decode()
    assert "not-the-token" not in (out + err).decode()
