"""TikTok's own video figures (API for Business) in the diagnosis and in /net's videos.

The accounts are those of ``tests/unit/synthetic.py`` (63 days ending 31 Mar 2026, window
25-31 Mar 2026 = indices 56-62, baseline 25 Feb - 24 Mar 2026 = indices 28-55, one post a day at
18:00 UTC, 5,000 views a day), with TikTok's figures added to some of the videos.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time

import pandas as pd

from bot.analytics.diagnose import (
    Cause,
    ContentFacts,
    Diagnosis,
    Finding,
    Follows,
    ReachFacts,
    diagnose,
)
from bot.analytics.diagnose.attribution import top_videos
from bot.analytics.model import posts_frame
from bot.render.diagnosis import diagnosis_text, evidence, post_lines, why_embed
from bot.render.diagnosis.videos import origin_lines
from bot.render.videos import VIDEOS_FIELD, video_lines, videos_field
from tests.unit import synthetic as s

WINDOW = range(56, 63)
BASELINE = range(28, 56)
BIG = 56  # 25 Mar 2026: the window's one big video


def videos(figures: Mapping[int, Mapping[str, float]], views: Mapping[int, int]) -> pd.DataFrame:
    """One post a day (index ``k`` is post ``v{k}``, titled as ``synthetic.posts``), 5,000 views
    unless ``views`` says otherwise, with TikTok's ``figures`` on the indices it names."""
    return posts_frame(
        {
            "post_id": f"v{k}",
            "posted_at": datetime.combine(day, time(18), tzinfo=UTC),
            "title": s.BEAUTY[k % len(s.BEAUTY)],
            "views": views.get(k, 5_000),
            **figures.get(k, {}),
        }
        for k, day in enumerate(s.every_day())
    )


def run(daily: pd.DataFrame, posts: pd.DataFrame) -> Diagnosis:
    return diagnose(daily, posts, end=s.END)


def finding(diagnosis: Diagnosis, cause: Cause) -> Finding:
    return next(f for f in diagnosis.findings if f.cause is cause)


