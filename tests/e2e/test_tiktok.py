"""TikTok connections end to end: the real bot, the local Discord, the local TikTok fake."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select

from bot import fmt
from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from bot.clock import local_today
from bot.tiktok.vault import TokenVault
from storage.schema import metadata
from tests.conftest import (
    ALERTS_A,
    GUILD_A,
    GUILD_B,
    MANAGER,
    MEMBER,
    OWNER,
    OWNER_B,
    FakeClock,
    World,
    build_guilds,
    start_bot,
    stop_bot,
)
from tests.databases import sqlite_only
from tests.discord_server import FakeDiscord
from tests.tiktok_server import FakeTikTok, FakeVideo, Fault

HANDLE = "glowlab.studio"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Linked:
    world: World
    tiktok: FakeTikTok
    key: str
    public_url: str

    @property
    def vault(self) -> TokenVault:
        return TokenVault(SecretStr(self.key))


@pytest.fixture
async def linked(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Linked]:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    server = FakeDiscord()
    await server.start()
    guild_a, guild_b = build_guilds(server)
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    tiktok = FakeTikTok(clock)
    await tiktok.start()
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    tiktok.redirect_uris.add(f"{public_url}/tiktok/callback")
    key = Fernet.generate_key().decode()
    bot = await start_bot(
        server,
        database_url,
        clock,
        tiktok_client_key=tiktok.client_key,
        tiktok_client_secret=tiktok.client_secret,
        public_url=public_url,
        web_port=port,
        tiktok_auth_url=tiktok.auth_url,
        tiktok_api_base_url=tiktok.base_url,
        token_encryption_key=key,
    )
    await bot.scheduler.recovery_done()
    world = World(server, bot, clock, guild_a, guild_b, database_url)
    try:
        yield Linked(world, tiktok, key, public_url)
    finally:
        await stop_bot(world.bot)
        await server.stop()
        await tiktok.stop()
    server.assert_clean()
    tiktok.assert_clean()


def videos(now: datetime, views: list[int]) -> list[FakeVideo]:
    """One video a day before ``now``, newest first, with the given view counts."""
    return [
        FakeVideo(
            id=f"7{index:018d}",
            create_time=int((now - timedelta(days=index + 1)).timestamp()),
            title=f"Video {index}",
            view_count=count,
            like_count=count // 10,
            comment_count=count // 100,
            share_count=count // 200,
        )
        for index, count in enumerate(views)
    ]


async def browse(url: str) -> tuple[int, str]:
    """What a browser does with the consent link: TikTok redirects it to the bot."""
    async with aiohttp.ClientSession() as browser, browser.get(url) as response:
        return response.status, await response.text()


def consent_link(reply: Any) -> str:
    buttons = [c for row in reply.components for c in row.get("components", [])]
    links = [button["url"] for button in buttons if button.get("style") == 5]
    assert len(links) == 1, reply.components
    return str(links[0])


async def connect(linked: Linked, username: str = HANDLE, *, user: int = OWNER) -> tuple[int, str]:
    linked.tiktok.login_as = username
    reply = await linked.world.run("account connect", {"account": HANDLE}, user=user)
    assert reply.ephemeral
    return await browse(consent_link(reply))


async def add_account(linked: Linked, *, owner: int | None = None) -> None:
    options: dict[str, object] = {"handle": HANDLE}
    if owner is not None:
        options["owner"] = owner
    await linked.world.run("account add", options)


async def test_connect_stores_tokens_encrypted_and_tells_the_user(
    linked: Linked, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world, tiktok = linked.world, linked.tiktok
    now = world.clock()
    user = tiktok.add_user(HANDLE, 12_480, videos=videos(now, [900, 1200]))
    await add_account(linked)

    status, page = await connect(linked, user=MANAGER)

    assert status == 200 and "now connected" in page
    dm = await world.server.wait_for_message(user_id=MANAGER)
    assert dm.content == (
        "@glowlab.studio is now connected to TikTok: it will be pulled by itself from now on."
    )
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    connection = await world.bot.store.connections.get(account.id)
    assert connection is not None and connection.connected
    assert connection.tokens.open_id == user.open_id
    access = linked.vault.open(connection.tokens.access_token)
    assert access in tiktok.access_tokens
    assert connection.tokens.access_token != access
    assert connection.tokens.access_expires_at == now + timedelta(hours=24)
    assert connection.tokens.refresh_expires_at == now + timedelta(days=365)
    assert tiktok.issued and not any(secret in caplog.text for secret in tiktok.issued)
    assert tiktok.client_secret not in caplog.text
    assert tiktok.count("POST", "/v2/oauth/token/") == 1


async def test_consent_link_works_once_and_expires(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 100)
    await add_account(linked)
    tiktok.login_as = HANDLE
    first = consent_link(await world.run("account connect", {"account": HANDLE}))
    second = consent_link(await world.run("account connect", {"account": HANDLE}))
    assert first != second

    world.clock.now += timedelta(minutes=10, seconds=1)
    status, page = await browse(first)
    assert status == 400 and "older than 10 minutes" in page

    world.clock.now -= timedelta(minutes=5)
    status, _ = await browse(second)
    assert status == 200
    async with aiohttp.ClientSession() as browser:
        callback = [r for r in tiktok.requests if r.path == "/v2/auth/authorize/"]
        assert len(callback) == 2
        # A made-up state reaches the callback like a replay would.
        async with browser.get(f"{linked.public_url}/tiktok/callback?code=x&state=y") as again:
            assert again.status == 400


async def test_four_concurrent_callbacks_with_one_state_connect_once(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 100)
    await add_account(linked)
    tiktok.login_as = HANDLE
    link = consent_link(await world.run("account connect", {"account": HANDLE}))
    async with aiohttp.ClientSession() as browser:
        async with browser.get(link, allow_redirects=False) as consent:
            callback = consent.headers["Location"]

        async def arrive() -> int:
            async with browser.get(callback) as page:
                return page.status

        statuses = await asyncio.gather(*(arrive() for _ in range(4)))

    assert sorted(statuses) == [200, 400, 400, 400]
    assert tiktok.count("POST", "/v2/oauth/token/") == 1


async def test_member_cannot_connect(linked: Linked) -> None:
    await add_account(linked)
    refused = await linked.world.run("account connect", {"account": HANDLE}, user=MEMBER)
    assert refused.ephemeral and "Manage Server" in refused.content


async def test_mismatched_username_is_refused_and_revoked(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    other = tiktok.add_user("someone.else", 50)
    await add_account(linked)

    status, page = await connect(linked, "someone.else")

    assert status == 403 and "someone.else" in page
    dm = await world.server.wait_for_message(user_id=OWNER)
    assert "signed in to TikTok as @someone.else" in dm.content
    assert tiktok.live_tokens(other.open_id) == 0
    assert tiktok.count("POST", "/v2/oauth/revoke/") == 1
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    assert await world.bot.store.connections.get(account.id) is None


async def test_a_wrong_sign_in_leaves_another_servers_grant_alone(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    other = tiktok.add_user("someone.else", 50)
    await world.run("account add", {"handle": "someone.else"}, user=OWNER_B, guild=GUILD_B)
    tiktok.login_as = "someone.else"
    in_b = await world.run(
        "account connect", {"account": "someone.else"}, user=OWNER_B, guild=GUILD_B
    )
    assert (await browse(consent_link(in_b)))[0] == 200
    await add_account(linked)

    status, page = await connect(linked, "someone.else")

    assert status == 403
    assert "the access stays, since another server uses @someone.else with this bot" in page
    assert tiktok.count("POST", "/v2/oauth/revoke/") == 0
    sync = await world.run("account sync", {"account": "someone.else"}, user=OWNER_B, guild=GUILD_B)
    assert sync.content.startswith("Pulled @someone.else from TikTok: 50 followers")
    assert tiktok.live_tokens(other.open_id) == 2


async def test_declined_consent_connects_nothing(linked: Linked) -> None:
    tiktok = linked.tiktok
    tiktok.add_user(HANDLE, 50)
    await add_account(linked)
    tiktok.decline_next = True
    status, page = await connect(linked)
    assert status == 200 and "declined" in page
    assert tiktok.count("POST", "/v2/oauth/token/") == 0


async def test_scheduled_pull_writes_the_days_snapshot_and_posts(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    # 12:00 UTC on 22 Nov is 01:00 on 23 Nov in Auckland (UTC+13 in summer).
    await world.bot.store.settings.update(GUILD_A, timezone="Pacific/Auckland")
    now = world.clock()
    user = tiktok.add_user(HANDLE, 12_480, following_count=31, likes_count=90_000)
    user.videos = videos(now, [1_000 + i for i in range(45)])  # three pages of 20
    await add_account(linked)
    await connect(linked)

    await world.bot.scheduler.run_job_now("tiktok-pull")

    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    day = local_today("Pacific/Auckland", now)
    assert day == now.date() + timedelta(days=1)
    daily = await world.bot.store.snapshots.daily(account.id)
    assert list(daily.index.date) == [day]
    assert int(daily.loc[str(day), "followers"]) == 12_480
    posts = await world.bot.store.snapshots.posts(account.id)
    assert len(posts) == 45
    newest = posts.set_index("post_id").loc["7" + "0" * 18]
    assert (newest["views"], newest["likes"], newest["comments"], newest["shares"]) == (
        1000,
        100,
        10,
        5,
    )
    assert tiktok.count("POST", "/v2/video/list/") == 3

    # Later the same day: the last observation of the day wins.
    user.follower_count = 12_510
    world.clock.now += timedelta(hours=6)
    await world.bot.scheduler.run_job_now("tiktok-pull")
    daily = await world.bot.store.snapshots.daily(account.id)
    assert len(daily) == 1 and int(daily.loc[str(day), "followers"]) == 12_510

    # The next day: views since the day before are estimated from the videos' views.
    for video in user.videos:
        video.view_count += 10
    user.follower_count = 12_530
    world.clock.now += timedelta(hours=18)
    reply = await world.run("account sync", {"account": HANDLE})
    assert reply.content.splitlines() == [
        "Pulled @glowlab.studio from TikTok: 12,530 followers on 24 Nov 2026.",
        "Posts: 0 new, 45 updated.",
        "Views since the day before: about 450 (estimated).",
    ]
    net = await world.run("net", {"account": HANDLE, "days": 1})
    assert "12,530" in net.text and "+20" in net.text

    listing = await world.run("account list")
    assert "TikTok connected, pulled 23 Nov 2026 12:00 UTC" in listing.text


async def test_uploaded_export_wins_and_a_disagreement_is_noted(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 10_300)
    await add_account(linked)
    await connect(linked)
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    day = local_today("UTC", world.clock())
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame([{"day": day, "followers": 10_000}]), source=SnapshotSource.UPLOAD
    )

    reply = await world.run("account sync", {"account": HANDLE})

    assert reply.content.splitlines()[-1] == (
        "The uploaded export gives 10,000 for that day and is kept; it differs from the pulled "
        "count by more than 1%."
    )
    daily = await world.bot.store.snapshots.daily(account.id)
    assert int(daily.loc[str(day), "followers"]) == 10_000


async def test_refresh_before_expiry_and_rotation(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    user = tiktok.add_user(HANDLE, 500)
    await add_account(linked)
    await connect(linked)
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    before = await world.bot.store.connections.get(account.id)
    assert before is not None
    old_refresh = linked.vault.open(before.tokens.refresh_token)

    world.clock.now += timedelta(hours=23, minutes=55)  # 5 minutes before the access expiry
    await world.run("account sync", {"account": HANDLE})

    after = await world.bot.store.connections.get(account.id)
    assert after is not None
    new_refresh = linked.vault.open(after.tokens.refresh_token)
    assert new_refresh != old_refresh and new_refresh in tiktok.refresh_tokens
    assert old_refresh not in tiktok.refresh_tokens  # rotated: the old one stopped working
    assert after.tokens.access_expires_at == world.clock() + timedelta(hours=24)

    # An access token TikTok refuses before its time is refreshed once, then works.
    tiktok.expire_access(user.open_id)
    refreshes = tiktok.count("POST", "/v2/oauth/token/")
    reply = await world.run("account sync", {"account": HANDLE})
    assert reply.content.startswith("Pulled @glowlab.studio")
    assert tiktok.count("POST", "/v2/oauth/token/") == refreshes + 1


async def test_revoked_refresh_token_is_reported_once(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    user = tiktok.add_user(HANDLE, 500)
    await add_account(linked)
    await world.run("alerts channel", {"channel": ALERTS_A})
    await connect(linked)
    tiktok.revoke_user(user.open_id)  # the user removed the app in TikTok's settings
    world.clock.now += timedelta(days=2)
    before = len(world.server.messages[ALERTS_A])

    await world.bot.scheduler.run_job_now("tiktok-pull")
    await world.bot.scheduler.run_job_now("tiktok-pull")

    notices = world.server.messages[ALERTS_A][before:]
    assert [m.content for m in notices] == [
        "TikTok no longer accepts the connection of @glowlab.studio (access was revoked or "
        "expired), so it is not pulled any more. A manager can reconnect it with "
        "`/account connect account:glowlab.studio`."
    ]
    listing = await world.run("account list")
    assert "TikTok disconnected" in listing.text
    sync = await world.run("account sync", {"account": HANDLE})
    assert sync.ephemeral and "not connected to TikTok" in sync.content


async def test_refresh_token_close_to_expiry_is_announced_once(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.refresh_ttl = timedelta(days=10)
    tiktok.rotate_refresh_tokens = False  # the refresh token keeps its original end
    tiktok.add_user(HANDLE, 500)
    await add_account(linked, owner=MANAGER)
    await connect(linked)
    world.clock.now += timedelta(days=4)  # six days left

    await world.bot.scheduler.run_job_now("tiktok-pull")
    await world.bot.scheduler.run_job_now("tiktok-pull")

    expires = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    dms = [m.content for m in world.server.dms[MANAGER] if "expires" in m.content]
    assert dms == [
        f"The TikTok connection of @glowlab.studio expires on 2 Dec 2026 ({expires:%H:%M} UTC). "
        "A manager can reconnect it with `/account connect account:glowlab.studio`."
    ]


async def test_rate_limits_and_server_errors_are_retried(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 777)
    await add_account(linked)
    await connect(linked)
    tiktok.fail_next("/v2/user/info/", 429, times=2)
    tiktok.fail_next("/v2/video/list/", 503)

    reply = await world.run("account sync", {"account": HANDLE})

    assert reply.content.startswith("Pulled @glowlab.studio from TikTok: 777 followers")
    info = [r.status for r in tiktok.requests if r.path == "/v2/user/info/"]
    listing = [r.status for r in tiktok.requests if r.path == "/v2/video/list/"]
    assert info[-3:] == [429, 429, 200]
    assert listing == [503, 200]


async def test_disconnect_revokes_and_remove_does_too(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    user = tiktok.add_user(HANDLE, 10)
    await add_account(linked)
    await connect(linked)

    reply = await world.run("account disconnect", {"account": HANDLE})
    assert reply.ephemeral and "no longer connected" in reply.content
    assert tiktok.live_tokens(user.open_id) == 0

    await connect(linked)
    assert tiktok.live_tokens(user.open_id) == 1
    removal = await world.server.invoke(GUILD_A, OWNER, "account remove", {"handle": HANDLE})
    await removal.reply(timeout=10)
    done = await (await world.server.click(removal, "account-remove:confirm", OWNER)).reply()
    assert "Stopped tracking @glowlab.studio" in done.content
    assert tiktok.live_tokens(user.open_id) == 0


async def test_a_tiktok_account_shared_by_two_servers_is_revoked_only_by_the_last(
    linked: Linked,
) -> None:
    world, tiktok = linked.world, linked.tiktok
    user = tiktok.add_user(HANDLE, 10)
    await add_account(linked)
    await connect(linked)
    await world.run("account add", {"handle": HANDLE}, user=OWNER_B, guild=GUILD_B)
    in_b = await world.run("account connect", {"account": HANDLE}, user=OWNER_B, guild=GUILD_B)
    assert (await browse(consent_link(in_b)))[0] == 200
    assert tiktok.live_tokens(user.open_id) == 2

    reply = await world.run("account disconnect", {"account": HANDLE})
    assert reply.content == (
        "@glowlab.studio is no longer connected to TikTok; its stored data is kept. The bot's "
        "access at TikTok stays: another server still uses @glowlab.studio with this bot."
    )
    assert tiktok.count("POST", "/v2/oauth/revoke/") == 0
    sync = await world.run("account sync", {"account": HANDLE}, user=OWNER_B, guild=GUILD_B)
    assert sync.content.startswith("Pulled @glowlab.studio from TikTok: 10 followers")

    removal = await world.server.invoke(GUILD_B, OWNER_B, "account remove", {"handle": HANDLE})
    await removal.reply(timeout=10)
    done = await (await world.server.click(removal, "account-remove:confirm", OWNER_B)).reply()
    assert done.content.endswith(
        "of data. The bot's access to the TikTok account was revoked at TikTok."
    )
    assert tiktok.live_tokens(user.open_id) == 0


async def test_disconnect_revokes_a_connection_idle_past_its_access_expiry(
    linked: Linked,
) -> None:
    world, tiktok = linked.world, linked.tiktok
    user = tiktok.add_user(HANDLE, 10)
    await add_account(linked)
    await connect(linked)
    world.clock.now += timedelta(days=3)  # the stored access token expired long ago

    reply = await world.run("account disconnect", {"account": HANDLE})

    assert reply.content.endswith("The bot's access to the TikTok account was revoked at TikTok.")
    assert tiktok.live_tokens(user.open_id) == 0 and not tiktok.refresh_tokens


async def test_a_pull_round_goes_on_past_an_answer_without_fields(linked: Linked) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 10)
    tiktok.add_user("second.studio", 20)
    await add_account(linked)
    await world.run("account add", {"handle": "second.studio"})
    await connect(linked)
    tiktok.login_as = "second.studio"
    second = await world.run("account connect", {"account": "second.studio"})
    assert (await browse(consent_link(second)))[0] == 200
    tiktok.fail_next("/v2/user/info/", Fault.EMPTY_200)  # a 200 without the user's fields
    tiktok.fail_next("/v2/video/list/", Fault.HTML_502)  # a proxy's page, retried

    await world.bot.scheduler.run_job_now("tiktok-pull")

    followers = []
    for handle in (HANDLE, "second.studio"):
        account = await world.bot.store.accounts.get(GUILD_A, handle)
        assert account is not None
        daily = await world.bot.store.snapshots.daily(account.id)
        followers.extend(int(value) for value in daily["followers"])
        connection = await world.bot.store.connections.get(account.id)
        assert connection is not None and connection.connected
    assert followers in ([10], [20])  # one account pulled, the other left for the next round
    listing = [r.status for r in tiktok.requests if r.path == "/v2/video/list/"]
    assert listing == [502, 200]


@sqlite_only
async def test_database_file_holds_no_token_in_clear(linked: Linked, tmp_path: Path) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 10)
    await add_account(linked)
    await connect(linked)
    world.clock.now += timedelta(days=1, hours=1)
    await world.run("account sync", {"account": HANDLE})  # refreshed and rotated
    await world.bot.deliveries.alerts.idle()

    stored = await asyncio.to_thread(
        lambda: b"".join(path.read_bytes() for path in tmp_path.glob("bot.db*"))
    )
    assert len(tiktok.issued) >= 4
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    connection = await world.bot.store.connections.get(account.id)
    assert connection is not None
    assert connection.tokens.refresh_token.encode() in stored  # the file was read, sealed rows in
    for secret in [*tiktok.issued, tiktok.client_secret]:
        assert secret.encode() not in stored


async def test_no_row_of_any_table_holds_a_token_in_clear(linked: Linked) -> None:
    """Every database: the stored values themselves, read back table by table."""
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 10)
    await add_account(linked)
    await connect(linked)
    world.clock.now += timedelta(days=1, hours=1)
    await world.run("account sync", {"account": HANDLE})  # refreshed and rotated
    await world.bot.deliveries.alerts.idle()

    rows: list[str] = []
    async with world.bot.store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows.extend(repr(tuple(row)) for row in (await conn.execute(select(table))).all())
    stored = " ".join(rows)
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    connection = await world.bot.store.connections.get(account.id)
    assert connection is not None
    assert connection.tokens.refresh_token in stored  # the sealed rows were read
    assert len(tiktok.issued) >= 4
    for secret in [*tiktok.issued, tiktok.client_secret]:
        assert secret not in stored


async def test_healthz_reports_gateway_and_database(linked: Linked) -> None:
    async with (
        aiohttp.ClientSession() as client,
        client.get(f"{linked.public_url}/healthz") as response,
    ):
        assert response.status == 200
        assert await response.json() == {"gateway": "ok", "database": "ok"}


async def test_without_tiktok_settings_connect_explains(world: World) -> None:
    await world.run("account add", {"handle": HANDLE})
    reply = await world.run("account connect", {"account": HANDLE})
    assert reply.ephemeral
    assert "TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, PUBLIC_URL, TOKEN_ENCRYPTION_KEY" in (
        reply.content
    )


async def test_a_pull_after_a_gap_reports_the_change_since_the_last_total(
    linked: Linked,
) -> None:
    world, tiktok = linked.world, linked.tiktok
    tiktok.add_user(HANDLE, 3_700)
    await add_account(linked)
    await connect(linked)
    account = await world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    before = local_today("UTC", world.clock()) - timedelta(days=18)
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame([{"day": before, "followers": 3_979}]), source=SnapshotSource.MANUAL
    )

    reply = await world.run("account sync", {"account": HANDLE})

    # 3,700 pulled today against 3,979 eighteen days before: -279
    assert reply.content.splitlines()[-1] == (
        f"Change since the last total: -279 since {fmt.day(before)}, over 18 days."
    )
