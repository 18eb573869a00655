"""Imperfect data, end to end: a total after days without one, old data, gained/lost only, and
a big team's digest. Every date derives from the test clock; values are worked out by hand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import fmt
from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import SnapshotSource
from storage import Account
from tests.conftest import DIGEST_A, GUILD_A, MANAGER, MEMBER, World

REFRESH = "upload a fresh export, `/log` today's count, or `/account connect` for daily pulls"


def field(message: Any, name: str) -> str:
    for item in message.embed["fields"]:
        if item["name"] == name:
            return item["value"]
    raise AssertionError(f"no field {name!r} in {message.embed}")


def lines_of(embeds: list[dict[str, Any]]) -> list[str]:
    return [line for e in embeds for line in (e.get("description") or "").splitlines()]


async def seed(world: World, handle: str, rows: list[dict[str, object]]) -> Account:
    account = await world.bot.store.accounts.add(GUILD_A, handle)
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame(rows), source=SnapshotSource.MANUAL
    )
    return account


async def test_a_drop_across_a_gap_is_reported_everywhere_and_alerts(world: World) -> None:
    today = world.clock().date()
    before = today - timedelta(days=18)
    await world.run("account add", {"handle": "pixel.pets"})
    await world.run("alerts subscribe", {"account": "pixel.pets"}, user=MEMBER)
    await world.run("log", {"account": "pixel.pets", "followers": 3979, "date": before.isoformat()})
    await world.bot.deliveries.alerts.idle()
    logged = await world.run("log", {"account": "pixel.pets", "followers": 3700})
    # 3,700 - 3,979 = -279, from 18 days back to today; the 7-day window has one total only
    gap = f"-279 since {fmt.day(before)}, over 18 days"
    assert logged.content.splitlines()[1:] == [
        f"7-day net to {fmt.day(today)}: unknown: only one total in these 7 days",
        f"Change since the last total: {gap}",
    ]

    await world.bot.deliveries.alerts.idle()
    [dm] = world.server.dms[MEMBER]
    alert = dm.embeds[0]
    assert alert["title"] == "@pixel.pets is losing followers"  # today's data: not old
    assert alert["description"].splitlines()[0] == f"Change since the last total: **{gap}**"

    net = await world.run("net", {"account": "pixel.pets"})
    assert field(net, "Net followers") == "unknown: only one total in these 7 days"
    assert field(net, "Change since the last total") == gap
    assert field(net, "Total") == f"3,700 on {fmt.day(today)}"

    listed = await world.run("account list")
    assert listed.embed["description"] == (
        f"**@pixel.pets** · 3,700 followers ({fmt.day(today)}) · 7-day net unknown: only one "
        f"total in these 7 days · change since the last total: {gap}"
    )

    preview = await world.run("digest preview", user=MEMBER)
    lines = lines_of(preview.embeds)
    assert lines[:2] == [
        "**@pixel.pets** · net unknown: only one total in these 7 days",
        f"total 3,700 · change since the last total: {gap}",
    ]


async def test_old_data_says_how_old_it_is(world: World) -> None:
    today = world.clock().date()
    last = today - timedelta(days=17)
    await world.run("account add", {"handle": "glowlab.studio"})
    await world.run("alerts subscribe", {"account": "glowlab.studio"}, user=MEMBER)
    await world.run(
        "log",
        {
            "account": "glowlab.studio",
            "followers": 10_000,
            "date": (last - timedelta(days=7)).isoformat(),
        },
    )
    await world.run(
        "log", {"account": "glowlab.studio", "followers": 9_107, "date": last.isoformat()}
    )
    await world.bot.deliveries.alerts.idle()
    age = f"last data {fmt.day(last)}, 17 days ago"
    [dm] = world.server.dms[MEMBER]
    alert = dm.embeds[0]
    # 9,107 - 10,000 = -893 over the 7 days to 17 days ago: the first line says how old it is
    assert alert["title"] == f"@glowlab.studio was losing followers ({age})"
    assert "Net followers: **-893**" in alert["description"]

    warning = f"⚠ Last data {fmt.day(last)}, 17 days ago: {REFRESH}."
    net = await world.run("net", {"account": "glowlab.studio"})
    assert net.embed["description"] == warning
    assert field(net, "Net followers") == "-893"

    why = await world.run("why", {"account": "glowlab.studio"})
    assert why.embeds[0]["description"].splitlines()[0] == warning

    listed = await world.run("account list")
    assert listed.embed["description"] == (
        f"**@glowlab.studio** · 9,107 followers ({fmt.day(last)}) · 7-day net -893 · ⚠ {age}"
    )

    preview = await world.run("digest preview", user=MEMBER)
    lines = lines_of(preview.embeds)
    # -893 of the 10,000 before the week: -8.93%
    assert lines[0] == "**@glowlab.studio** · net -893 (-8.9%)"
    assert f"total 9,107 · ⚠ {age}" in lines[1]
    assert f"⚠ Old data: @glowlab.studio ({age}). To refresh: {REFRESH}." in lines


async def test_gained_and_lost_only_show_their_net(world: World) -> None:
    today = world.clock().date()
    first = today - timedelta(days=60)
    rows = "\n".join(
        f"{(first + timedelta(days=i)):%Y/%m/%d},{1000 + i},{30 - 18},30,18" for i in range(60)
    )
    csv = "Date,Video views,Net growth,New followers,Lost followers\n" + rows + "\n"
    await world.run("account add", {"handle": "northside.eats"})
    uploaded = await world.run(
        "upload",
        {"file": "business.csv", "account": "northside.eats"},
        attachments={"business.csv": csv.encode()},
    )
    assert uploaded.embed["title"] == "Import into @northside.eats: business.csv"
    yesterday = today - timedelta(days=1)
    listed = await world.run("account list")
    # 7 days of 30 gained and 18 lost: 7 * (30 - 18) = +84; no total in a Business Suite file
    assert listed.embed["description"] == (
        "**@northside.eats** · total not in your data · 7-day net +84"
    )
    preview = await world.run("digest preview", user=MEMBER)
    lines = lines_of(preview.embeds)
    assert lines[:3] == [
        "**@northside.eats** · net +84",
        "vs previous: ±0 vs "
        f"{fmt.window(yesterday - timedelta(days=13), yesterday - timedelta(days=7))} (+84)",
        "+210 gained, -126 lost",
    ]
    assert (
        "No % of followers (the data have no follower total; a TikTok Studio export, a pull "
        "or `/log` gives one): @northside.eats."
    ) in lines


async def test_sixty_account_digest_is_sorted_compact_and_says_shared_things_once(
    world: World,
) -> None:
    yesterday = world.clock().date() - timedelta(days=1)
    # 60 accounts with 8 daily totals each (too few to compare with the week before or to
    # forecast a milestone); account n changes by (n - 30) a day: its 7-day net is 7 * (n - 30)
    for n in range(60):
        rows: list[dict[str, object]] = [
            {"day": yesterday - timedelta(days=7 - i), "followers": 5000 + (n - 30) * i}
            for i in range(8)
        ]
        await seed(world, f"team.{n:02d}", rows)
    await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    sent = await world.run("digest send", user=MANAGER)
    assert sent.content == f"Posted the digest in <#{DIGEST_A}> (1 message)."
    [message] = [m for m in world.server.messages[DIGEST_A] if m.embeds]
    summary, *rest = message.embeds
    values = {f["name"]: f["value"] for f in summary["fields"]}
    # best: team.59, +29 a day, +203 of 5,000 = +4.06%; worst: team.00, -210 of 5,000 = -4.2%
    assert values["Top 3"].splitlines() == [
        "@team.59 +203 (+4.1%)",
        "@team.58 +196 (+3.9%)",
        "@team.57 +189 (+3.8%)",
    ]
    assert values["Bottom 3"].splitlines() == [
        "@team.00 -210 (-4.2%)",
        "@team.01 -203 (-4.1%)",
        "@team.02 -196 (-3.9%)",
    ]
    lines = lines_of(rest)
    heads = [line for line in lines if line.startswith("**@")]
    assert [h.split("**")[1] for h in heads] == [f"@team.{n:02d}" for n in range(60)]
    assert heads[0] == "**@team.00** · net -210 (-4.2%)"  # full: its figures on lines below
    # past the first five, one compact line each: team.40 gains 70 of 5,000 (+1.4%)
    assert heads[40] == "**@team.40** · net +70 (+1.4%) · total 5,070"
    assert all("%)" in head for head in heads if "net ±0" not in head)
    assert "**@team.30** · net ±0 (±0.0%) · total 5,000" in heads
    notes = [line for line in lines if not line.startswith("**@")]
    shared = [
        "No comparison with the previous 7 days (they lack data): all 60 accounts.",
        "No milestone forecast yet (it needs 14 days of totals): @team.00, @team.01, "
        "@team.02, @team.03, @team.04.",
    ]
    assert notes[-2:] == shared
    for filler in ("comparison", "milestone", "lack data", "needs"):
        assert sum(filler in line for line in lines) == 1, filler
    assert rest[0]["title"] == (
        "Accounts, losing most first: net (% of followers) over "
        f"{fmt.window(yesterday - timedelta(days=6), yesterday)}"
    )
    assert len(message.embeds) <= 10
    size = sum(len(e.get("title", "")) + len(e.get("description", "")) for e in message.embeds)
    assert size + sum(len(f["name"]) + len(f["value"]) for f in summary["fields"]) <= 6000
    world.server.assert_clean()


async def test_an_upload_after_a_gap_reports_the_change_since_the_last_total(
    world: World,
) -> None:
    today = world.clock().date()
    before, after = today - timedelta(days=20), today - timedelta(days=2)
    await world.run("account add", {"handle": "pixel.pets"})
    await world.run("log", {"account": "pixel.pets", "followers": 3979, "date": str(before)})
    csv = f"date,followers\n{after.isoformat()},3700\n"
    uploaded = await world.run(
        "upload",
        {"file": "counts.csv", "account": "pixel.pets"},
        attachments={"counts.csv": csv.encode()},
    )
    # 3,700 - 3,979 = -279 over the 18 days from 20 to 2 days ago
    assert field(uploaded, "Change since the last total") == (
        f"-279 since {fmt.day(before)}, over 18 days"
    )
