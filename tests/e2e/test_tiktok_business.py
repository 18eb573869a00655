"""Connections through TikTok's API for Business end to end: the real bot, the local Discord,
the local fake of the API for Business (and of the Display API, configured alongside)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import discord
import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.analytics.vocabulary import SnapshotSource, SourceKind
from bot.shards import OwnedGuilds, shard_of
from bot.sources.tiktok_business import TikTokBusiness
from bot.tiktok.client import Tokens
from bot.tiktok.notices import DiscordNotices
from bot.tiktok.tokens import seal
from bot.tiktok.vault import TokenVault
from storage import Account
from tests.conftest import (
    GUILD_A,
    MANAGER,
    OWNER,
    FakeClock,
    World,
    build_guilds,
    start_bot,
    stop_bot,
)
from tests.discord_server import FakeDiscord
from tests.e2e.test_accounts_and_net import field
from tests.e2e.test_tiktok import browse, consent_link, free_port
from tests.tiktok_business_server import FakeBusinessVideo, FakeTikTokBusiness
from tests.tiktok_server import FakeTikTok

HANDLE = "glowlab.studio"
BUSINESS_KIND = SourceKind.TIKTOK_BUSINESS
BUSINESS = BUSINESS_KIND.value
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
# 60 days, 23 Sep .. 21 Nov 2026 (TikTok's newest day is yesterday, UTC), from 10,000 followers
# on 22 Sep: 25 gained every day; 10 lost a day, 40 a day over the last ten (12..21 Nov).
LAST = date(2026, 11, 21)
GAINED = [25] * 60
LOST = [10] * 50 + [40] * 10


@dataclass
class Both:
    world: World
    business: FakeTikTokBusiness
    display: FakeTikTok
    key: str
    public_url: str

    @property
    def vault(self) -> TokenVault:
        return TokenVault(SecretStr(self.key))


@pytest.fixture
async def both(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Both]:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    server = FakeDiscord()
    await server.start()
    guild_a, guild_b = build_guilds(server)
    clock = FakeClock(NOW)
    business, display = FakeTikTokBusiness(clock), FakeTikTok(clock)
    await business.start()
    await display.start()
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    business.redirect_uris.add(f"{public_url}/tiktok/business/callback")
    display.redirect_uris.add(f"{public_url}/tiktok/callback")
    key = Fernet.generate_key().decode()
    bot = await start_bot(
        server,
        database_url,
        clock,
        tiktok_client_key=display.client_key,
        tiktok_client_secret=display.client_secret,
        tiktok_auth_url=display.auth_url,
        tiktok_api_base_url=display.base_url,
        tiktok_business_client_id=business.client_id,
        tiktok_business_client_secret=business.client_secret,
        tiktok_business_auth_url=business.auth_url,
        tiktok_business_api_base_url=business.base_url,
        public_url=public_url,
        web_port=port,
        token_encryption_key=key,
    )
    await bot.scheduler.recovery_done()
    world = World(server, bot, clock, guild_a, guild_b, database_url)
    try:
        yield Both(world, business, display, key, public_url)
    finally:
        await stop_bot(world.bot)
        await server.stop()
        await business.stop()
        await display.stop()
    server.assert_clean()
    business.assert_clean()
    display.assert_clean()


def business_videos(now: datetime, count: int) -> list[FakeBusinessVideo]:
    return [
        FakeBusinessVideo(
            item_id=f"75{index:017d}",
            create_time=int((now - timedelta(days=index + 1)).timestamp()),
            caption=f"Clip {index}",
            video_views=2_000 + index,
            likes=150,
            comments=12,
            shares=4,
            new_followers=9,
            reach=1_800,
            full_video_watched_rate=0.31,
            average_time_watched=7.5,
            for_you=0.82,
        )
        for index in range(count)
    ]


async def add_account(both: Both, *, owner: int | None = None) -> Account:
    options: dict[str, object] = {"handle": HANDLE}
    if owner is not None:
        options["owner"] = owner
    await both.world.run("account add", options)
    account = await both.world.bot.store.accounts.get(GUILD_A, HANDLE)
    assert account is not None
    return account


async def connect(both: Both, username: str = HANDLE, *, user: int = MANAGER) -> tuple[int, str]:
    both.business.login_as = username
    reply = await both.world.run("account connect", {"account": HANDLE, "api": BUSINESS}, user=user)
    assert reply.ephemeral and "API for Business" in reply.content
    return await browse(consent_link(reply))


async def test_connect_backfills_60_days_and_net_shows_the_split_at_once(
    both: Both, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world, business = both.world, both.business
    user = both.business.add_user(HANDLE)
    user.history(LAST, 10_000, GAINED, LOST)
    user.videos = business_videos(NOW, 25)
    account = await add_account(both)

    status, page = await connect(both)

    assert status == 200
    told = (
        "@glowlab.studio is now connected to TikTok: it will be pulled by itself from now on. "
        "60 days of daily figures (23 Sep – 21 Nov 2026, UTC dates) were stored: `/net` shows "
        "gained and lost now."
    )
    assert told in page
    assert (await world.server.wait_for_message(user_id=MANAGER)).content == told
    # One ask, for the 60 days TikTok keeps: 23 Sep (60 days before 22 Nov) to yesterday.
    assert business.asked == [(date(2026, 9, 23), LAST)]
    connection = await world.bot.store.connections.get(account.id)
    assert connection is not None and connection.connected
    assert connection.api is SourceKind.TIKTOK_BUSINESS
    assert connection.tokens.open_id == user.open_id
    access = both.vault.open(connection.tokens.access_token)
    assert access in business.access_tokens and connection.tokens.access_token != access
    assert connection.tokens.refresh_expires_at == NOW + timedelta(days=365)

    daily = await world.bot.store.snapshots.daily(account.id)
    assert len(daily) == 60 and daily.index[0].date() == date(2026, 9, 23)
    # 10,000 + 60 x 25 gained - 50 x 10 - 10 x 40 lost = 10,600
    assert int(daily["followers"].iloc[-1]) == 10_600
    assert int(daily["gained"].sum()) == 1_500 and int(daily["lost"].sum()) == 900
    last = daily.loc[str(LAST)]
    assert (int(last["views"]), int(last["profile_views"]), int(last["likes"])) == (6_000, 600, 300)
    assert (int(last["comments"]), int(last["shares"])) == (59, 29)
    assert await world.bot.store.snapshots.last_day(account.id, SnapshotSource.BUSINESS) == LAST
    posts = await world.bot.store.snapshots.posts(account.id)
    assert len(posts) == 25  # two pages of the video list
    assert business.count("GET", "business/video/list/") == 2

    net = await world.run("net", {"account": HANDLE, "days": 28})
    # 25 Oct .. 21 Nov: gained 28 x 25 = 700; lost 18 x 10 + 10 x 40 = 580; net +120,
    # which is also 10,600 - F(24 Oct) = 10,600 - (10,000 + 32 x 15) = 10,600 - 10,480.
    assert field(net, "Window") == "25 Oct – 21 Nov 2026 (28 days)"
    assert field(net, "Net followers") == "+120"
    assert field(net, "Gained / lost") == "+700 gained, -580 lost"
    assert field(net, "Total") == "10,600 on 21 Nov 2026"
    # 27 Sep .. 24 Oct: 28 x 15 = +420, so 120 - 420 = -300
    assert field(net, "Previous window").startswith("-300 vs 27 Sep – 24 Oct 2026 (+420)")

    listing = await world.run("account list", {})
    assert "(API for Business)" in listing.text
    secrets = [*business.issued, business.client_secret]
    assert not any(secret in caplog.text for secret in secrets)


async def test_why_and_audience_read_tiktoks_own_figures_after_the_backfill(both: Both) -> None:
    world, business = both.world, both.business
    user = business.add_user(HANDLE)
    user.history(LAST, 10_000, GAINED, LOST)
    user.videos = business_videos(NOW, 25)
    account = await add_account(both)
    status, _page = await connect(both)
    assert status == 200

    posts = await world.bot.store.snapshots.posts(account.id)
    assert set(posts["new_followers"]) == {9} and set(posts["for_you_share"]) == {0.82}

    # The last ten days lost 40 a day against 25 gained: the account is shrinking, and /why
    # names its videos with the followers TikTok counted for each (9 per video).
    why = await world.run("why", {"account": HANDLE, "days": 7})
    assert "as TikTok counted them" in why.text
    assert "+9 followers from" in why.text

    # The hourly activity of the newest day (21 Nov, UTC) feeds /audience: 10 + hour followers
    # online, so 23:00 leads with 33.
    audience = await world.run("audience", {"account": HANDLE})
    assert "TikTok's figures for 21 Nov 2026" in audience.text
    assert "33 followers online" in audience.text


async def test_a_repull_asks_from_two_days_back_and_updates_a_revised_day(both: Both) -> None:
    world, business = both.world, both.business
    user = business.add_user(HANDLE)
    user.history(LAST, 10_000, GAINED, LOST)
    account = await add_account(both)
    await connect(both)

    # A day later TikTok has 22 Nov, and has revised 21 Nov: 7 more lost than it first said.
    world.clock.now += timedelta(days=1)
    user.days[LAST].lost += 7
    user.days[LAST].followers -= 7
    user.history(date(2026, 11, 22), user.days[LAST].followers, [30], [11])

    reply = await world.run("account sync", {"account": HANDLE})

    assert business.asked[-1] == (date(2026, 11, 19), date(2026, 11, 22))
    assert reply.content.splitlines() == [
        "Pulled @glowlab.studio from TikTok's API for Business: 19 Nov – 22 Nov 2026 "
        "(UTC dates), 10,612 followers on 22 Nov 2026.",
        "Days: 1 new, 1 revised by TikTok.",
        "Posts: 0 new, 0 updated.",
    ]
    daily = await world.bot.store.snapshots.daily(account.id)
    assert len(daily) == 61
    assert int(daily.loc[str(LAST), "lost"]) == 47
    assert int(daily.loc[str(LAST), "followers"]) == 10_593
    # 10,593 + 30 - 11 = 10,612
    assert int(daily.loc["2026-11-22", "followers"]) == 10_612
    net = await world.run("net", {"account": HANDLE, "days": 2})
    # 21..22 Nov: gained 25 + 30 = 55, lost 47 + 11 = 58: net -3 (10,612 - 10,615 on 20 Nov)
    assert field(net, "Net followers") == "-3"
    assert field(net, "Gained / lost") == "+55 gained, -58 lost"

    # The scheduled pull asks again from 20 Nov: nothing changed, nothing doubled.
    await world.bot.scheduler.run_job_now("tiktok-business-pull")
    assert business.asked[-1] == (date(2026, 11, 20), date(2026, 11, 22))
    assert len(await world.bot.store.snapshots.daily(account.id)) == 61


async def test_a_revoked_grant_disconnects_and_tells_the_owner_once(both: Both) -> None:
    world, business = both.world, both.business
    user = business.add_user(HANDLE)
    user.history(LAST, 10_000, GAINED, LOST)
    account = await add_account(both, owner=OWNER)
    await connect(both)  # connected by a manager; the account is the owner's

    business.revoke_user(user.open_id)  # the account holder removed the app at TikTok
    await world.bot.scheduler.run_job_now("tiktok-business-pull")
    await world.bot.scheduler.run_job_now("tiktok-business-pull")

    notice = await world.server.wait_for_message(user_id=OWNER)
    assert notice.content.startswith(
        "TikTok no longer accepts the connection of @glowlab.studio (access was revoked or "
        "expired), so it is not pulled any more."
    )
    assert len(world.server.dms[OWNER]) == 1
    connection = await world.bot.store.connections.get(account.id)
    assert connection is not None and not connection.connected
    # The refused token was refreshed once; the refresh was refused; nothing more was asked.
    assert business.count("POST", "tt_user/oauth2/refresh_token/") == 1
    # the username at consent, the backfill, and the refused pull
    assert business.count("GET", "business/get/") == 3
    listing = await world.run("account list", {})
    assert "TikTok disconnected (API for Business)" in listing.text


async def test_an_expired_token_is_refreshed_once_and_the_pull_goes_on(both: Both) -> None:
    world, business = both.world, both.business
    user = business.add_user(HANDLE)
    user.history(LAST, 10_000, GAINED, LOST)
    account = await add_account(both)
    await connect(both)
    world.clock.now += timedelta(hours=2)
    business.expire_access(user.open_id)  # TikTok says 40102 before the bot expected it
    business.fail_next("business/get/", 40100)  # and is busy once: retried after a pause

    await world.bot.scheduler.run_job_now("tiktok-business-pull")

    assert business.count("POST", "tt_user/oauth2/refresh_token/") == 1
    connection = await world.bot.store.connections.get(account.id)
    assert connection is not None and connection.connected
    assert both.vault.open(connection.tokens.access_token) in business.access_tokens
    assert [r.code for r in business.requests if r.path.endswith("business/get/")][-3:] == [
        40100,
        40102,
        0,
    ]


async def test_disconnect_revokes_at_tiktok_and_keeps_the_days(both: Both) -> None:
    world, business = both.world, both.business
    user = business.add_user(HANDLE)
    user.history(LAST, 10_000, GAINED, LOST)
    account = await add_account(both)
    await connect(both)

    reply = await world.run("account disconnect", {"account": HANDLE})

    assert reply.content == (
        "@glowlab.studio is no longer connected to TikTok; its stored data is kept. "
        "The bot's access to the TikTok account was revoked at TikTok."
    )
    assert business.count("POST", "tt_user/oauth2/revoke/") == 1
    assert business.live_tokens(user.open_id) == 0
    assert both.display.count("POST", "/v2/oauth/revoke/") == 0
    assert await world.bot.store.connections.get(account.id) is None
    assert len(await world.bot.store.snapshots.daily(account.id)) == 60


async def test_the_redirect_may_name_the_code_auth_code(both: Both) -> None:
    both.business.add_user(HANDLE).history(LAST, 500, [5] * 3, [1] * 3)
    both.business.code_param = "auth_code"
    await add_account(both)
    status, page = await connect(both)
    assert status == 200 and "3 days of daily figures (19 Nov – 21 Nov 2026" in page


async def test_a_wrong_sign_in_is_refused_and_revoked(both: Both) -> None:
    world, business = both.world, both.business
    other = business.add_user("someone.else")
    account = await add_account(both)

    status, page = await connect(both, "someone.else")

    assert status == 403 and "signed in to TikTok as @someone.else" in page
    assert business.live_tokens(other.open_id) == 0
    assert business.count("POST", "tt_user/oauth2/revoke/") == 1
    assert business.asked == []  # nothing was read beyond the username
    assert await world.bot.store.connections.get(account.id) is None


async def test_with_both_apis_the_member_chooses_and_display_stays_display(both: Both) -> None:
    world = both.world
    await add_account(both)
    unnamed = await world.run("account connect", {"account": HANDLE})
    assert unnamed.ephemeral and unnamed.content == (
        "This bot can connect accounts through TikTok's Display API or its API for Business: "
        "run `/account connect` again and choose `api:display` or `api:business`."
    )
    both.display.add_user(HANDLE, 4_321)
    both.display.login_as = HANDLE
    display = await world.run(
        "account connect", {"account": HANDLE, "api": SourceKind.TIKTOK_DISPLAY.value}
    )
    assert (await browse(consent_link(display)))[0] == 200
    synced = await world.run("account sync", {"account": HANDLE})
    assert synced.content.startswith("Pulled @glowlab.studio from TikTok: 4,321 followers")
    # The Business pull leaves a Display connection alone.
    await world.bot.scheduler.run_job_now("tiktok-business-pull")
    assert both.business.requests == []
    listing = await world.run("account list", {})
    assert "(Display API)" in listing.text


async def test_an_unconfigured_business_choice_says_what_to_set(world: World) -> None:
    await world.run("account add", {"handle": HANDLE})
    reply = await world.run("account connect", {"account": HANDLE, "api": BUSINESS})
    assert reply.ephemeral and reply.content == (
        "Connections through TikTok's API for Business are not set up for this bot: its "
        "operator must set TIKTOK_BUSINESS_CLIENT_ID, TIKTOK_BUSINESS_CLIENT_SECRET, "
        'PUBLIC_URL, TOKEN_ENCRYPTION_KEYS (see the README, "Connecting TikTok accounts").'
    )


async def test_a_process_pulls_only_the_servers_on_its_shards(both: Both) -> None:
    """Two processes of two shards: each pulls the Business accounts of its own servers."""
    world, business = both.world, both.business
    store = world.bot.store
    other_guild = 1 << 22  # on shard 1 of 2; GUILD_A is on shard 0
    assert (shard_of(GUILD_A, 2), shard_of(other_guild, 2)) == (0, 1)
    for guild, handle in ((GUILD_A, "shard.zero"), (other_guild, "shard.one")):
        user = business.add_user(handle)
        user.history(LAST, 1_000, [3] * 5, [1] * 5)
        account = await store.accounts.add(guild, handle)
        pair = business.token_pair(user.open_id, "user.info.basic,user.insights")
        tokens = Tokens(
            open_id=user.open_id,
            scopes=pair["scope"],
            access_token=pair["access_token"],
            access_expires_at=NOW + timedelta(hours=24),
            refresh_token=pair["refresh_token"],
            refresh_expires_at=NOW + timedelta(days=365),
        )
        await store.connections.save(
            account.id, seal(both.vault, tokens), connected_by=OWNER, now=NOW, api=BUSINESS_KIND
        )
    pulled: dict[int, list[str]] = {}
    for shard in (0, 1):
        source = TikTokBusiness(
            world.bot.settings,
            store=store,
            notices=DiscordNotices(world.bot, store, world.bot.languages),
            clock=world.clock,
            after_pull=lambda account, shard=shard: pulled.setdefault(shard, []).append(
                account.handle
            ),
            guilds=OwnedGuilds(2, frozenset({shard})),
        )
        await source.start()
        try:
            assert await source.pull_all() == 1
        finally:
            await source.close()
    assert pulled == {0: ["shard.zero"], 1: ["shard.one"]}
    for handle in ("shard.zero", "shard.one"):
        found = next(a for a in await store.accounts.all() if a.handle == handle)
        assert len(await store.snapshots.daily(found.id)) == 5


async def test_a_busy_token_endpoint_is_asked_again_since_it_spent_nothing(both: Both) -> None:
    """40100 means TikTok did not act: the code is still good, so the exchange is retried."""
    both.business.add_user(HANDLE).history(LAST, 500, [5] * 2, [1] * 2)
    await add_account(both)
    both.business.fail_next("tt_user/oauth2/token/", 40100)
    status, page = await connect(both)
    assert status == 200 and "2 days of daily figures" in page
    codes = [r.code for r in both.business.requests if r.path.endswith("oauth2/token/")]
    assert codes == [40100, 0]
