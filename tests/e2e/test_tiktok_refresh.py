"""Refreshes of one connection racing, in one process, in several, and with lost answers:
real stores on the test's database, the strict TikTok fake rotating refresh tokens."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.clock import utc_now
from bot.render import tiktok as wording
from bot.tiktok.client import AnswerLost, TikTokClient
from bot.tiktok.outcomes import LossReason
from bot.tiktok.ratelimit import RateLimiter
from bot.tiktok.tokens import ConnectionLost, TokenKeeper, seal
from bot.tiktok.vault import TokenVault
from storage import Account, Store
from tests.conftest import FakeClock
from tests.tiktok_refresher import Told
from tests.tiktok_server import FakeTikTok, Fault

REDIRECT = "https://bot.example.com/tiktok/callback"
TOKEN = "/v2/oauth/token/"
HANDLE = "glowlab.studio"


@dataclass
class Process:
    """What one bot process holds: its own store (engine, pool), HTTP session and keeper."""

    store: Store
    session: aiohttp.ClientSession
    client: TikTokClient
    keeper: TokenKeeper
    told: Told


@dataclass
class Setup:
    fake: FakeTikTok
    clock: FakeClock
    vault: TokenVault
    key: str
    account: Account
    a: Process
    b: Process


async def process(
    stack: AsyncExitStack,
    url: str,
    fake: FakeTikTok,
    vault: TokenVault,
    clock: Callable[[], datetime],
) -> Process:
    store = Store(url, clock=utc_now)
    await store.open()
    stack.push_async_callback(store.close)
    session = await stack.enter_async_context(aiohttp.ClientSession())
    client = TikTokClient(
        session=session,
        limiter=RateLimiter(),
        clock=clock,
        auth_url=fake.auth_url,
        api_base_url=fake.base_url,
        client_key=fake.client_key,
        client_secret=SecretStr(fake.client_secret),
        redirect_uri=REDIRECT,
    )
    told = Told()
    keeper = TokenKeeper(
        connections=store.connections, client=client, vault=vault, notices=told, clock=clock
    )
    return Process(store, session, client, keeper, told)


async def connect(fake: FakeTikTok, side: Process, vault: TokenVault, account: Account) -> None:
    """What the callback does after consent: exchange the code, store the sealed tokens."""
    fake.login_as = account.handle
    async with side.session.get(
        side.client.authorize_url("state"), allow_redirects=False
    ) as consent:
        code = parse_qs(urlsplit(consent.headers["Location"]).query)["code"][0]
    tokens = await side.client.exchange_code(code)
    await side.store.connections.save(
        account.id, seal(vault, tokens), connected_by=7, now=fake.clock()
    )


@pytest.fixture
async def setup(database_url: str) -> AsyncIterator[Setup]:
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    fake = FakeTikTok(clock)
    fake.redirect_uris.add(REDIRECT)
    await fake.start()
    key = Fernet.generate_key().decode()
    vault = TokenVault(SecretStr(key))
    async with AsyncExitStack() as stack:
        a = await process(stack, database_url, fake, vault, clock)
        b = await process(stack, database_url, fake, vault, clock)
        fake.add_user(HANDLE, 100)
        account = await a.store.accounts.add(1, HANDLE)
        await connect(fake, a, vault, account)
        yield Setup(fake, clock, vault, key, account, a, b)
    await fake.stop()
    fake.assert_clean()


async def stored_access(setup: Setup) -> str:
    connection = await setup.a.store.connections.get(setup.account.id)
    assert connection is not None and connection.connected
    return setup.vault.open(connection.tokens.access_token)


async def test_two_processes_refreshing_one_connection_refresh_it_once(setup: Setup) -> None:
    fake, account = setup.fake, setup.account
    setup.clock.now += timedelta(hours=23, minutes=55)  # within the refresh margin
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    fake.delay_next(TOKEN, 0.3)  # the first refresh is slow: the second arrives meanwhile

    first, second = await asyncio.gather(
        setup.a.keeper.access_token(account, connection),
        setup.b.keeper.access_token(account, connection),
    )

    assert first == second == await stored_access(setup)
    assert first in fake.access_tokens
    assert fake.count("POST", TOKEN) == 2  # the consent's exchange and one refresh
    assert setup.a.told.texts == setup.b.told.texts == []


async def test_a_refused_refresh_reads_the_stored_token_before_giving_up(setup: Setup) -> None:
    """Process A's claim lapses while its refresh is held up; B refreshes and stores. TikTok
    then refuses A's spent token: A finds B's tokens instead of marking the account lost."""
    fake, account = setup.fake, setup.account
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    fake.delay_next(TOKEN, 0.6)
    slow = asyncio.create_task(setup.a.keeper.access_token(account, connection, force_refresh=True))
    await asyncio.sleep(0.2)  # A has claimed the refresh and sent it
    setup.clock.now += timedelta(minutes=4)  # A's claim has lapsed, as if A had died

    from_b = await setup.b.keeper.access_token(account, connection, force_refresh=True)
    from_a = await slow

    assert from_a == from_b == await stored_access(setup)
    assert [r.status for r in fake.requests if r.path == TOKEN] == [200, 200, 400]
    assert setup.a.told.texts == setup.b.told.texts == []


async def test_a_lost_refresh_answer_is_not_sent_again_while_the_token_works(
    setup: Setup,
) -> None:
    fake, account, keeper = setup.fake, setup.account, setup.a.keeper
    old = await stored_access(setup)
    setup.clock.now += timedelta(hours=23, minutes=55)
    fake.fail_next(TOKEN, Fault.LOSE_REPLY)  # TikTok rotates the token; the answer is lost

    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    assert await keeper.access_token(account, connection) == old
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None and connection.connected
    assert connection.refresh_unanswered_at == setup.clock()
    setup.clock.now += timedelta(minutes=4)  # still valid for a minute: used, nothing sent
    assert await keeper.access_token(account, connection) == old
    assert fake.count("POST", TOKEN) == 2

    setup.clock.now += timedelta(minutes=2)  # expired: the one refresh token left is tried
    with pytest.raises(ConnectionLost) as lost:
        await keeper.access_token(account, connection)

    assert lost.value.reason is LossReason.ANSWER_LOST
    assert setup.a.told.texts == [wording.lost_notice(HANDLE, LossReason.ANSWER_LOST)]
    assert "answer to a renewal" in setup.a.told.texts[0]
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None and not connection.connected
    assert connection.reason == LossReason.ANSWER_LOST.value


async def test_a_refresh_dropped_before_tikTok_acted_works_when_tried_again(
    setup: Setup,
) -> None:
    fake, account, keeper = setup.fake, setup.account, setup.a.keeper
    setup.clock.now += timedelta(hours=23, minutes=55)
    fake.fail_next(TOKEN, Fault.DROP)
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    await keeper.access_token(account, connection)

    setup.clock.now += timedelta(minutes=6)
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    fresh = await keeper.access_token(account, connection)

    assert fresh == await stored_access(setup) and fresh in fake.access_tokens
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None and connection.refresh_unanswered_at is None
    assert setup.a.told.texts == []


async def test_a_claim_left_by_a_dead_process_lapses(setup: Setup) -> None:
    account = setup.account
    now = setup.clock()
    dead = await setup.b.store.connections.claim_refresh(
        account.id, "dead-process", now=now, until=now + timedelta(minutes=3)
    )
    assert dead is not None
    setup.clock.now += timedelta(minutes=3)
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    fresh = await setup.a.keeper.access_token(account, connection, force_refresh=True)
    assert fresh == await stored_access(setup)


async def test_two_real_processes_refresh_one_connection_once(database_url: str) -> None:
    fake = FakeTikTok(utc_now)
    fake.redirect_uris.add(REDIRECT)
    await fake.start()
    key = Fernet.generate_key().decode()
    vault = TokenVault(SecretStr(key))
    async with AsyncExitStack() as stack:
        here = await process(stack, database_url, fake, vault, utc_now)
        fake.add_user(HANDLE, 100)
        account = await here.store.accounts.add(1, HANDLE)
        await connect(fake, here, vault, account)
        fake.delay_next(TOKEN, 0.5, times=2)  # each refresh takes half a second at TikTok
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.tiktok_refresher",
                database_url,
                fake.base_url,
                key,
                str(account.id),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for worker in workers:
            assert worker.stdout is not None
            assert (await asyncio.wait_for(worker.stdout.readline(), 60)).strip() == b"ready"
        outputs = await asyncio.gather(
            *(asyncio.wait_for(worker.communicate(b"go\n"), 60) for worker in workers)
        )
        stored = await here.store.connections.get(account.id)
    await fake.stop()
    results = [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs]
    for (out, err), worker in zip(outputs, workers, strict=True):
        print(f"process {worker.pid} exit {worker.returncode}: {out.decode().strip()}")
        assert worker.returncode == 0, err.decode()
    requests = [f"{r.method} {r.path} -> {r.status}" for r in fake.requests]
    print("\n".join(["TikTok saw:", *requests]))
    assert stored is not None and stored.connected
    access = vault.open(stored.tokens.access_token)
    digest = hashlib.sha256(access.encode()).hexdigest()[:12]
    assert [r["access"] for r in results] == [digest, digest]
    assert [r["notices"] for r in results] == [[], []]
    assert access in fake.access_tokens
    assert requests.count(f"POST {TOKEN} -> 200") == 2  # the exchange and one refresh
    assert not any(line.endswith("-> 400") for line in requests)
    fake.assert_clean()


async def test_a_lost_answer_to_a_refresh_after_a_refused_token_is_an_error(
    setup: Setup,
) -> None:
    """The access token was refused: it is no fallback when the refresh's answer is lost."""
    fake, account = setup.fake, setup.account
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None
    fake.fail_next(TOKEN, Fault.LOSE_REPLY)
    with pytest.raises(AnswerLost):
        await setup.a.keeper.access_token(account, connection, force_refresh=True)
    connection = await setup.a.store.connections.get(account.id)
    assert connection is not None and connection.connected
    assert connection.refresh_unanswered_at == setup.clock()
    assert setup.a.told.texts == []
