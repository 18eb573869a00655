"""Replies that list accounts stay within Discord's limits at 500 accounts: they page with buttons
that answer only the caller and disable themselves when they time out."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from tests.conftest import GUILD_A, MANAGER, MEMBER, OWNER, World, start_bot, stop_bot
from tests.discord_server import FakeMessage, InteractionRecord

MANY = 500
PAGER = ["pages:previous", "pages:position", "pages:next"]


def latest(world: World) -> date:
    """The last day of seeded data: yesterday by the bot's clock."""
    return world.clock.now.date() - timedelta(days=1)


async def seed_many(world: World, count: int, *, days: int = 8, step: int = -3) -> None:
    """``count`` accounts with ``days`` daily totals to yesterday, straight through the store."""
    last = latest(world)
    for number in range(count):
        account = await world.bot.store.accounts.add(GUILD_A, f"creator.{number:03d}")
        rows = [
            {"day": last - timedelta(days=days - 1 - i), "followers": 50_000 + number + step * i}
            for i in range(days)
        ]
        await world.bot.store.uploads.merge_daily(
            account.id, daily_frame(rows), source=SnapshotSource.MANUAL
        )


def embed_size(message: FakeMessage) -> int:
    """What Discord counts towards a message's 6,000 characters."""
    total = 0
    for embed in message.embeds:
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields") or [])
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
    return total


def within_limits(message: FakeMessage) -> bool:
    return len(message.embeds) <= 10 and embed_size(message) <= 6000


def disabled(message: FakeMessage, custom_id: str) -> bool:
    component = message.component(custom_id)
    assert component is not None, f"no {custom_id} on the message"
    return bool(component.get("disabled"))


def lines_of(message: FakeMessage, prefix: str) -> list[str]:
    return [
        line
        for embed in message.embeds
        for line in (embed.get("description") or "").splitlines()
        if line.startswith(prefix)
    ]


async def page_through(world: World, record: InteractionRecord, user: int) -> list[FakeMessage]:
    """Every page of a paged answer, pressing next until it is disabled."""
    pages = [await record.reply()]
    while not disabled(pages[-1], "pages:next"):
        clicked = await world.server.click(record, "pages:next", user)
        pages.append(await clicked.reply())
        assert clicked.callback_type == 7  # the same message, edited
    return pages


async def wait_until_disabled(record: InteractionRecord, custom_id: str) -> FakeMessage:
    """The message once the bot has disabled its buttons on timeout."""
    for _ in range(200):
        if record.original is not None and disabled(record.original, custom_id):
            return record.original
        await asyncio.sleep(0.02)
    raise AssertionError(f"{custom_id} was never disabled: {record.describe()}")


async def test_account_list_of_500_pages_within_limits(world: World) -> None:
    await seed_many(world, MANY)
    record = await world.server.invoke(GUILD_A, MEMBER, "account list")
    first = await record.reply()
    assert record.callback_type == 5  # acknowledged at once: 500 lines can outlast Discord's 3 s
    assert first.custom_ids() == PAGER
    assert disabled(first, "pages:previous") and disabled(first, "pages:position")
    assert first.embeds[0]["title"] == f"Tracked accounts ({MANY})"

    pages = await page_through(world, record, MEMBER)
    assert all(within_limits(page) for page in pages)
    total = len(pages)
    assert total > 1
    assert all(len(page.embeds) == 2 for page in pages[:-1])  # pages are filled
    assert [p.component("pages:position")["label"] for p in pages] == [  # type: ignore[index]
        f"Page {n} of {total}" for n in range(1, total + 1)
    ]
    listed = [line for page in pages for line in lines_of(page, "**@creator.")]
    # 50,000 + n - 21 followers: 7 days of -3 a day.
    assert listed[0].startswith("**@creator.000** · 49,979 followers (")
    assert listed[0].endswith(" · 7-day net -21")
    assert [line.split("**")[1] for line in listed] == [f"@creator.{n:03d}" for n in range(MANY)]

    back = await world.server.click(record, "pages:previous", MEMBER)
    assert (await back.reply()).embeds == pages[-2].embeds
    assert len(world.server.messages.get(record.channel_id, [])) == 0  # one answer, edited
    world.server.assert_clean()


async def test_only_the_caller_can_turn_pages(world: World) -> None:
    await seed_many(world, 250, days=1)
    record = await world.server.invoke(GUILD_A, MEMBER, "account list")
    first = await record.reply()
    assert not first.ephemeral  # everyone sees the list ...
    other = await world.server.click(record, "pages:next", OWNER)
    refused = await other.reply()
    assert refused.ephemeral and "Only the member who asked" in refused.content
    assert record.original is not None and record.original.embeds == first.embeds  # unchanged
    world.server.assert_clean()


