"""/upload of exports written in other scripts, and of two exports a day apart, end to end."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import GUILD_A, World
from tests.unit.formats.helpers import FOLLOWER_HISTORY, studio_csv
from tests.unit.formats.languages import written

TOTALS = [1000, 1004, 1010, 1009, 1015, 1021, 1030, 1032, 1040, 1047]


def fields(message: object) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message.embed["fields"]}  # type: ignore[attr-defined]


def _history(world: World, language: str, *, native: bool, lag: int = 2) -> bytes:
    """A FollowerHistory whose latest day is ``lag`` days before the bot's clock."""
    latest = world.clock.now.date() - timedelta(days=lag)
    first = latest - timedelta(days=len(TOTALS) - 1)
    rows = [
        (written(first + timedelta(days=n), language, native=native), str(total), "0")
        for n, total in enumerate(TOTALS)
    ]
    return studio_csv(FOLLOWER_HISTORY, *rows)


async def test_an_arabic_export_in_arabic_indic_digits(world: World) -> None:
    await world.run("account add", {"handle": "levant.kitchen"})
    data = _history(world, "Arabic (Levant)", native=True)
    reply = await world.run(
        "upload",
        {"file": "FollowerHistory.csv", "account": "levant.kitchen"},
        attachments={"FollowerHistory.csv": data},
    )
    summary = fields(reply)
    assert summary["Days"] == "10 new, 0 updated, 0 unchanged"
    # F(latest) - F(latest - 7) = 1047 - 1010
    assert summary["7-day net now"].startswith("+37 ")
    account = await world.bot.store.accounts.get(GUILD_A, "levant.kitchen")
    assert account is not None
    stored = await world.bot.store.snapshots.daily(account.id)
    latest = world.clock.now.date() - timedelta(days=2)
    assert stored.index[-1].date() == latest
    assert stored["followers"].tolist() == TOTALS


async def test_two_exports_a_day_apart_are_lined_up(world: World) -> None:
    await world.run("account add", {"handle": "greek.creator"})
    # The earlier download labels every total one day early: its latest day is 3 days back.
    earlier = _history(world, "Greek", native=False, lag=3)
    later = studio_csv(
        FOLLOWER_HISTORY,
        *[
            (written(world.clock.now.date() - timedelta(days=2 + n), "Greek"), str(total), "0")
            for n, total in enumerate([1047, 1040])
        ][::-1],
    )
    for name, data in (("FollowerHistory.csv", earlier), ("FollowerHistory (1).csv", later)):
        reply = await world.run(
            "upload",
            {"file": name, "account": "greek.creator"},
            attachments={name: data},
        )
    summary = fields(reply)
    # The later file's two days agree with the earlier one's last two moved a day later.
    assert summary["Days"] == "0 new, 0 updated, 2 unchanged"
    assert "older export's 10 days were moved one day later" in summary["Lined up"]
    account = await world.bot.store.accounts.get(GUILD_A, "greek.creator")
    assert account is not None
    stored = await world.bot.store.snapshots.daily(account.id)
    assert stored.index[-1].date() == world.clock.now.date() - timedelta(days=2)
    assert stored["followers"].tolist() == TOTALS
