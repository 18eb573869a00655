"""FakeDiscord against a real discord.py bot: the server behaves like Discord where it matters."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from tests.discord_server import FakeDiscord, Perm

GUILD = 111_111_111_111_111_111
CHANNEL = 222_222_222_222_222_222
READONLY = 222_222_222_222_222_223
OWNER = 333_333_333_333_333_331
ALICE = 333_333_333_333_333_332
BOB = 333_333_333_333_333_333
MANAGER = 444_444_444_444_444_444


class ConfirmView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="Yes", custom_id="confirm:yes", style=discord.ButtonStyle.danger)
    async def yes(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]
    ) -> None:
        await interaction.response.edit_message(content="Confirmed", view=None)


class PeriodSelect(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.select(
        custom_id="period", options=[discord.SelectOption(label=p) for p in ("7", "28")]
    )
    async def period(
        self, interaction: discord.Interaction, select: discord.ui.Select[PeriodSelect]
    ) -> None:
        await interaction.response.defer()  # type 6: update the message later
        await interaction.edit_original_response(content=f"{select.values[0]} days", view=None)


class ThrowawayBot(commands.Bot):
    """Just enough commands to exercise every part of the server."""

    def __init__(self) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.01
        )
        self.events: list[str] = []
        self.errors: list[Exception] = []

    async def setup_hook(self) -> None:
        tree = self.tree

        @tree.command(description="Echo a text for a period")
        @app_commands.choices(
            period=[
                app_commands.Choice(name="Week", value="week"),
                app_commands.Choice(name="Month", value="month"),
            ]
        )
        async def echo(
            interaction: discord.Interaction, text: str, period: str, times: int = 1
        ) -> None:
            await interaction.response.send_message(f"{text} ({period}) x{times}")

        @tree.command(description="Defer, then follow up")
        async def slow(interaction: discord.Interaction, private: bool = False) -> None:
            await interaction.response.defer(thinking=True, ephemeral=private)
            await asyncio.sleep(0.01)
            await interaction.followup.send("done", ephemeral=True)

        @tree.command(description="An embed and a file")
        async def card(interaction: discord.Interaction, oversized: bool = False) -> None:
            embed = discord.Embed(
                title="Net followers", description="d" * (5000 if oversized else 10)
            )
            embed.add_field(name="Net", value="+12")
            try:
                await interaction.response.send_message(
                    embed=embed, file=discord.File(io.BytesIO(b"PNG"), "c.png")
                )
            except discord.HTTPException as exc:
                self.errors.append(exc)
                await interaction.response.send_message("too big", ephemeral=True)

        @tree.command(description="Answer twice")
        async def twice(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first")
            try:
                await interaction.response.send_message("second")
            except discord.InteractionResponded as exc:
                self.errors.append(exc)
            try:  # a second responder, as a second bot process would be
                await discord.InteractionResponse(interaction).send_message("third")
            except discord.HTTPException as exc:
                self.errors.append(exc)

        @tree.command(description="Answer too late")
        async def late(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.15)
            try:
                await interaction.response.send_message("late")
            except discord.NotFound as exc:
                self.errors.append(exc)

        @tree.command(description="Ask for confirmation")
        async def confirm(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Sure?", view=ConfirmView(), ephemeral=True)

        @tree.command(description="Pick an account")
        async def pick(interaction: discord.Interaction, account: str) -> None:
            await interaction.response.send_message(f"picked {account}")

        @pick.autocomplete("account")
        async def pick_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            names = ["acme", "acme_eu", "bolt"]
            return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

        @tree.command(description="Read an upload")
        async def upload(
            interaction: discord.Interaction,
            file: discord.Attachment,
            owner: discord.Member | None = None,
        ) -> None:
            data = await file.read()
            who = owner.display_name if owner else "-"
            await interaction.response.send_message(
                f"{file.filename} {len(data)} {hashlib.sha256(data).hexdigest()[:8]} {who}"
            )

        @tree.command(description="A chart, the way a slow command answers")
        async def chart(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            png = discord.File(io.BytesIO(b"\x89PNG" + b"0" * 2048), "chart.png")
            await interaction.edit_original_response(content="Chart", attachments=[png])
            original = await interaction.original_response()
            await interaction.followup.send(
                f"seen {original.content}", file=discord.File(io.BytesIO(b"a,b"), "x.csv")
            )
            await interaction.followup.send("pick", view=PeriodSelect())

        account = app_commands.Group(name="account", description="Accounts")

        @account.command(name="add", description="Track an account")
        async def account_add(interaction: discord.Interaction, handle: str) -> None:
            await interaction.response.send_message(f"added {handle}", ephemeral=True)

        tree.add_command(account)

        @tree.command(description="Managers only")
        @app_commands.default_permissions(manage_guild=True)
        async def settings(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("ok")


@pytest.fixture
async def env(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[FakeDiscord, ThrowawayBot]]:
    server = FakeDiscord()
    guild = server.add_guild(GUILD, "Team", owner_id=OWNER)
    guild.add_channel(CHANNEL, "general")
    guild.add_channel(READONLY, "announcements", bot_can_send=False)
    guild.add_role(MANAGER, "Manager", Perm.MANAGE_GUILD)
    guild.add_member(OWNER, "owner")
    guild.add_member(ALICE, "alice", roles=[MANAGER])
    guild.add_member(BOB, "bob")
    await server.start()
    monkeypatch.setattr(Route, "BASE", server.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
    )
    bot = ThrowawayBot()
    await bot.login("fake-token")
    task = asyncio.create_task(bot.connect())
    try:
        await server.wait_until_identified(timeout=5)
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        await bot.tree.sync()
        yield server, bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
        await server.stop()


async def test_sync_registers_commands(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    assert {"echo", "slow", "card", "account", "pick"} <= server.commands.names()
    assert server.commands.put_counts["global"] == 1
    echo = server.commands.get("echo")
    assert echo is not None and [o["name"] for o in echo["options"]] == ["text", "period", "times"]
    assert bot.get_guild(GUILD) is not None and bot.get_channel(CHANNEL) is not None
    bot.tree.copy_global_to(guild=discord.Object(GUILD))
    await bot.tree.sync(guild=discord.Object(GUILD))
    assert server.commands.put_counts[GUILD] == 1 and "echo" in server.commands.names(GUILD)
    record = await server.invoke(GUILD, ALICE, "echo", {"text": "g", "period": "week"})
    assert record.payload["data"]["guild_id"] == str(GUILD)  # the guild copy wins, as on Discord
    assert (await record.reply()).content == "g (week) x1"
    server.assert_clean()


async def test_dm_context_invoke(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    record = await server.invoke(None, BOB, "echo", {"text": "dm", "period": "month"})
    assert "guild_id" not in record.payload and record.payload["user"]["id"] == str(BOB)
    assert (await record.reply()).content == "dm (month) x1"
    server.assert_clean()


async def test_invoke_reply(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    record = await server.invoke(GUILD, ALICE, "echo", {"text": "hi", "period": "week", "times": 2})
    reply = await record.reply()
    assert reply.content == "hi (week) x2"
    assert not reply.ephemeral
    assert record.callback_type == 4
    sub = await server.invoke(GUILD, BOB, "account add", {"handle": "@acme"})
    reply = await sub.reply()
    assert reply.content == "added @acme" and reply.ephemeral
    server.assert_clean()


async def test_defer_then_followup(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    record = await server.invoke(GUILD, ALICE, "slow")
    reply = await record.reply()
    assert reply.content == "done"
    assert record.callback_type == 5
    # Discord: the first follow-up completes the "thinking" message; the deferral chose visibility.
    assert not reply.ephemeral and record.followups[0] is record.original
    private = await (await server.invoke(GUILD, ALICE, "slow", {"private": True})).reply()
    assert private.ephemeral
    server.assert_clean()


async def test_deferred_edit_files_and_select(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    record = await server.invoke(GUILD, ALICE, "chart")
    reply = await record.reply()
    assert reply.content == "Chart" and reply.file("chart.png").size == 2052
    assert record.edits[0][0] == "@original"
    seen, pick = await record.followup(0), await record.followup(1)
    assert seen.content == "seen Chart" and seen.file("x.csv").data == b"a,b"
    assert len(await record.all_messages()) == 3
    clicked = await server.click(pick, "period", BOB, values=["28"])
    assert (await clicked.reply()).content == "28 days" and clicked.callback_type == 6
    assert pick.content == "28 days" and pick.components == []
    server.assert_clean()


async def test_embed_and_file(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    reply = await (await server.invoke(GUILD, BOB, "card")).reply()
    assert reply.embeds[0]["title"] == "Net followers"
    assert "+12" in reply.text
    assert reply.file("c.png").data == b"PNG"
    too_big = await (await server.invoke(GUILD, BOB, "card", {"oversized": True})).reply()
    assert too_big.content == "too big"  # a rejected response does not acknowledge the interaction
    assert isinstance(bot.errors[0], discord.HTTPException) and bot.errors[0].code == 50035
    assert [v.code for v in server.violations] == [50035]


async def test_second_initial_response_rejected(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    record = await server.invoke(GUILD, ALICE, "twice")
    assert (await record.reply()).content == "first"
    for _ in range(100):
        if len(bot.errors) == 2:
            break
        await asyncio.sleep(0.01)
    assert isinstance(bot.errors[0], discord.InteractionResponded)
    assert isinstance(bot.errors[1], discord.HTTPException) and bot.errors[1].code == 40060
    assert [v.code for v in record.violations] == [40060]
    with pytest.raises(AssertionError, match="40060"):
        server.assert_clean()
    server.assert_clean(allow={40060})


async def test_late_initial_response_rejected(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    server.interaction_deadline = 0.1
    record = await server.invoke(GUILD, ALICE, "late")
    with pytest.raises(AssertionError, match="timed out"):
        await record.reply(timeout=0.4)
    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062
    assert record.violations[0].code == 10062


async def test_invalid_options_raise(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    with pytest.raises(AssertionError, match="no option"):
        await server.invoke(GUILD, ALICE, "echo", {"text": "x", "period": "week", "colour": "red"})
    with pytest.raises(AssertionError, match="missing required"):
        await server.invoke(GUILD, ALICE, "echo", {"text": "x"})
    with pytest.raises(AssertionError, match="expects an int"):
        await server.invoke(GUILD, ALICE, "echo", {"text": "x", "period": "week", "times": "2"})
    with pytest.raises(AssertionError, match="not a choice"):
        await server.invoke(GUILD, ALICE, "echo", {"text": "x", "period": "Week"})
    with pytest.raises(AssertionError, match="no sub-command"):
        await server.invoke(GUILD, ALICE, "account delete", {"handle": "x"})
    with pytest.raises(AssertionError, match="is a group"):
        await server.invoke(GUILD, ALICE, "account")
    with pytest.raises(AssertionError, match="not a synced"):
        await server.invoke(GUILD, ALICE, "nope")
    with pytest.raises(AssertionError, match="default_member_permissions"):
        await server.invoke(GUILD, BOB, "settings")
    assert (await (await server.invoke(GUILD, ALICE, "settings")).reply()).content == "ok"
    assert len(server.interactions) == 1
    server.assert_clean()


async def test_autocomplete(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    choices = await server.autocomplete(GUILD, ALICE, "pick", {"account": "ac"}, focused="account")
    assert [c["value"] for c in choices] == ["acme", "acme_eu"]
    assert await server.autocomplete(GUILD, ALICE, "pick", {}, focused="account") != []
    server.assert_clean()


async def test_attachment_and_member_options(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    data = b"date,followers\n2024-01-01,10\n"
    record = await server.invoke(
        GUILD,
        ALICE,
        "upload",
        {"file": "export.csv", "owner": BOB},
        attachments={"export.csv": data},
    )
    reply = await record.reply()
    assert reply.content == f"export.csv {len(data)} {hashlib.sha256(data).hexdigest()[:8]} bob"
    server.assert_clean()


async def test_button_click(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, _ = env
    record = await server.invoke(GUILD, ALICE, "confirm")
    prompt = await record.reply()
    assert prompt.custom_ids() == ["confirm:yes"] and prompt.ephemeral
    with pytest.raises(AssertionError, match="ephemeral"):
        await server.click(record, "confirm:yes", BOB)
    with pytest.raises(AssertionError, match="no component"):
        await server.click(record, "confirm:no", ALICE)
    clicked = await server.click(record, "confirm:yes", ALICE)
    done = await clicked.reply()
    assert done.content == "Confirmed" and done.components == []
    assert clicked.callback_type == 7 and record.original is not None
    assert record.original.content == "Confirmed"
    server.assert_clean()


async def test_message_limits(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("x" * 2001)
    assert info.value.status == 400 and info.value.code == 50035
    with pytest.raises(discord.HTTPException) as info:
        await channel.send(embeds=[discord.Embed(description="d" * 4000) for _ in range(2)])
    assert info.value.code == 50035
    msg = await channel.send("x" * 2000)
    assert server.messages[CHANNEL][0].id == msg.id
    assert [v.code for v in server.violations] == [50035, 50035]


async def test_embed_total_counts_every_text_of_every_embed(
    env: tuple[FakeDiscord, ThrowawayBot],
) -> None:
    server, bot = env
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)

    def embed(description: int) -> discord.Embed:
        # 100 + description + 50 + 50 + 100 + 100 characters, each part within its own limit
        made = discord.Embed(title="t" * 100, description="d" * description)
        made.add_field(name="n" * 50, value="v" * 50)
        made.set_footer(text="f" * 100)
        made.set_author(name="a" * 100)
        return made

    with pytest.raises(discord.HTTPException) as info:  # 3 * (400 + 1,601) = 6,003
        await channel.send(embeds=[embed(1601) for _ in range(3)])
    assert info.value.code == 50035 and "maximum size of 6000" in info.value.text
    await channel.send(embeds=[embed(1600) for _ in range(3)])  # exactly 6,000
    assert len(server.messages[CHANNEL]) == 1
    assert [v.code for v in server.violations] == [50035]


async def test_rate_limit_honoured(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    server.rate_limit(method="POST", path_regex=r"^/channels/\d+/messages$", retry_after=0.2)
    started = time.monotonic()
    await channel.send("digest")
    assert time.monotonic() - started >= 0.2
    assert server.rate_limit_hits == 1
    assert [r.status for r in server.requests_to("POST", r"/messages$")] == [429, 200]
    assert server.messages[CHANNEL][0].content == "digest"
    server.assert_clean()


async def test_global_rate_limit(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    server.enforce_global_rate_limit(per_second=5, window=0.2)
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    await asyncio.gather(*(channel.send(f"m{i}") for i in range(8)))
    assert len(server.messages[CHANNEL]) == 8
    assert server.rate_limit_hits >= 1
    server.assert_clean()


async def test_dm_and_channel_failures(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    user = await bot.fetch_user(BOB)
    await user.send("hello")
    assert server.dms[BOB][0].content == "hello"
    server.close_dms(ALICE)
    alice = await bot.fetch_user(ALICE)
    with pytest.raises(discord.Forbidden) as info:
        await alice.send("alert")
    assert info.value.code == 50007
    readonly = bot.get_channel(READONLY)
    assert isinstance(readonly, discord.TextChannel)
    assert not readonly.permissions_for(readonly.guild.me).send_messages
    with pytest.raises(discord.Forbidden) as info:
        await readonly.send("x")
    assert info.value.code == 50013
    server.fail_channel(CHANNEL, 404)
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.NotFound) as missing:
        await channel.send("x")
    assert missing.value.code == 10003
    server.assert_clean()


async def test_injected_server_error_and_wait_for_message(
    env: tuple[FakeDiscord, ThrowawayBot],
) -> None:
    server, bot = env
    channel = bot.get_channel(CHANNEL)
    assert isinstance(channel, discord.TextChannel)
    server.fail_next(r"/channels/\d+/messages$", status=503)  # discord.py retries only 500/502/504
    with pytest.raises(discord.DiscordServerError):
        await channel.send("digest")

    async def later() -> None:
        await asyncio.sleep(0.01)
        await channel.send("weekly digest")

    task = asyncio.create_task(later())
    msg = await server.wait_for_message(channel_id=CHANNEL, predicate=lambda m: "digest" in m.text)
    await task
    assert msg.content == "weekly digest"
    server.assert_clean()


async def test_unknown_route_recorded(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    with pytest.raises(discord.NotFound):
        await bot.http.request(Route("GET", "/guilds/{guild_id}/webhooks", guild_id=GUILD))
    assert [r.path for r in server.unknown_routes] == [f"/guilds/{GUILD}/webhooks"]
    with pytest.raises(AssertionError, match="unknown route"):
        server.assert_clean()


async def test_guild_added_after_connect_and_resume(env: tuple[FakeDiscord, ThrowawayBot]) -> None:
    server, bot = env
    late = server.add_guild(555_555_555_555_555_555, "Late", owner_id=BOB)
    late.add_channel(666_666_666_666_666_666, "general")
    await server.flush()
    assert bot.get_channel(666_666_666_666_666_666) is not None
    await server.drop_gateway()
    for _ in range(200):
        if server.resume_count:
            break
        await asyncio.sleep(0.01)
    assert server.resume_count == 1 and server.identify_count == 1
    reply = await (
        await server.invoke(late.id, BOB, "echo", {"text": "a", "period": "month"})
    ).reply()
    assert reply.content == "a (month) x1"
    server.assert_clean()


# --- shards ----------------------------------------------------------------------------------


class ShardedBot(commands.AutoShardedBot):
    """A bare sharded client; IDENTIFYs of later shards go out at once (Discord's 5 s pause
    between them is the client's own courtesy, not the server's rule)."""

    def __init__(self, **shards: object) -> None:
        super().__init__(
            command_prefix="!",
            intents=discord.Intents.default(),
            guild_ready_timeout=0.01,
            **shards,  # type: ignore[arg-type]
        )

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def on_shard(shard_id: int, shard_count: int, n: int) -> int:
    """The ``n``-th guild id that Discord puts on ``shard_id`` of ``shard_count``."""
    return ((n * shard_count + shard_id) << 22) | 77


@pytest.fixture
async def sharded_server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """Three guilds on each of two shards."""
    server = FakeDiscord(recommended_shards=2)
    for shard_id in (0, 1):
        for n in range(3):
            server.add_guild(on_shard(shard_id, 2, n), f"Team {shard_id}.{n}", owner_id=OWNER)
    await server.start()
    monkeypatch.setattr(Route, "BASE", server.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
    )
    try:
        yield server
    finally:
        await server.stop()


async def run_until_ready(server: FakeDiscord, *bots: ShardedBot) -> list[asyncio.Task[None]]:
    tasks = []
    for bot in bots:
        await bot.login("fake-token")
        tasks.append(asyncio.create_task(bot.connect()))
    await server.wait_until_identified(timeout=5)
    await asyncio.gather(*(asyncio.wait_for(bot.wait_until_ready(), 5) for bot in bots))
    return tasks


async def close_all(tasks: list[asyncio.Task[None]], *bots: ShardedBot) -> None:
    for bot in bots:
        await bot.close()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)


async def test_gateway_bot_recommends_shards_and_counts_session_starts(
    sharded_server: FakeDiscord,
) -> None:
    bot = ShardedBot()  # no shard count: it asks GET /gateway/bot
    tasks = await run_until_ready(sharded_server, bot)
    try:
        assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1]
        shards, url, limit = await bot.http.get_bot_gateway()
        assert (shards, url) == (2, sharded_server.gateway_url)
        assert limit == {
            "total": 1000,
            "remaining": 998,  # one IDENTIFY per shard so far
            "reset_after": 86_400_000,
            "max_concurrency": 1,
        }
        assert {g.id: g.shard_id for g in bot.guilds} == {
            on_shard(s, 2, n): s for s in (0, 1) for n in range(3)
        }
    finally:
        await close_all(tasks, bot)
    sharded_server.assert_clean()


async def test_each_shard_connection_sees_only_its_guilds(sharded_server: FakeDiscord) -> None:
    first, second = (
        ShardedBot(shard_count=2, shard_ids=[0]),
        ShardedBot(shard_count=2, shard_ids=[1]),
    )
    tasks = await run_until_ready(sharded_server, first, second)
    try:
        assert sorted(g.id for g in first.guilds) == [on_shard(0, 2, n) for n in range(3)]
        assert sorted(g.id for g in second.guilds) == [on_shard(1, 2, n) for n in range(3)]
        late = sharded_server.add_guild(on_shard(1, 2, 7), "Late", owner_id=OWNER)
        await sharded_server.flush()
        assert second.get_guild(late.id) is not None and first.get_guild(late.id) is None
    finally:
        await close_all(tasks, first, second)
    sharded_server.assert_clean()


@pytest.mark.parametrize("shard", [[2, 2], [-1, 2], [0, 0]])
async def test_identify_with_a_shard_out_of_range_is_rejected(
    sharded_server: FakeDiscord, shard: list[int]
) -> None:
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(sharded_server.gateway_url) as ws,
    ):
        hello = await ws.receive_json()
        assert hello["op"] == 10
        await ws.send_json(
            {"op": 2, "d": {"token": "fake-token", "intents": 1, "properties": {}, "shard": shard}}
        )
        closed = await ws.receive()
        assert closed.type is aiohttp.WSMsgType.CLOSE
        assert (closed.data, closed.extra) == (4010, "Invalid shard.")
    assert sharded_server.identify_count == 0