async def test_pages_disable_themselves_on_timeout(world: World) -> None:
    await seed_many(world, 250, days=1)
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock, button_timeout=0.3)
    record = await world.server.invoke(GUILD_A, MEMBER, "account list")
    first = await record.reply()
    assert not disabled(first, "pages:next")
    timed_out = await wait_until_disabled(record, "pages:next")
    assert all(disabled(timed_out, custom_id) for custom_id in PAGER)
    assert timed_out.embeds == first.embeds
    with pytest.raises(AssertionError, match="disabled"):
        await world.server.click(record, "pages:next", MEMBER)
    world.server.assert_clean()


async def test_remove_confirmation_disables_itself_on_timeout(world: World) -> None:
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock, button_timeout=0.3)
    await world.run("account add", {"handle": "kept"})
    record = await world.server.invoke(GUILD_A, MANAGER, "account remove", {"handle": "kept"})
    prompt = await record.reply()
    assert not disabled(prompt, "account-remove:confirm")
    timed_out = await wait_until_disabled(record, "account-remove:confirm")
    assert disabled(timed_out, "account-remove:cancel")
    assert timed_out.content == prompt.content and timed_out.ephemeral
    with pytest.raises(AssertionError, match="disabled"):
        await world.server.click(record, "account-remove:confirm", MANAGER)
    assert await world.bot.store.accounts.get(GUILD_A, "kept") is not None
    world.server.assert_clean()


async def test_why_lists_a_500_account_team_in_pages(world: World) -> None:
    await seed_many(world, MANY)
    record = await world.server.invoke(GUILD_A, MEMBER, "why", {"account": "creator.000"})
    # Acknowledged at once; the answer reads all 500 accounts' data, so allow it time.
    first = await record.reply(timeout=30)
    assert first.embed is not None
    assert first.embed["title"] == "Why is @creator.000 losing followers?"
    platform = first.embed["fields"][0]
    assert platform["name"].startswith("1. Platform-wide change")
    # Every account lost 21 over the window: the line names the first five others, not 499.
    assert (
        f"{MANY} of {MANY} team accounts lost followers over " in platform["value"]
        and "@creator.001 -21, @creator.002 -21, @creator.003 -21, @creator.004 -21, "
        "@creator.005 -21 and 494 more"
        in platform["value"]
    )
    assert "**Do:**" in platform["value"]
    pages = await page_through(world, record, MEMBER)
    assert len(pages) > 1 and all(within_limits(page) for page in pages)
    listed = [line for page in pages for line in lines_of(page, "@creator.")]
    assert listed == [f"@creator.{n:03d} -21" for n in range(1, MANY)]
    world.server.assert_clean()


async def test_digest_preview_of_500_accounts_is_split_within_limits(world: World) -> None:
    await seed_many(world, MANY, step=2)
    record = await world.server.invoke(GUILD_A, MEMBER, "digest preview")
    messages = await record.all_messages(quiet=0.5, timeout=60)
    assert len(messages) > 1
    assert all(message.ephemeral and within_limits(message) for message in messages)
    listed = [line for message in messages for line in lines_of(message, "**@creator.")]
    assert [line.split("**")[1] for line in listed] == [f"@creator.{n:03d}" for n in range(MANY)]
    world.server.assert_clean()


async def test_leaderboard_of_500_pages_within_limits(world: World) -> None:
    await seed_many(world, MANY)
    record = await world.server.invoke(GUILD_A, MEMBER, "leaderboard")
    pages = await page_through(world, record, MEMBER)
    assert len(pages) == 34  # 15 accounts a page
    assert all(within_limits(page) for page in pages)
    assert (
        pages[0]
        .embeds[0]["description"]
        .startswith("🔻 **500 of 500 accounts shrinking:** @creator.000, ")
    )
    # Every account loses 3 a day: -21 over the 7 days; equal nets rank by handle.
    lines = [line for page in pages for line in lines_of(page, "🔻 ")]
    # -21 of 50,000 followers: -0.04%
    assert lines[1] == "🔻 1. **@creator.000** · net -21 · -0.04% · total 49,979 · " + (
        "no previous to compare"
    )
    assert [line.split("**")[1] for line in lines[1:]] == [f"@creator.{n:03d}" for n in range(MANY)]
