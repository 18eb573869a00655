"""Encryption keys: a key set that cannot read the stored tokens stops `python -m bot run`
with one line (nothing is marked lost), and `rotate-key` re-encrypts under the first key."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.clock import utc_now
from bot.tiktok.vault import TokenVault
from storage import Store
from storage.connections import SealedTokens
from tests.discord_server import FakeDiscord
from tests.e2e.test_run_process import environment
from tests.e2e.test_tiktok import free_port

TOKEN = "keys-test-token"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


async def seed(database_url: str, key: str) -> int:
    """One connected account whose tokens are sealed under ``key``."""
    vault = TokenVault(SecretStr(key))
    store = Store(database_url, clock=utc_now)
    await store.open()
    try:
        account = await store.accounts.add(1, "glowlab.studio")
        tokens = SealedTokens(
            "open-1",
            "video.list",
            vault.seal("act.one"),
            NOW + timedelta(days=1),
            vault.seal("rft.one"),
            NOW + timedelta(days=365),
        )
        await store.connections.save(account.id, tokens, connected_by=7, now=NOW)
    finally:
        await store.close()
    return account.id


async def bot_process(env: dict[str, str], *args: str, cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_wrong_keys_stop_start_up_and_rotate_key_reencrypts(
    database_url: str, tmp_path: Path
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    account_id = await seed(database_url, old)
    server = FakeDiscord(token=TOKEN)
    await server.start()
    port = free_port()
    env = environment(server, tmp_path, TOKEN) | {
        "DATABASE_URL": database_url,
        "TIKTOK_CLIENT_KEY": "test-client-key",
        "TIKTOK_CLIENT_SECRET": "test-client-secret",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "WEB_PORT": str(port),
        "TOKEN_ENCRYPTION_KEYS": new,
    }
    try:
        refused = await bot_process(env, "run", cwd=tmp_path)
    finally:
        await server.stop()
    code, _, err = refused
    print(err)
    assert code == 2 and "Traceback" not in err
    line = (
        "TOKEN_ENCRYPTION_KEYS cannot decrypt the tokens of 1 of the 1 stored TikTok "
        "connections: add the key they were encrypted with to TOKEN_ENCRYPTION_KEYS (after the new "
        "key, to rotate) and start again."
    )
    assert err.splitlines().count(line) == 1
    for secret in (old, new, "act.one", "rft.one"):
        assert secret not in err

    only_new = await bot_process(env, "rotate-key", cwd=tmp_path)
    assert only_new[0] == 1 and "could not be decrypted" in only_new[2]
    rotated = await bot_process(
        env | {"TOKEN_ENCRYPTION_KEYS": f"{new},{old}"}, "rotate-key", cwd=tmp_path
    )
    assert rotated[:2] == (
        0,
        "Re-encrypted the TikTok tokens of 1 connection with the first key.\n",
    )

    store = Store(database_url, clock=utc_now)
    await store.open()
    try:
        connection = await store.connections.get(account_id)
    finally:
        await store.close()
    assert connection is not None and connection.connected  # never marked lost
    vault = TokenVault(SecretStr(new))
    assert vault.open(connection.tokens.access_token) == "act.one"
    assert vault.open(connection.tokens.refresh_token) == "rft.one"
