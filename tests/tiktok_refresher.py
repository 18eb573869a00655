"""A process of its own that refreshes one TikTok connection, for the tests of refreshes racing
across processes: ``python -m tests.tiktok_refresher DATABASE_URL API_BASE_URL KEY ACCOUNT_ID``.

It prints ``ready``, waits for a line on stdin (so the processes start their refreshes
together), then prints one JSON line: a digest of the access token it was handed (never the
token itself) and the notices it would have given.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from contextlib import AbstractAsyncContextManager, nullcontext

import aiohttp
from pydantic import SecretStr

from bot.clock import utc_now
from bot.tiktok.client import TikTokClient
from bot.tiktok.ratelimit import RateLimiter
from bot.tiktok.tokens import TokenKeeper
from bot.tiktok.vault import TokenVault
from storage import Account, Store

CLIENT_KEY, CLIENT_SECRET = "test-client-key", "test-client-secret"


class Told:
    """Notices collected instead of sent: this process has no Discord."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def tell_user(self, user_id: int, text: str) -> None:
        self.texts.append(text)

    async def tell_account(self, account: Account, text: str) -> None:
        self.texts.append(text)

    def speaking(self, guild_id: int) -> AbstractAsyncContextManager[None]:
        return nullcontext()  # no server to ask: English


async def main(database_url: str, api_base_url: str, key: str, account_id: int) -> None:
    store = Store(database_url, clock=utc_now)
    await store.open()
    told = Told()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
            client = TikTokClient(
                session=session,
                limiter=RateLimiter(),
                clock=utc_now,
                auth_url=f"{api_base_url}/v2/auth/authorize/",
                api_base_url=api_base_url,
                client_key=CLIENT_KEY,
                client_secret=SecretStr(CLIENT_SECRET),
                redirect_uri="https://bot.example.com/tiktok/callback",
            )
            keeper = TokenKeeper(
                connections=store.connections,
                client=client,
                vault=TokenVault(SecretStr(key)),
                notices=told,
                clock=utc_now,
            )
            account = next(a for a in await store.accounts.all() if a.id == account_id)
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            connection = await store.connections.get(account_id)
            assert connection is not None
            access = await keeper.access_token(account, connection, force_refresh=True)
    finally:
        await store.close()
    digest = hashlib.sha256(access.encode()).hexdigest()[:12]
    print(json.dumps({"pid": os.getpid(), "access": digest, "notices": told.texts}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
