"""/forecast, /goal, /audience, milestone messages and the digest's forward-looking lines,
through the local Discord. Every date derives from the bot's clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import fmt
from bot.analytics.model import daily_frame
from bot.analytics.vocabulary import MessageKind, SnapshotSource
from storage import Account
from tests.conftest import (
    ALERTS_A,
    DIGEST_A,
    GUILD_A,
    MANAGER,
    MEMBER,
    OWNER,
    World,
    start_bot,
    stop_bot,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ALERT_POSTS = rf"/channels/{ALERTS_A}/messages"


def yesterday(world: World) -> date:
    return world.clock.now.date() - timedelta(days=1)


def rising(last: date, nets: list[int], start: int) -> dict[date, int]:
    """Totals from ``start`` changing by ``nets`` (oldest first), ending on ``last``."""
    values = [start]
    for net in nets:
        values.append(values[-1] + net)
    first = last - timedelta(days=len(values) - 1)
    return {first + timedelta(days=i): value for i, value in enumerate(values)}


async def seed(world: World, handle: str, totals: dict[date, int]) -> Account:
    account = await world.bot.store.accounts.add(GUILD_A, handle)
    rows = [{"day": day, "followers": value} for day, value in sorted(totals.items())]
    await world.bot.store.uploads.merge_daily(
        account.id, daily_frame(rows), source=SnapshotSource.MANUAL
    )
    return account


def fields(message: object) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message.embed["fields"]}  # type: ignore[attr-defined]


def csv_of(totals: dict[date, int]) -> bytes:
    lines = [f"{day.isoformat()},{value}" for day, value in sorted(totals.items())]
    return ("date,followers\n" + "\n".join(lines)).encode()


# --- /forecast -------------------------------------------------------------------------------


async def test_forecast_of_a_steady_account_counts_from_today(world: World) -> None:
    last = yesterday(world)
    today = world.clock.now.date()
    # 27 days of +50 from 10,000: 11,350 on the latest day, +50 a day, no misses; the history
    # measures 5 days ahead, so beyond them the range is +- 0.15 * 50 (the pace) a day, wider
    # than the spread of the days (1.2816 * sqrt(50 d (1 + d / 28))).
    await seed(world, "steady", rising(last, [50] * 27, 10_000))
    reply = await world.run("forecast", {"account": "steady", "target": 12_000})
    assert reply.embed["title"] == "@steady · forecast"
    assert reply.embed["description"] == (
        f"Latest total 11,350 on {fmt.day(last)}. Pace +50.0/day, the average daily net of the "
        "last 27 days."
    )
    got = fields(reply)
    week, month, quarter = (today + timedelta(days=n) for n in (7, 28, 90))
    # 8, 29 and 91 days after the latest total: 11,750 +- 60; 12,800 +- 217.5; 15,900 +-
    # 682.5; each range outward to whole followers.
    assert got[f"In 7 days ({fmt.day(week)})"] == "11,750 (range 11,690 – 11,810)"
    assert got[f"In 28 days ({fmt.day(month)})"] == "12,800 (range 12,582 – 13,018)"
    assert got[f"In 90 days ({fmt.day(quarter)})"] == "15,900 (range 15,217 – 16,583)"
    # 650 to go at +50 a day: 13 days after the latest total. The range's high end
    # (50 d + 7.5 d) gets there on day 12, its low end (50 d - 7.5 d) on day 16.
    on = [fmt.day(last + timedelta(days=n)) for n in (13, 12, 16)]
    assert got["Target 12,000"] == f"12,000 expected on {on[0]} (range {on[1]} – {on[2]})"
    assert "four times in five" in reply.embed["footer"]["text"]


async def test_forecast_of_the_sample_account_that_stopped_posting(world: World) -> None:
    # The sample's totals end on 19 Nov 2026 at 34,578, after twelve days of losses (posting
    # stopped on 5 Nov); asked on 7 Dec 2026, 18 days later.
    await world.run("account add", {"handle": "glowlab.studio"})
    for path in sorted((EXAMPLES / "glowlab.studio").glob("*.zip")):
        await world.run(
            "upload",
            {"file": path.name, "account": "glowlab.studio"},
            attachments={path.name: path.read_bytes()},
        )
    world.clock.now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    reply = await world.run("forecast", {"account": "glowlab.studio", "target": 36_000})
    # The last 16 days (from the week that broke: 198, 271, 62, 23, then twelve losses) have
    # the median day (-46 - 43) / 2 = -44.5; the 28 days before averaged +86.0.
    assert reply.embed["description"] == (
        "Latest total 34,578 on 19 Nov 2026. The account changed course: pace -44.5/day, its "
        "typical day over the last 16 days, against +86.0/day on average over the last 28 days; "
        "the forecast follows the recent days. Last data 19 Nov 2026, 18 days ago: projections "
        "count from today and their ranges are wider for the days without data."
    )
    got = fields(reply)
    # 25 days after the latest total: 34,578 - 1,112.5 = 33,465.5, to the even 33,466. The high
    # end is the spread of those 16 days (variance 9,321.2): 1.2816 * sqrt(9,321.2 * 25 * (1 +
    # 25 / 28)) = 851.2 above, 34,316.7, outward to 34,317. Every range ends below the latest
    # total.
    assert got["In 7 days (14 Dec 2026)"] == "33,466 (range 31,711 – 34,317)"
    for name, value in got.items():
        if name.startswith("In "):
            high = int(value.split("– ")[1].rstrip(")").replace(",", ""))
            assert high < 34_578, name
    assert got["Target 36,000"] == (
        "@glowlab.studio will not reach 36,000 on the current trend: it is shrinking (-44.5/day)."
    )
    # A goal of 40,000 by 1 Mar 2027: 5,422 to go in the 102 days from 19 Nov 2026.
    goal = await world.run(
        "goal set",
        {"account": "glowlab.studio", "followers": 40_000, "by": "2027-03-01"},
        user=MANAGER,
    )
    assert goal.content == (
        "Goal set for @glowlab.studio: goal 40,000 by 1 Mar 2027: behind · 5,422 to go, needs "
        "+53.2/day but pace -44.5/day, not on the current trend"
    )


async def test_forecast_refusals_say_why(world: World) -> None:
    last = yesterday(world)
    await seed(world, "newbie", rising(last, [10] * 4, 500))
    young = await world.run("forecast", {"account": "newbie"})
    assert young.content == (
        "No forecast for @newbie yet: it needs 14 days of follower totals and has 5 days. "
        "Upload a FollowerHistory export (up to 365 days) or `/log` a count each day."
    )
    await seed(world, "sinking", rising(last, [-30] * 20, 10_000))
    falling = await world.run("forecast", {"account": "sinking", "target": 10_500})
    assert fields(falling)["Target 10,500"] == (
        "@sinking will not reach 10,500 on the current trend: it is shrinking (-30.0/day)."
    )
    passed = await world.run("forecast", {"account": "sinking", "target": 9_000})
    assert fields(passed)["Target 9,000"] == (
        f"@sinking is already past 9,000: 9,400 on {fmt.day(last)}. Pick a higher target."
    )


# --- /goal and /net --------------------------------------------------------------------------


async def test_goal_set_list_clear_and_net_shows_progress(world: World) -> None:
    last = yesterday(world)
    await seed(world, "steady", rising(last, [50] * 27, 10_000))
    by = last + timedelta(days=10)
    refused = await world.run("goal set", {"account": "steady", "followers": 12_000}, user=MEMBER)
    assert refused.ephemeral and "Manage Server" in refused.content
    past = await world.run(
        "goal set",
        {"account": "steady", "followers": 12_000, "by": last.isoformat()},
        user=MANAGER,
    )
    assert past.ephemeral and past.content.startswith("A goal's date must be after today")

    # 650 to go in 10 days: +65 a day needed against a pace of +50.
    line = (
        f"goal 12,000 by {fmt.day(by)}: behind · 650 to go, needs +65.0/day but pace +50.0/day, "
        f"expected {fmt.day(last + timedelta(days=13))}"
    )
    set_reply = await world.run(
        "goal set",
        {"account": "steady", "followers": 12_000, "by": by.isoformat()},
        user=MANAGER,
    )
    assert set_reply.content == f"Goal set for @steady: {line}"
    net = await world.run("net", {"account": "steady"})
    assert fields(net)["Goal"] == line
    listed = await world.run("goal list", user=MEMBER)
    assert listed.embeds[0]["description"] == f"**@steady** · {line}"

    cleared = await world.run("goal clear", {"account": "steady"}, user=MANAGER)
    assert cleared.content == "Removed @steady's goal."
    assert "Goal" not in fields(await world.run("net", {"account": "steady"}))
    empty = await world.run("goal list")
    assert empty.content.startswith("No goals yet.")


# --- /audience -------------------------------------------------------------------------------


async def test_audience_from_the_followers_export_in_the_guild_time_zone(world: World) -> None:
    await world.bot.store.settings.update(GUILD_A, timezone="Europe/Berlin")
    await world.run("account add", {"handle": "glowlab.studio"})
    none_yet = await world.run("audience", {"account": "glowlab.studio"})
    assert none_yet.content.startswith("Nothing is known about @glowlab.studio's audience yet.")

    name = "Followers_glowlab.studio.zip"
    data = (EXAMPLES / "glowlab.studio" / name).read_bytes()
    summary = await world.run(
        "upload", {"file": name, "account": "glowlab.studio"}, attachments={name: data}
    )
    uploaded = world.clock.now.date()
    assert fields(summary)["Audience"] == (
        f"active hours, gender, top territories as of {fmt.day(uploaded)}; see `/audience`"
    )
    reply = await world.run("audience", {"account": "glowlab.studio"})
    got = fields(reply)
    # The busiest UTC hours, 20, 19 and 21 (means over the export's seven days: 135,161 / 7,
    # 130,086 / 7 and 119,631 / 7), are 21, 20 and 22 o'clock in Berlin's winter (UTC+1).
    offset = world.clock.now.astimezone(ZoneInfo("Europe/Berlin")).utcoffset()
    assert offset == timedelta(hours=1)
    assert got[f"Most active (Europe/Berlin), export uploaded {fmt.day(uploaded)}"] == (
        "21:00–22:00 · 19,309 active followers on average\n"
        "20:00–21:00 · 18,584 active followers on average\n"
        "22:00–23:00 · 17,090 active followers on average"
    )
    assert got[f"Gender, as of {fmt.day(uploaded)}"] == "Female 71%, Male 26%, Other 3%"
    assert got[f"Top territories, as of {fmt.day(uploaded)}"] == (
        "US 46%, Others 22%, GB 12%, CA 9%, AU 7%, DE 4%"
    )
    assert reply.embed["image"]["url"] == "attachment://glowlab.studio-audience.png"
    assert [f.filename for f in reply.files] == ["glowlab.studio-audience.png"]
    assert "taken to be UTC" in reply.embed["footer"]["text"]


# --- milestones ------------------------------------------------------------------------------


def milestone_posts(world: World, channel: int) -> list[str]:
    return [
        m.embeds[0]["title"]
        for m in world.server.messages[channel]
        if m.embeds and m.embeds[0].get("footer", {}).get("text", "").startswith("ref milestone/")
    ]


async def confirmed_log(world: World, handle: str, followers: int) -> str:
    """A /log of a total far from the account's history, confirmed by its author; the reply."""
    record = await world.server.invoke(
        GUILD_A, OWNER, "log", {"account": handle, "followers": followers}
    )
    question = await record.reply()
    assert question.custom_ids() == ["log:confirm", "log:cancel"], question.content
    return (await (await world.server.click(record, "log:confirm", OWNER)).reply()).content


