"""/leaderboard: the server's accounts ranked, numbers worked out by hand, paged past a screen."""

from __future__ import annotations

from datetime import date

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from storage import Account
from tests.conftest import GUILD_A, GUILD_B, MEMBER, OWNER_B, World


async def seed(world: World, handle: str, totals: dict[date, int], guild: int = GUILD_A) -> Account:
    account = await world.bot.store.accounts.add(guild, handle)
    rows = [{"day": day, "followers": value} for day, value in sorted(totals.items())]
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame(rows), source=SnapshotSource.MANUAL
    )
    return account


def nov(day: int) -> date:
    return date(2026, 11, day)


async def seed_three(world: World) -> None:
    await seed(world, "alpha", {nov(7): 900, nov(14): 1000, nov(21): 1070})
    await seed(world, "beta", {nov(7): 5000, nov(14): 5100, nov(21): 4950})
    # Latest data 15 Nov (7 days before today, 22 Nov); the window 9..15 Nov knows totals
    # from 11 Nov only, and the window before it has a single total.
    await seed(world, "gamma", {nov(1): 200, nov(11): 230, nov(15): 260})


# alpha: 15..21 Nov: 1070 - 1000 = +70, 70 / 1000 = +7.0%; before: 1000 - 900 = +100 -> -30
ALPHA = "1. **@alpha** · net +70 · +7.0% · total 1,070 · vs previous -30"
# beta: 4950 - 5100 = -150, -150 / 5100 = -2.94%; before: 5100 - 5000 = +100 -> -250
BETA = "🔻 {rank}. **@beta** · net -150 · -2.9% · total 4,950 · vs previous -250"
# gamma: 9..15 Nov from 11 Nov: 260 - 230 = +30 over 4 of 7 days, 30 / 230 = +13.04%
GAMMA = (
    "{rank}. **@gamma** · net +30 (partial: 4 of 7 days known) · +13.0% · total 260 · "
    "no previous to compare · ⚠ stale: latest data 7 days old"
)


async def test_three_accounts_ranked_by_net_and_by_growth(world: World) -> None:
    await seed_three(world)
    await seed(world, "elsewhere", {nov(14): 10, nov(21): 99_999}, guild=GUILD_B)

    reply = await world.run("leaderboard", user=MEMBER)
    assert not reply.ephemeral
    assert reply.custom_ids() == []  # one screen: no pager
    assert reply.embed["title"] == "Leaderboard · 7 days by net followers (3 accounts)"
    assert reply.embed["description"].splitlines() == [
        "🔻 **1 of 3 accounts shrinking:** @beta",
        "",
        ALPHA,
        GAMMA.format(rank=2),
        BETA.format(rank=3),
    ]
    assert "elsewhere" not in reply.text

    growth = await world.run("leaderboard", {"by": "growth"}, user=MEMBER)
    assert growth.embed["title"] == "Leaderboard · 7 days by growth (3 accounts)"
    assert growth.embed["description"].splitlines()[2:] == [
        GAMMA.format(rank=1),
        ALPHA.replace("1.", "2.", 1),
        BETA.format(rank=3),
    ]

    other = await world.run("leaderboard", guild=GUILD_B, user=OWNER_B)
    assert "@elsewhere" in other.text and "alpha" not in other.text


async def test_empty_server_says_how_to_start(world: World) -> None:
    reply = await world.run("leaderboard")
    assert "No accounts are tracked here yet" in reply.embed["description"]


def expected_line(rank: int, i: int) -> str:
    """Account ``i`` has 1000 + i followers on 14 Nov and gains 3 * (i - 60) by 21 Nov."""
    net = 3 * (i - 60)
    start = 1000 + i
    sign = "+" if net > 0 else ""
    shown_net = "±0" if net == 0 else f"{sign}{net}"
    growth = "±0.0%" if net == 0 else f"{net / start * 100:+.1f}%"
    line = (
        f"{rank}. **@acct{i:03d}** · net {shown_net} · {growth} · "
        f"total {start + net:,} · no previous to compare"
    )
    return f"🔻 {line}" if net < 0 else line


async def test_hundred_and_twenty_accounts_page_through_in_order(world: World) -> None:
    for i in range(120):
        await seed(world, f"acct{i:03d}", {nov(14): 1000 + i, nov(21): 1000 + i + 3 * (i - 60)})
    record = await world.server.invoke(GUILD_A, MEMBER, "leaderboard", {"days": 7})
    first = await record.reply(timeout=10)
    assert first.custom_ids() == ["pages:previous", "pages:position", "pages:next"]
    assert first.component("pages:position")["label"] == "Page 1 of 8"
    lines = first.embed["description"].splitlines()
    # 60 accounts lose (i < 60); the biggest losses are named first.
    assert lines[0].startswith("🔻 **60 of 120 accounts shrinking:** @acct000, @acct001, ")
    assert lines[0].endswith(" more")
    seen = lines[2:]
    for _ in range(7):
        turned = await world.server.click(record, "pages:next", MEMBER)
        await turned.wait_acknowledged()
        message = record.original
        assert message is not None
        seen += message.embeds[0]["description"].splitlines()
        assert len(str(message.embeds[0])) < 6000
    # Best first: account 119 (+177) down to account 0 (-180).
    assert seen == [expected_line(rank, i) for rank, i in enumerate(range(119, -1, -1), 1)]
    assert "acct060** · net ±0 · ±0.0%" in seen[59]