def counted_account() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Losing 10 a day in the window (totals and views only, no gained/lost split).

    TikTok's figures: each baseline video 60 new followers on 5,000 views, 30% watched to the
    end, 12 s on average; in the window, the 25 Mar video 312 new followers on 41,200 views, 10%
    to the end, and the six others 5 on 5,000 views, 20% to the end; all window videos 9 s."""
    figures: dict[int, dict[str, float]] = {
        k: {"new_followers": 60, "full_watch_rate": 0.30, "average_watch_seconds": 12.0}
        for k in BASELINE
    }
    for k in WINDOW:
        figures[k] = {"new_followers": 5, "full_watch_rate": 0.20, "average_watch_seconds": 9.0}
    figures[BIG] = {"new_followers": 312, "full_watch_rate": 0.10, "average_watch_seconds": 9.0}
    return s.daily(s.losing_window(-10)), videos(figures, {BIG: 41_200})


def test_follows_per_view_come_from_tiktoks_count_of_each_videos_followers() -> None:
    # Window videos: 312 + 6 * 5 = 342 followers on 41,200 + 6 * 5,000 = 71,200 views:
    # 4.8034 per 1,000 (under 10). Baseline videos: 28 * 60 = 1,680 on 140,000 views = 12.0 per
    # 1,000. Own cause: 0.0048 < half of 1% and < half of 1.2%.
    # Severity (0.01 - 0.0048034) / 0.01 = 0.51966 -> 0.2 + 0.4 * 0.51966 = 0.40787, + 0.3 own,
    # + 0.1 as the videos were watched less (below) = 0.80787 -> 0.81.
    diagnosis = run(*counted_account())
    assert [f.cause for f in diagnosis.findings] == [Cause.CONTENT]
    top = finding(diagnosis, Cause.CONTENT)
    assert isinstance(top.facts, ContentFacts)
    now = top.facts.conversion
    assert (now.kind, now.follows, now.views, now.videos) == (Follows.VIDEOS, 342, 71_200, 7)
    assert top.own and top.score == 0.81
    assert top.facts.baseline_rate == 1_680 / 140_000
    lines = evidence(top)
    assert lines[:2] == (
        "+342 followers from 71,200 views on the 7 videos posted in 25 Mar – 31 Mar 2026, as "
        "TikTok counted them: 4.8 per 1,000 views, below 10.0 per 1,000 views (1%)",
        "under half of the 12.0 per 1,000 views of this account's videos posted in "
        "25 Feb – 24 Mar 2026: the cause is in this account, not the platform",
    )


def test_completion_and_watch_time_against_the_accounts_earlier_videos() -> None:
    # Completion weighted by views: (41,200 * 10% + 30,000 * 20%) / 71,200 = 10,120 / 71,200
    # = 14.2% against 30% before: 0.14213 / 0.30 - 1 = -52.6%. Watch time 9 s against 12 s:
    # -25%. Both fell by a fifth or more.
    top = finding(run(*counted_account()), Cause.CONTENT)
    assert isinstance(top.facts, ContentFacts)
    completion, watch = top.facts.completion, top.facts.watch_time
    assert completion is not None and watch is not None
    assert (completion.now.value, completion.then.value) == (10_120 / 71_200, 0.30)
    assert (completion.now.videos, completion.then.videos) == (7, 28)
    assert (watch.now.value, watch.then.value, watch.change) == (9.0, 12.0, -0.25)
    assert evidence(top)[2:] == (
        "fewer watched to the end: 14% of the views of the 7 videos posted in "
        "25 Mar – 31 Mar 2026, against 30% for the videos posted in 25 Feb – 24 Mar 2026 "
        "(-53%; TikTok's own figures)",
        "shorter watch time: 9.0 s on average for the 7 videos posted in 25 Mar – 31 Mar 2026, "
        "against 12.0 s for the videos posted in 25 Feb – 24 Mar 2026 (-25%; TikTok's own "
        "figures)",
    )


def test_the_videos_are_named_with_tiktoks_counts_and_said_to_be_tiktoks() -> None:
    # Videos of 25-29 Mar have had their three days by 31 Mar. 25 Mar: 312 / 41,200 = 7.57 per
    # 1,000; 26-29 Mar: 5 / 5,000 = 1.0 each (the last of the tie is the weakest).
    diagnosis = run(*counted_account())
    assert [(p.post_id, p.followers, p.counted) for p in diagnosis.posts] == [
        ("v56", 312, True),
        ("v57", 5, True),
        ("v58", 5, True),
        ("v59", 5, True),
        ("v60", 5, True),
    ]
    assert post_lines(diagnosis) == [
        (
            "Best video",
            "“Skincare routine for dry skin #skincare #beauty” (25 Mar 2026): +312 followers "
            "from 41,200 views: 7.6 per 1,000, as TikTok counted them",
        ),
        (
            "Weakest video",
            "“Easy glam makeup look #beauty #makeup” (29 Mar 2026): +5 followers from 5,000 "
            "views: 1.0 per 1,000, as TikTok counted them",
        ),
    ]
    assert origin_lines(diagnosis) == [
        "Followers of 5 videos: TikTok's own count",
        "Follows per view: TikTok's own count of each video's new followers",
        "Completion and watch time: TikTok's own figures per video",
    ]
    embed = why_embed("glowlab.studio", diagnosis)
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Where the figures come from"] == "\n".join(
        f"• {line}" for line in origin_lines(diagnosis)
    )
    text = diagnosis_text(diagnosis)
    assert "    Followers of 5 videos: TikTok's own count" in text


def test_tiktoks_count_outranks_the_daily_figures_for_follows_per_view() -> None:
    # The daily split says 20 gained a day on 5,000 views (0.4%, under 1%), but TikTok counted
    # 60 new followers for each video of 5,000 views: 12.0 per 1,000, over the benchmark.
    daily = s.not_resonating().daily
    figures = {k: {"new_followers": 60.0} for k in range(s.N)}
    diagnosis = run(daily, videos(figures, {}))
    assert Cause.CONTENT not in [f.cause for f in diagnosis.findings]
    # Without TikTok's counts the same days fire on the daily split.
    plain = run(daily, videos({}, {}))
    assert finding(plain, Cause.CONTENT).facts.conversion.kind is Follows.NEW  # type: ignore[attr-defined]


def test_mixed_videos_say_which_followers_are_tiktoks_and_which_estimated() -> None:
    # Only 25 and 27 Mar carry TikTok's count (40 and 15 on 5,000 views: 8.0 and 3.0 per 1,000).
    # The others are estimated: each window day's -10 split equally among that day's post and
    # the two before, so each of 26, 28 and 29 Mar is credited 3 * -10/3 = -10 on 5,000 views:
    # -2.0 per 1,000. Two counted videos are too few to judge follows per view by: the rule
    # falls back to the daily figures (a net loss, no split: it cannot tell).
    figures = {56: {"new_followers": 40.0}, 58: {"new_followers": 15.0}}
    diagnosis = run(s.daily(s.losing_window(-10)), videos(figures, {}))
    assert [(p.post_id, round(p.followers, 9), p.counted) for p in diagnosis.posts] == [
        ("v56", 40, True),
        ("v58", 15, True),
        ("v57", -10, False),
        ("v59", -10, False),
        ("v60", -10, False),
    ]
    assert Cause.CONTENT in [u.rule for u in diagnosis.unsupported]
    assert post_lines(diagnosis) == [
        (
            "Best video",
            "“Skincare routine for dry skin #skincare #beauty” (25 Mar 2026): +40 followers "
            "from 5,000 views: 8.0 per 1,000, as TikTok counted them",
        ),
        (
            "Weakest video",
            "“Easy glam makeup look #beauty #makeup” (29 Mar 2026): -2.0 followers per 1,000 "
            "views, 5,000 views",
        ),
    ]
    assert origin_lines(diagnosis) == [
        "Followers of 2 videos: TikTok's own count",
        "Followers of 3 videos: estimated from the net followers of the day each was posted "
        "and the two after",
    ]


def test_without_tiktoks_figures_nothing_new_is_said() -> None:
    diagnosis = run(s.daily(s.losing_window(-10)), videos({}, {}))
    assert origin_lines(diagnosis) == []
    fields = [f.name for f in why_embed("glowlab.studio", diagnosis).fields]
    assert "Where the figures come from" not in fields


def test_a_falling_for_you_share_is_cited_for_a_reach_collapse() -> None:
    # reach_collapsed: daily views 500 in the window against 5,000 (score 0.95). TikTok: 80% of
    # each baseline video's views came from For You, 32% of each window video's: 0.32 / 0.80
    # - 1 = -60%, a fall of a fifth or more: + 0.05 = 1.0.
    scenario = s.reach_collapsed()
    figures = {k: {"for_you_share": 0.80} for k in BASELINE} | {
        k: {"for_you_share": 0.32} for k in WINDOW
    }
    diagnosis = run(scenario.daily, videos(figures, {}))
    top = diagnosis.top
    assert top is not None and top.cause is Cause.REACH_COLLAPSE and top.score == 1.0
    assert isinstance(top.facts, ReachFacts) and top.facts.for_you is not None
    assert evidence(top) == (
        "a typical day had 500 views over 25 Mar – 31 Mar 2026, 10% of the usual 5,000 "
        "(25 Feb – 24 Mar 2026)",
        "posting went on: 7 posts in 25 Mar – 31 Mar 2026",
        "For You brought 32% of the views of the 7 videos posted in 25 Mar – 31 Mar 2026, "
        "against 80% for the videos posted in 25 Feb – 24 Mar 2026 (-60%; TikTok's own "
        "figures)",
    )
    assert "For You share of views: TikTok's own figures per video" in origin_lines(diagnosis)


def test_too_few_videos_with_tiktoks_figures_say_nothing() -> None:
    # Two window videos with For You share and completion are too few (three needed): the
    # reach finding stands on the daily views alone, as without TikTok's figures.
    scenario = s.reach_collapsed()
    figures = {k: {"for_you_share": 0.80, "full_watch_rate": 0.3} for k in BASELINE} | {
        k: {"for_you_share": 0.10, "full_watch_rate": 0.05} for k in (61, 62)
    }
    top = run(scenario.daily, videos(figures, {})).top
    assert top is not None and top.cause is Cause.REACH_COLLAPSE and top.score == 0.95
    assert isinstance(top.facts, ReachFacts) and top.facts.for_you is None
    assert len(evidence(top)) == 2


def test_a_held_for_you_share_is_not_cited() -> None:
    # 72% against 80%: -10%, under the fifth that counts as a fall.
    scenario = s.reach_collapsed()
    figures = {k: {"for_you_share": 0.80} for k in BASELINE} | {
        k: {"for_you_share": 0.72} for k in WINDOW
    }
    top = run(scenario.daily, videos(figures, {})).top
    assert top is not None and top.score == 0.95
    assert isinstance(top.facts, ReachFacts) and top.facts.for_you is None


def test_net_names_videos_with_tiktoks_counts() -> None:
    # /net over the same account: most followers the 25 Mar video (312 as TikTok counted);
    # the weakest 29 Mar's (5; ties go by post id, the highest id last).
    daily, posts = counted_account()
    top = top_videos(daily, posts, end=s.END, days=7, tz="UTC")
    assert video_lines(top) == (
        "Most followers: “Skincare routine for dry skin #skincare #beauty” (25 Mar 2026): "
        "+312 followers, 41,200 views, as TikTok counted them\n"
        "Weakest: “Easy glam makeup look #beauty #makeup” (29 Mar 2026): +5 followers, "
        "5,000 views, as TikTok counted them"
    )
    assert videos_field(top) == (
        "Videos (followers as TikTok counted them where a line says so; the others estimated "
        "from the day of each post and the two after)"
    )
    estimated = top_videos(
        s.daily(s.losing_window(-10)), videos({}, {}), end=s.END, days=7, tz="UTC"
    )
    assert videos_field(estimated) == VIDEOS_FIELD


def test_a_posts_frame_without_the_figures_reads_as_unknown() -> None:
    # Posts parsed from an export have no such columns: the diagnosis runs as before.
    plain = s.posts(s.every_day())[["post_id", "posted_at", "title", "views", "likes"]]
    diagnosis = run(s.daily(s.losing_window(-10)), plain)
    assert all(not p.counted for p in diagnosis.posts)
    assert diagnosis.posts[0].posted == date(2026, 3, 25)