async def typo_world(world: World) -> Account:
    """@pixel.pets at about 900 for ten days up to yesterday, an alert channel and a
    subscriber."""
    await world.run("alerts channel", {"channel": ALERTS_A}, user=MANAGER)
    await world.run("account add", {"handle": "pixel.pets"})
    await world.run(
        "upload",
        {"file": "a.csv", "account": "pixel.pets"},
        attachments={"a.csv": csv_of(rising(yesterday(world), [2] * 9, 880))},
    )
    await world.run("alerts subscribe", {"account": "pixel.pets"}, user=MEMBER)
    await world.bot.deliveries.alerts.idle()
    account = await world.bot.store.accounts.get(GUILD_A, "pixel.pets")
    assert account is not None
    return account


async def test_a_typed_jump_or_zero_is_confirmed_before_anything_is_stored(world: World) -> None:
    account = await typo_world(world)
    posted = len(world.server.messages[ALERTS_A])
    record = await world.server.invoke(
        GUILD_A, MEMBER, "log", {"account": "pixel.pets", "followers": 1_000_000}
    )
    question = await record.reply()
    # 880 + 9 x 2 = 898 yesterday; moves of 2 a day: 5 x 2 = 10 is less than the floor of 50.
    assert question.content == (
        "1,000,000 followers for @pixel.pets on 22 Nov 2026? The nearest stored total is 898 "
        "on 21 Nov 2026; its recent days make 848 to 948 likely. Nothing is stored unless you "
        "confirm."
    )
    assert question.custom_ids() == ["log:confirm", "log:cancel"]
    other = await (await world.server.click(record, "log:confirm", MANAGER)).reply()
    assert other.ephemeral and other.content == (
        "Only the member who logged this count can confirm it."
    )
    cancelled = await (await world.server.click(record, "log:cancel", MEMBER)).reply()
    assert cancelled.content == "Nothing was logged for @pixel.pets."

    zero = await world.server.invoke(
        GUILD_A, MEMBER, "log", {"account": "pixel.pets", "followers": 0}
    )
    assert (await zero.reply()).content.startswith("0 followers for @pixel.pets on 22 Nov 2026?")
    await world.bot.deliveries.alerts.idle()
    assert len(await world.bot.store.snapshots.daily(account.id)) == 10
    assert await world.bot.store.milestones.of_account(account.id) == {}
    assert len(world.server.messages[ALERTS_A]) == posted  # no milestone, no alert
    assert world.server.dms[MEMBER] == []

    fits = await world.run("log", {"account": "pixel.pets", "followers": 905})
    assert fits.content.startswith("Logged @pixel.pets for 22 Nov 2026: 905 followers.")


