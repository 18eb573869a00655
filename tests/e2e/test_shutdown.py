"""Shutting down: work in flight finishes before the store closes, and nothing is lost."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest

from bot.clock import utc_now
from bot.workers import working_for
from storage import Store
from tests.conftest import GUILD_A, OWNER, World


async def test_an_upload_in_flight_is_answered_and_stored_before_the_store_closes(
    world: World,
) -> None:
    await world.run("account add", {"handle": "late.upload"})
    days = [world.clock().date() - timedelta(days=back) for back in (3, 2, 1)]
    data = "".join(
        f"{day.isoformat()},{followers}\n"
        for day, followers in zip(days, (500, 510, 530), strict=True)
    )
    sheet = ("date,followers\n" + data).encode()
    # Every worker thread busy (each guild may take all but one, so other guilds fill them):
    # the upload is acknowledged, then waits for a worker to parse.
    gate = threading.Event()
    workers = world.bot.workers
    busy = []
    for other_guild in range(workers.threads):
        with working_for(other_guild):
            busy.append(asyncio.ensure_future(workers.run(gate.wait, 30)))
    record = await world.server.invoke(
        GUILD_A,
        OWNER,
        "upload",
        {"file": "sheet.csv", "account": "late.upload"},
        attachments={"sheet.csv": sheet},
    )
    await record.wait_acknowledged()

    closing = asyncio.create_task(world.bot.close())
    await asyncio.sleep(0.3)
    assert not closing.done()  # waiting for the upload, not closing the store under it
    gate.set()
    await asyncio.gather(*busy)
    await asyncio.wait_for(closing, 10)

    reply = await record.reply()
    assert reply.embed["title"] == "Import into @late.upload: sheet.csv"
    reopened = Store(world.database_url, clock=utc_now)
    await reopened.open()
    try:
        account = await reopened.accounts.get(GUILD_A, "late.upload")
        assert account is not None
        stored = await reopened.snapshots.daily(account.id)
        assert stored["followers"].tolist() == [500, 510, 530]
    finally:
        await reopened.close()


async def test_the_worker_pool_is_closed_on_shutdown(world: World) -> None:
    workers = world.bot.workers
    assert await workers.run(sum, [1, 2, 3]) == 6
    await world.bot.close()
    assert workers.closed
    with pytest.raises(RuntimeError, match="shutdown"):
        await workers.run(sum, [1, 2, 3])
