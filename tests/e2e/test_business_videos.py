"""/why, /net and /audience over what TikTok's API for Business gives, stored through the Store
as that source stores it: the videos are named with TikTok's own counts, and say so."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot import fmt
from bot.analytics.audience import business_audience
from bot.analytics.vocabulary import SnapshotSource
from storage.posts import PostRow
from tests.conftest import GUILD_A, MEMBER, World
from tests.e2e.test_upload_and_why import fields
from tests.unit import synthetic as s

WINDOW = range(56, 63)
BASELINE = range(28, 56)
BIG = 56


def business_posts(end_day: datetime) -> list[PostRow]:
    """63 daily videos at 18:00 UTC ending on ``end_day``: TikTok counted 60 new followers for
    each baseline video of 5,000 views; in the window 312 for the first (41,200 views) and 5
    for each of the six others (5,000 views); the earliest videos carry no such figure."""
    rows = []
    for k in range(s.N):
        posted = end_day - timedelta(days=s.N - 1 - k)
        views, told = 5_000, None
        if k in BASELINE:
            told = 60
        elif k in WINDOW:
            told = 5
        if k == BIG:
            views, told = 41_200, 312
        title = "The big one #beauty" if k == BIG else s.BEAUTY[k % len(s.BEAUTY)]
        rows.append(PostRow(f"v{k}", posted, title, views, views // 20, 3, 2, new_followers=told))
    return rows


async def test_why_and_net_name_videos_with_tiktoks_own_counts(world: World) -> None:
    await world.run("account add", {"handle": "glowlab.studio"})
    account = await world.bot.store.accounts.get(GUILD_A, "glowlab.studio")
    assert account is not None
    end = world.clock.now.date() - timedelta(days=1)  # TikTok's figures run a day or two late
    store = world.bot.store
    await store.uploads.merge_daily(
        account.id, s.daily(s.losing_window(-10), end=end), source=SnapshotSource.BUSINESS
    )
    async with store.engine.begin() as conn:
        stored = await store.posts.upsert(
            conn,
            account.id,
            business_posts(datetime.combine(end, time(18), tzinfo=UTC)),
            source=SnapshotSource.BUSINESS,
        )
    assert stored == (63, 0)

    why = await world.run("why", {"account": "glowlab.studio"}, user=MEMBER)
    assert why.embed["title"] == "Why is @glowlab.studio losing followers?"  # type: ignore[attr-defined]
    got = fields(why)
    window = fmt.window(end - timedelta(days=6), end)
    baseline = fmt.window(end - timedelta(days=34), end - timedelta(days=7))
    # 312 + 6 * 5 = 342 followers on 41,200 + 6 * 5,000 = 71,200 views: 4.8 per 1,000; the
    # baseline's 1,680 on 140,000 views: 12.0. Score 0.2 + 0.4 * 0.52 + 0.3 = 0.71: strong.
    content = got["1. Content not resonating (strong signal)"]
    assert content.startswith(
        f"• +342 followers from 71,200 views on the 7 videos posted in {window}, as TikTok "
        "counted them: 4.8 per 1,000 views, below 10.0 per 1,000 views (1%)\n"
        f"• under half of the 12.0 per 1,000 views of this account's videos posted in "
        f"{baseline}: the cause is in this account, not the platform\n"
    )
    first = fmt.day(end - timedelta(days=6))
    assert got["Best video"] == (
        f"“The big one #beauty” ({first}): +312 followers from 41,200 views: 7.6 per 1,000, "
        "as TikTok counted them"
    )
    assert got["Weakest video"].endswith(
        "+5 followers from 5,000 views: 1.0 per 1,000, as TikTok counted them"
    )
    assert got["Where the figures come from"] == (
        "• Followers of 5 videos: TikTok's own count\n"
        "• Follows per view: TikTok's own count of each video's new followers"
    )

    net = fields(await world.run("net", {"account": "glowlab.studio"}, user=MEMBER))
    videos = net[
        "Videos (followers as TikTok counted them where a line says so; the others estimated "
        "from the day of each post and the two after)"
    ]
    assert videos.startswith(
        f"Most followers: “The big one #beauty” ({first}): +312 followers, 41,200 views, as "
        "TikTok counted them\n"
    )


async def test_audience_from_the_api_says_whose_figures_and_which_day(world: World) -> None:
    await world.run("account add", {"handle": "glowlab.studio"})
    account = await world.bot.store.accounts.get(GUILD_A, "glowlab.studio")
    assert account is not None
    day = world.clock.now.date() - timedelta(days=2)
    await world.bot.store.audience.replace(
        account.id,
        business_audience(
            day,
            activity=[{"hour": 19, "count": 1_200}, {"hour": 20, "count": 1_500}],
            genders=[
                {"gender": "Female", "percentage": 0.71},
                {"gender": "Male", "percentage": 0.29},
            ],
            countries=[
                {"country": "US", "percentage": 0.46},
                {"country": "GB", "percentage": 0.12},
            ],
        ),
    )
    reply = await world.run("audience", {"account": "glowlab.studio"})
    got = fields(reply)
    assert got[f"Most active (UTC), TikTok's figures for {fmt.day(day)}"] == (
        "20:00–21:00 · 1,500 followers online\n19:00–20:00 · 1,200 followers online"
    )
    assert got[f"Gender, as of {fmt.day(day)}"] == "Female 71%, Male 29%"
    assert got[f"Top territories, as of {fmt.day(day)}"] == "US 46%, GB 12%"
    assert reply.embed["footer"]["text"] == "TikTok's API for Business gives these hours in UTC."  # type: ignore[attr-defined]