async def test_a_corrected_count_leaves_no_milestone_standing(world: World) -> None:
    account = await typo_world(world)
    await confirmed_log(world, "pixel.pets", 1_000_000)  # confirmed by mistake
    await world.bot.deliveries.alerts.idle()
    assert len(milestone_posts(world, ALERTS_A)) == 10
    corrected = await world.run("log", {"account": "pixel.pets", "followers": 900})
    assert corrected.content.startswith("Updated @pixel.pets for 22 Nov 2026: 900 followers.")
    await world.bot.deliveries.alerts.idle()
    assert await world.bot.store.milestones.of_account(account.id) == {}

    world.clock.now += timedelta(days=1)  # 1,000 really reached: announced, once
    await world.run("log", {"account": "pixel.pets", "followers": 940})
    world.clock.now += timedelta(days=1)
    reached = await world.run("log", {"account": "pixel.pets", "followers": 980})
    assert "980 followers" in reached.content
    world.clock.now += timedelta(days=1)
    await world.run("log", {"account": "pixel.pets", "followers": 1_003})
    await world.bot.deliveries.alerts.idle()
    titles = milestone_posts(world, ALERTS_A)
    assert titles[10:] == ["🎉 @pixel.pets passed 1,000 followers"]
    assert list(await world.bot.store.milestones.of_account(account.id)) == [1_000]


