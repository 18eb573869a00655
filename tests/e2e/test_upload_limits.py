"""Uploads from anyone are bounded end to end: a crafted file is refused fast and in plain
words, and one member cannot keep uploading."""

from __future__ import annotations

import re
import time
from datetime import timedelta

from tests.conftest import GUILD_A, GUILD_B, MEMBER, OWNER, OWNER_B, World
from tests.unit.formats.helpers import raw_xlsx, sheet_xml


async def _upload(world: World, data: bytes, account: str, *, user: int, guild: int = GUILD_A):
    return await world.run(
        "upload",
        {"file": "log.csv", "account": account},
        user=user,
        guild=guild,
        attachments={"log.csv": data},
    )


def _sheet(world: World, followers: int) -> bytes:
    day = world.clock().date() - timedelta(days=1)
    return f"date,followers\n{day.isoformat()},{followers}\n".encode()


async def test_a_member_may_upload_three_files_a_minute_then_is_told_when_to_retry(
    world: World,
) -> None:
    await world.run("account add", {"handle": "busy.uploads"})
    for followers in (100, 101, 102):
        reply = await _upload(world, _sheet(world, followers), "busy.uploads", user=MEMBER)
        assert reply.embed["title"] == "Import into @busy.uploads: log.csv"  # type: ignore[attr-defined]

    refused = await _upload(world, _sheet(world, 999), "busy.uploads", user=MEMBER)
    assert refused.ephemeral  # type: ignore[attr-defined]
    found = re.fullmatch(
        r"Slow down: you can use /upload 3 times a minute\. Try again in (\d+) seconds\.",
        refused.content,  # type: ignore[attr-defined]
    )
    assert found is not None, refused.content  # type: ignore[attr-defined]
    assert 50 <= int(found[1]) <= 60
    account = await world.bot.store.accounts.get(GUILD_A, "busy.uploads")
    assert account is not None
    stored = await world.bot.store.snapshots.daily(account.id)
    assert stored["followers"].tolist() == [102]  # the refused upload changed nothing

    # Per member: someone else in the same server uploads at once; the same member in another
    # server does not get three more.
    other = await _upload(world, _sheet(world, 103), "busy.uploads", user=OWNER)
    assert other.embed["title"] == "Import into @busy.uploads: log.csv"  # type: ignore[attr-defined]
    await world.run("account add", {"handle": "elsewhere"}, user=OWNER_B, guild=GUILD_B)
    elsewhere = await _upload(world, _sheet(world, 5), "elsewhere", user=MEMBER, guild=GUILD_B)
    assert elsewhere.content.startswith("Slow down: you can use /upload")  # type: ignore[attr-defined]


async def test_a_workbook_of_empty_cells_is_refused_quickly_in_plain_words(world: World) -> None:
    await world.run("account add", {"handle": "wary"})
    crafted = raw_xlsx([sheet_xml(b'<row r="1">' + b"<c/>" * 150_000 + b"</row>")])
    started = time.perf_counter()
    reply = await world.run(
        "upload", {"file": "log.xlsx", "account": "wary"}, attachments={"log.xlsx": crafted}
    )
    assert time.perf_counter() - started < 5
    assert reply.content == (  # type: ignore[attr-defined]
        "Nothing was imported: log.xlsx: has more than 100,000 cells (empty ones count too), far "
        "more than any export: delete the rows and columns past your data, or export a shorter "
        "date range, and upload again"
    )