async def test_milestone_once_across_reuploads_a_dip_and_restarts(world: World) -> None:
    await world.run("alerts channel", {"channel": ALERTS_A}, user=MANAGER)
    await world.run("account add", {"handle": "climber"})
    last = yesterday(world)
    # 950, 960, ... 1,040: 1,000 is first reached five days after the first.
    totals = rising(last, [10] * 9, 950)
    first_day = min(totals) + timedelta(days=5)
    data = csv_of(totals)
    for name, body in (("a.csv", data), ("a.csv", data), ("b.csv", data + b"\n")):
        await world.run("upload", {"file": name, "account": "climber"}, attachments={name: body})
        await world.bot.deliveries.alerts.idle()
    assert milestone_posts(world, ALERTS_A) == ["🎉 @climber passed 1,000 followers"]
    message = next(m for m in world.server.messages[ALERTS_A] if m.embeds)
    assert message.embeds[0]["description"].startswith(f"First reached on {fmt.day(first_day)}")

    # A dip below 1,000 and a recovery: no second message.
    today = world.clock.now.date()
    await world.run("log", {"account": "climber", "followers": 990})
    world.clock.now += timedelta(days=1)
    await world.run("log", {"account": "climber", "followers": 1_060})
    await world.bot.deliveries.alerts.idle()
    assert milestone_posts(world, ALERTS_A) == ["🎉 @climber passed 1,000 followers"]
    assert today < world.clock.now.date()

    # The next level's message reaches the channel but Discord's answer is lost: the claim is
    # recorded as failed and the message is never posted again, restart or not.
    world.server.fail_next(ALERT_POSTS, 503, method="POST", reply_lost=True)
    await confirmed_log(world, "climber", 2_004)
    await world.bot.deliveries.alerts.idle()
    account = await world.bot.store.accounts.get(GUILD_A, "climber")
    assert account is not None
    # The bot stops right after claiming 5,000's message, before sending it.
    channel = f"channel:{ALERTS_A}"
    await world.bot.store.deliveries.claim(
        MessageKind.MILESTONE,
        channel,
        f"{account.id}:5000",
        guild_id=GUILD_A,
        now=world.clock.now,
        account_id=account.id,
    )
    await confirmed_log(world, "climber", 5_001)
    await world.bot.deliveries.alerts.idle()
    await stop_bot(world.bot)
    world.bot = await start_bot(world.server, world.database_url, world.clock)
    await world.bot.scheduler.recovery_done()  # settles the claim, then sweeps
    await world.bot.deliveries.alerts.sweep()
    assert milestone_posts(world, ALERTS_A) == [
        "🎉 @climber passed 1,000 followers",
        "🎉 @climber passed 2,000 followers",
        "🎉 @climber passed 5,000 followers",
    ]
    two = await world.bot.store.deliveries.get(MessageKind.MILESTONE, channel, f"{account.id}:2000")
    five = await world.bot.store.deliveries.get(
        MessageKind.MILESTONE, channel, f"{account.id}:5000"
    )
    assert two is not None and two.status == "failed"
    assert five is not None and five.status == "sent"


async def test_milestone_goes_to_the_digest_channel_without_an_alert_channel(world: World) -> None:
    await world.run("digest channel", {"channel": DIGEST_A}, user=MANAGER)
    await world.run("account add", {"handle": "climber"})
    await world.run(
        "upload",
        {"file": "a.csv", "account": "climber"},
        attachments={"a.csv": csv_of(rising(yesterday(world), [500] * 3, 4_000))},
    )
    await world.bot.deliveries.alerts.idle()
    assert milestone_posts(world, DIGEST_A) == ["🎉 @climber passed 5,000 followers"]


# --- the digest ------------------------------------------------------------------------------


async def test_digest_lists_milestones_next_levels_and_goals(world: World) -> None:
    last = yesterday(world)
    # 8,800 + 50 a day for 27 days: 10,150 on the latest day, 10,000 three days before it.
    steady = await seed(world, "steady", rising(last, [50] * 27, 8_800))
    await seed(world, "newbie", rising(last, [10] * 4, 500))
    await world.bot.store.goals.set(
        steady.id, 11_000, last + timedelta(days=20), user_id=MANAGER, now=world.clock.now
    )
    await world.bot.deliveries.alerts.sweep()  # records the milestones the data shows
    preview = await world.run("digest preview", user=MEMBER)
    summary = {f["name"]: f["value"] for f in preview.embeds[0]["fields"]}
    crossed = last - timedelta(days=3)
    assert summary["Milestones this week"] == f"@steady passed 10,000 on {fmt.day(crossed)}"
    lines = preview.embeds[1]["description"]
    # 10,150 to 25,000 at +50 a day: 297 days.
    assert f"next milestone 25,000: expected {fmt.day(last + timedelta(days=297))}" in lines
    # 850 in 20 days: +42.5 a day needed; at +50 a day it takes 17 days.
    assert (
        f"goal 11,000 by {fmt.day(last + timedelta(days=20))}: on track · 850 to go, "
        f"needs +42.5/day, pace +50.0/day, expected {fmt.day(last + timedelta(days=17))}"
    ) in lines
    # 4 days of totals, 500 to 540: +40 of 500 (+8.0%) over 4 of the 7 days
    assert "**@newbie** · net +40 (+8.0%, partial: 4 of 7 days known)" in lines
    # too little data to forecast: said once, in the notes at the end
    assert "needs 14 days" not in lines
    assert (
        "No milestone forecast yet (it needs 14 days of totals): @newbie."
        in (preview.embeds[2]["description"])
    )


async def test_digest_names_the_best_hours_for_an_account_gone_quiet(world: World) -> None:
    # The sample account stopped posting and is losing followers; its Followers ZIP says its
    # followers are busiest at 20, 19 and 21 o'clock UTC (the guild's zone here).
    await world.run("account add", {"handle": "glowlab.studio"})
    for path in sorted((EXAMPLES / "glowlab.studio").glob("*.zip")):
        await world.run(
            "upload",
            {"file": path.name, "account": "glowlab.studio"},
            attachments={path.name: path.read_bytes()},
        )
    preview = await world.run("digest preview", user=MEMBER)
    lines = preview.embeds[1]["description"]
    cause = next(line for line in lines.splitlines() if line.startswith("likely cause: "))
    assert cause.startswith("likely cause: Inactivity: posting slowed or stopped")
    assert cause.endswith(
        "· post when followers are most active: 20:00–21:00, 19:00–20:00, 21:00–22:00 (UTC)"
    )
