"""The diagnosis rules on synthetic accounts built to show each cause, and to show none.

Every scenario is described in ``tests/unit/synthetic.py``: 63 days ending 31 Mar 2026, window
25-31 Mar 2026, baseline 25 Feb - 24 Mar 2026; the healthy account grows +58/+62 a day on 5,000
views a day at 5% engagement and posts once a day on beauty topics.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import pytest

from bot.analytics.diagnose import (
    BotPurgeFacts,
    Cause,
    ContentFacts,
    Diagnosis,
    Facts,
    Finding,
    Follows,
    Span,
    Thresholds,
    diagnose,
    rank,
    topics,
)
from bot.analytics.model import empty_posts
from bot.render.diagnosis import (
    ADVICE,
    advice,
    churn,
    diagnosis_text,
    evidence,
    export_hint,
    post_lines,
    summary,
    why_embed,
)
from bot.render.diagnosis.causes import sources
from tests.unit import synthetic as s


def run(scenario: s.Scenario, thresholds: Thresholds | None = None) -> Diagnosis:
    return diagnose(
        scenario.daily,
        scenario.posts,
        end=s.END,
        team=scenario.team,
        thresholds=thresholds or Thresholds(),
    )


def causes(diagnosis: Diagnosis) -> list[Cause]:
    return [f.cause for f in diagnosis.findings]


def finding(diagnosis: Diagnosis, cause: Cause) -> Finding:
    return next(f for f in diagnosis.findings if f.cause is cause)


def unsupported(diagnosis: Diagnosis) -> dict[Cause, str]:
    return {u.rule: export_hint(u.export) for u in diagnosis.unsupported}


# --- each cause fires and comes first --------------------------------------------------------


def test_content_not_resonating() -> None:
    # 20 gained a day on 5,000 views: 7 * 20 = 140 new followers from 7 * 5,000 = 35,000 views
    # = 4.0 per 1,000 (0.4%) < 10 per 1,000; severity (1% - 0.4%) / 1% = 0.6 -> 0.2 + 0.4 * 0.6.
    diagnosis = run(s.not_resonating())
    assert causes(diagnosis) == [Cause.CONTENT]
    top = finding(diagnosis, Cause.CONTENT)
    assert top.score == 0.44
    assert evidence(top) == (
        "+140 new followers from 35,000 views over 25 Mar – 31 Mar 2026: 4.0 per 1,000 views, "
        "below 10.0 per 1,000 views (1%)",
    )
    assert top.article == "000 §1"


def test_content_finding_carries_its_numbers_not_sentences() -> None:
    # The same account as above: 140 new followers on 35,000 views = 0.004, window 25-31 Mar.
    top = finding(run(s.not_resonating()), Cause.CONTENT)
    assert isinstance(top.facts, ContentFacts)
    now = top.facts.conversion
    assert (now.kind, now.follows, now.views, now.days) == (Follows.NEW, 140, 35_000, 7)
    assert now.rate == pytest.approx(0.004)
    assert top.facts.window == Span(date(2026, 3, 25), date(2026, 3, 31))
    # Chronic: the baseline converts at 0.4% too, so the cause is not shown to be its own.
    assert top.facts.baseline_rate is None and not top.own


def test_content_with_falling_totals_only_is_unsupported() -> None:
    # Totals only, net -10 a day: a net loss says nothing about how many viewers followed, so
    # the rule cannot judge follows per view and names the export with new followers.
    diagnosis = run(s.team_of_five(losing_others=0))
    assert Cause.CONTENT not in causes(diagnosis)
    content = [u for u in diagnosis.unsupported if u.rule is Cause.CONTENT]
    assert len(content) == 1
    assert "Business Suite export" in export_hint(content[0].export)


def test_inactivity() -> None:
    # Posts daily 28 Jan - 19 Mar; none in 25-31 Mar: 0/week. Baseline 25 Feb - 24 Mar holds
    # 25 Feb..19 Mar = 23 posts in 28 days = 5.75/week. Drop 100% -> 0.5 + 0.4 = 0.9 (the gap of
    # 12 days alone gives 0.5 + 0.4 * 5/14 = 0.64).
    diagnosis = run(s.gone_quiet())
    assert diagnosis.top is not None and diagnosis.top.cause is Cause.INACTIVITY
    assert diagnosis.top.score == 0.9
    assert evidence(diagnosis.top) == (
        "last post 19 Mar 2026, 12 days before 31 Mar 2026",
        "0 posts in 25 Mar – 31 Mar 2026 (0.0/week), down from 5.8/week over "
        "25 Feb – 24 Mar 2026, below 3/week",
    )


def test_bot_purge() -> None:
    # Baseline net alternates +58/+62: median 60, MAD 2, sigma 1.4826 * 2 = 2.9652.
    # 28 Mar: -1,500 -> z = (-1,500 - 60) / 2.9652 = -526.1. Views 5,000 on 26-28 Mar = 100% of
    # the usual. Engagement 7% after vs 5% before: +0.1. Score 0.6 + 0.3 * 1 + 0.1 = 1.0.
    diagnosis = run(s.purged())
    assert diagnosis.top is not None and diagnosis.top.cause is Cause.BOT_PURGE
    assert diagnosis.top.score == 1.0
    assert evidence(diagnosis.top) == (
        "-1,500 on 28 Mar 2026: a one-day drop about 526 times the usual day-to-day swing "
        "(a normal day was +60, give or take 3, over 25 Feb – 24 Mar 2026)",
        "views held: 5,000/day up to that day, 100% of the usual 5,000/day",
        "engagement per view rose to 7.0% after it (from 5.0%): the followers who stayed are real",
    )
    assert diagnosis.window.net == 418 - 62 - 1_500  # 28 Mar would have been +62
    facts = diagnosis.top.facts
    assert isinstance(facts, BotPurgeFacts)
    assert facts.swing == pytest.approx(2.9652)
    assert facts.days == (date(2026, 3, 28),)
    for line in evidence(diagnosis.top):
        assert "robust" not in line and "MAD" not in line and "standard deviation" not in line


def test_bot_purge_day_is_not_blamed_on_the_videos_around_it() -> None:
    # Daily posts of 5,000 views: each day's net is split in thirds among that day's post and
    # the two before. 28 Mar (the purge, -1,500) credits no post. Window posts 25-29 Mar:
    #   25 Mar: 58 + 62 + 58 = 178 / 3 = 59.33 -> 11.9 per 1,000
    #   26 Mar: 62 + 58 + (28 Mar) = 120 / 3 = 40 -> 8.0
    #   27 Mar: 58 + (28 Mar) + 58 = 116 / 3 = 38.67 -> 7.7 (the weakest)
    #   28 Mar: (28 Mar) + 58 + 62 = 40 -> 8.0;  29 Mar: 58 + 62 + 58 -> 11.9
    # Counting the purge, 27 Mar would be (58 - 1,500 + 58) / 3 = -461.3 -> -92.3 per 1,000.
    diagnosis = run(s.purged())
    assert diagnosis.uncounted == (date(2026, 3, 28),)
    worst = diagnosis.worst_post
    assert worst is not None and worst.posted == date(2026, 3, 27)
    assert worst.per_1000_views == pytest.approx(116 / 3 / 5)
    assert min(p.followers for p in diagnosis.posts) == pytest.approx(116 / 3)
    assert post_lines(diagnosis)[1] == (
        "Weakest video",
        "“Winter skincare tips #skincare #beauty” (27 Mar 2026): +7.7 followers per 1,000 "
        "views, 5,000 views (not counting the bot purge on 28 Mar 2026: no video caused it)",
    )


def test_bot_purge_without_engagement_rise_scores_lower() -> None:
    diagnosis = run(s.purged(engagement_after=0.05))
    assert finding(diagnosis, Cause.BOT_PURGE).score == 0.9


def test_reach_collapse() -> None:
    # Median daily views 500 in the window vs 5,000 in the baseline: 10% (< 50%), posting
    # daily. Severity (0.9 - 0.5) / (0.9 - 0.5) = 1 -> 0.55 + 0.4 = 0.95.
    diagnosis = run(s.reach_collapsed())
    assert diagnosis.top is not None and diagnosis.top.cause is Cause.REACH_COLLAPSE
    assert diagnosis.top.score == 0.95
    assert evidence(diagnosis.top) == (
        "a typical day had 500 views over 25 Mar – 31 Mar 2026, 10% of the usual 5,000 "
        "(25 Feb – 24 Mar 2026)",
        "posting went on: 7 posts in 25 Mar – 31 Mar 2026",
    )
    assert "misinformation" in advice(diagnosis.top)


def test_niche_shift() -> None:
    # Posts 28-31 Mar are about faith: 4 of 7 window posts, score 0.5 + 0.4 * 4/7 = 0.73.
    # Days from them (3 days each, up to 31 Mar): 28-31 Mar, net 4 * -15 = -60 (-15.0/day).
    # Other posts (25-27 Mar) cover 25-27 Mar apart from those: +58 +62 +58 = 178 / 3 = +59.3.
    diagnosis = run(s.niche_shifted())
    assert diagnosis.top is not None and diagnosis.top.cause is Cause.NICHE_SHIFT
    assert diagnosis.top.score == 0.73
    first, second = evidence(diagnosis.top)
    assert first.startswith(
        "4 of 7 posts in 25 Mar – 31 Mar 2026 leave the usual topics (beauty, makeup, skincare): "
        "“Morning prayer and gratitude #faith #prayer” (28 Mar 2026)"
    )
    assert (
        second
        == "net -60 on the 4 days from those posts (-15.0/day) vs +59.3/day after the other posts"
    )


def test_engagement_decline() -> None:
    # Window: 7 * 100 = 700 engagements on 35,000 views = 2.0%; baseline 28 * 250 / 140,000 =
    # 5.0%; change -60% -> 0.5 + 0.35 * (0.6 - 0.3) / (0.8 - 0.3) = 0.71.
    diagnosis = run(s.disengaged())
    assert diagnosis.top is not None and diagnosis.top.cause is Cause.ENGAGEMENT_DECLINE
    assert diagnosis.top.score == 0.71
    assert evidence(diagnosis.top) == (
        "engagement per view 2.0% over 25 Mar – 31 Mar 2026 (700 likes, comments and shares "
        "on 35,000 views)",
        "vs 5.0% over 25 Feb – 24 Mar 2026: -60%",
    )


def test_platform_change_when_four_of_five_lose() -> None:
    # This account and 3 of the 4 others lose -70 in the window: 4/5 = 80% >= 60%, 4 >= 3.
    # Score 0.5 + 0.4 * (0.8 - 0.6) / 0.4 = 0.7.
    diagnosis = run(s.team_of_five(losing_others=3))
    assert causes(diagnosis) == [Cause.PLATFORM]
    top = finding(diagnosis, Cause.PLATFORM)
    assert top.score == 0.7
    assert evidence(top)[0] == (
        "4 of 5 team accounts lost followers over 25 Mar – 31 Mar 2026 (80%) with no cause of "
        "their own: this one -70, @bloom.co -70, @glowlab -70, @petal.studio -70"
    )


def test_platform_change_first_when_four_of_five_lose_with_steady_posting_and_conversion() -> None:
    # Every account: 60 gained, 70 lost a day on 5,000 views (420 / 35,000 = 1.2%), a post a
    # day, views and engagement steady: none has a cause of its own. Four of five lose -70:
    # 4/5 = 80% -> 0.5 + 0.4 * (0.8 - 0.6) / 0.4 = 0.7.
    diagnosis = run(s.team_of_five_steady(losing_others=3))
    assert causes(diagnosis) == [Cause.PLATFORM]
    assert diagnosis.top is not None and diagnosis.top.score == 0.7
    assert evidence(diagnosis.top)[0].startswith("4 of 5 team accounts lost followers")


def test_own_low_conversion_outranks_a_shrinking_team() -> None:
    # The third of three shrinking accounts (the others stopped posting / lost 8% to a purge).
    # Totals only, so follows per view are estimated from the window's growing days:
    #   losing days 25, 27, 29, 31 Mar at -8: unfollows at least 8 a day (median 8);
    #   growing days 26, 28, 30 Mar at +2: (2 + 8) * 3 = 30 new followers on 15,000 views
    #   = 2.0 per 1,000 (0.2%), under half of 1% (5.0) and of its own baseline
    #   (25 Feb - 24 Mar: 14 * 58 + 14 * 62 = 1,680 net on 140,000 views = 12.0 per 1,000).
    # Severity (1% - 0.2%) / 1% = 0.8 -> 0.15 + 0.3 * 0.8 = 0.39, + 0.3 as its own = 0.69.
    diagnosis = run(s.three_shrinking())
    assert causes(diagnosis) == [Cause.CONTENT]
    top = finding(diagnosis, Cause.CONTENT)
    assert top.score == 0.69 and top.own
    assert evidence(top) == (
        "about 30 new followers (estimated) from 15,000 views on the 3 days that grew in "
        "25 Mar – 31 Mar 2026: 2.0 per 1,000 views, below 10.0 per 1,000 views (1%)",
        "estimated: each growing day's net plus 8 unfollows, the median loss of the losing "
        "days; new followers alone are unknown: the TikTok Business Suite export, or /log with "
        "gained and lost, gives them",
        "under half of this account's own 12.0 per 1,000 views over 25 Feb – 24 Mar 2026: the "
        "cause is in this account, not the platform",
    )
    assert Cause.CONTENT not in unsupported(diagnosis)


def test_team_accounts_with_causes_of_their_own_are_not_counted() -> None:
    # Four of five lose -70, but two of the other three stopped posting on 19 Mar (inactivity):
    # only this one and one other lose with no cause of their own, 2 of 5 (40% < 60%).
    scenario = s.team_of_five(losing_others=3)
    quiet = s.gone_quiet().posts
    for key, member in list(scenario.team.items()):
        if member.handle in ("bloom.co", "glowlab"):
            scenario.team[key] = member._replace(posts=quiet)
    assert Cause.PLATFORM not in causes(run(scenario))


# --- and stays silent when the data show no such cause ----------------------------------------


def test_healthy_account_has_no_finding() -> None:
    diagnosis = run(s.healthy())
    assert diagnosis.findings == ()
    assert summary(diagnosis) == "Net growth is positive: +418 over 25 Mar – 31 Mar 2026."
    assert churn(diagnosis) is None


@pytest.mark.parametrize("seed", range(5))
def test_noisy_healthy_account_has_no_finding(seed: int) -> None:
    assert run(s.noisy_healthy(seed)).findings == ()


def test_content_fine_at_one_point_two_percent() -> None:
    # Healthy: +418 net from 35,000 views = 11.9 per 1,000.
    assert Cause.CONTENT not in causes(run(s.healthy()))


def test_no_inactivity_when_posting_steadily_every_other_day() -> None:
    # 3.5 posts a week, before and during the window: above 3/week, no drop, last post <= 1 day.
    scenario = s.healthy()
    scenario.posts = s.posts(s.every_day()[::-2])
    assert Cause.INACTIVITY not in causes(run(scenario))


def test_no_bot_purge_for_small_or_sustained_or_reach_driven_losses() -> None:
    small = s.healthy()
    net = s.alternating()
    net[59] = -15  # z = -25, but under 20 followers
    small.daily = s.daily(net)
    sustained = s.Scenario(s.daily(s.losing_window(-25)), s.posts(s.every_day()))  # 7 days
    reach = s.reach_collapsed()
    net = s.losing_window(-15)
    net[59] = -1_500  # views at 10% of normal: a reach collapse, not bots
    reach.daily = s.daily(net, views=reach.daily["views"].to_numpy(dtype=float))
    for scenario in (small, sustained, reach):
        assert Cause.BOT_PURGE not in causes(run(scenario))


def test_no_reach_collapse_when_posting_stopped() -> None:
    # Views fall to 10% but nothing was posted in the window: that is inactivity.
    scenario = s.reach_collapsed()
    scenario.posts = s.posts(s.every_day(0, 50))
    assert causes(run(scenario))[0] is Cause.INACTIVITY
    assert Cause.REACH_COLLAPSE not in causes(run(scenario))


def test_no_niche_shift_when_off_topic_posts_do_not_lose() -> None:
    scenario = s.niche_shifted()
    scenario.daily = s.daily(s.alternating())
    assert Cause.NICHE_SHIFT not in causes(run(scenario))


def test_no_engagement_decline_for_a_small_dip() -> None:
    # 5% -> 4% is -20%, inside the 30% threshold.
    rate = np.full(s.N, 0.05)
    rate[s.WINDOW] = 0.04
    scenario = s.Scenario(s.daily(s.losing_window(), engagement=rate), s.posts(s.every_day()))
    assert Cause.ENGAGEMENT_DECLINE not in causes(run(scenario))


def test_no_platform_change_when_one_of_five_loses() -> None:
    assert Cause.PLATFORM not in causes(run(s.team_of_five(losing_others=0)))


def test_no_platform_change_when_the_account_has_its_own_cause() -> None:
    scenario = s.team_of_five(losing_others=3)
    scenario.daily = s.disengaged().daily
    assert causes(run(scenario))[0] is Cause.ENGAGEMENT_DECLINE
    assert Cause.PLATFORM not in causes(run(scenario))


# --- ranking ----------------------------------------------------------------------------------


def test_two_causes_ranked_purge_then_inactivity() -> None:
    # Posting stopped 19 Mar (inactivity 0.9) and 28 Mar lost 1,500 at once (purge 1.0): the
    # purge explains most of the -1,570, so it comes first.
    scenario = s.purged()
    scenario.posts = s.gone_quiet().posts
    diagnosis = run(scenario)
    assert causes(diagnosis) == [Cause.BOT_PURGE, Cause.INACTIVITY]
    assert [f.score for f in diagnosis.findings] == [1.0, 0.9]


def test_equal_scores_rank_by_fixed_priority() -> None:
    def make(cause: Cause) -> Finding:
        return Finding(cause, 0.6, Facts(), "")

    ranked = rank([make(Cause.CONTENT), make(Cause.ENGAGEMENT_DECLINE), make(Cause.BOT_PURGE)])
    assert [f.cause for f in ranked] == [Cause.BOT_PURGE, Cause.ENGAGEMENT_DECLINE, Cause.CONTENT]


# --- honesty: what the data cannot say --------------------------------------------------------


def test_no_posts_makes_post_rules_unsupported() -> None:
    scenario = s.purged()
    scenario.posts = empty_posts()
    diagnosis = run(scenario)
    missing = unsupported(diagnosis)
    for cause in (Cause.INACTIVITY, Cause.NICHE_SHIFT, Cause.REACH_COLLAPSE):
        assert "TikTok Studio's Content export" in missing[cause]
        assert "<" not in missing[cause]
    assert diagnosis.posts == ()
    assert causes(diagnosis)[0] is Cause.BOT_PURGE  # needs no posts


def test_no_views_makes_view_rules_unsupported() -> None:
    scenario = s.healthy()
    scenario.daily = s.daily(s.alternating(), views=None)
    diagnosis = run(scenario)
    missing = unsupported(diagnosis)
    for cause in (Cause.CONTENT, Cause.REACH_COLLAPSE, Cause.ENGAGEMENT_DECLINE):
        assert "Overview" in missing[cause]
    assert diagnosis.findings == ()


def test_purge_without_views_is_reported_with_less_confidence() -> None:
    scenario = s.purged()
    net = s.alternating()
    net[59] = -1_500
    scenario.daily = s.daily(net, views=None)
    top = run(scenario).top
    assert top is not None and top.cause is Cause.BOT_PURGE
    assert top.score == 0.75  # 0.6 + 0.3 - 0.15
    assert "views around that day are unknown" in evidence(top)[1]


def test_short_history_makes_baseline_rules_unsupported() -> None:
    # Ten days of data: no 14-day baseline, no five earlier titled posts.
    scenario = s.Scenario(
        s.daily(s.alternating(10)), s.posts([s.END - timedelta(days=i) for i in range(10)])
    )
    missing = unsupported(run(scenario))
    assert set(missing) >= {
        Cause.BOT_PURGE,
        Cause.REACH_COLLAPSE,
        Cause.ENGAGEMENT_DECLINE,
        Cause.NICHE_SHIFT,
    }
    assert "TikTok Studio's Followers export" in missing[Cause.BOT_PURGE]
    assert "<" not in missing[Cause.BOT_PURGE]


def test_platform_unsupported_without_team() -> None:
    missing = unsupported(run(s.churning()))
    assert "/account add" in missing[Cause.PLATFORM]


# --- summary, churn and posts -----------------------------------------------------------------


def test_churn_when_losing_and_nothing_fires() -> None:
    # 60 gained / 70 lost a day: 420 new from 35,000 views = 1.2% (fine). Net -10 a day from a
    # close of 9,990 on 28 Jan: 24 Mar (index 55) closes at 10,000 - 10 * 56 = 9,440.
    # Churn = 70 / 9,440 = 0.7415% -> "0.74%".
    diagnosis = run(s.churning())
    assert diagnosis.findings == ()
    assert summary(diagnosis) == "Losing followers: -70 over 25 Mar – 31 Mar 2026."
    assert churn(diagnosis) == (
        "None of the checks explains this loss: -70 over 25 Mar – 31 Mar 2026 is 0.74% of the "
        "9,440 followers at the start."
    )


def test_growth_positive_but_cadence_drop_still_said() -> None:
    # Growing +418, but one post in the window after daily posting: 1/week vs 7/week.
    scenario = s.healthy()
    scenario.posts = s.posts([*s.every_day(0, 55), s.END])
    diagnosis = run(scenario)
    assert summary(diagnosis).startswith("Net growth is positive: +418")
    assert causes(diagnosis) == [Cause.INACTIVITY]
    assert churn(diagnosis) is None


def test_best_and_worst_posts_by_followers_per_1000_views() -> None:
    # Net 26 Mar +10, 27 Mar +40, 28 Mar -16, 29 Mar +8, else 0 (-16 is under the 20 a day
    # that could read as a bot purge). A (26 Mar, 1,000 views) and B (27 Mar, 3,000 views) each
    # take their day and the next two; C (28 Mar) has no views (weight 0, not ranked); D
    # (30 Mar) is too recent (its third day is 1 Apr).
    #   26 Mar: A alone -> A +10
    #   27 Mar: A 1/4, B 3/4 of +40 -> A +10, B +30
    #   28 Mar: A 1/4, B 3/4, C 0 of -16 -> A -4, B -12
    #   29 Mar: B (C weighs 0) -> B +8
    # A: +16 / 1,000 views = 16.0 per 1,000; B: +26 / 3,000 = 8.67 per 1,000.
    net = np.zeros(s.N)
    net[57:61] = [10, 40, -16, 8]
    days = [date(2026, 3, 26), date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 30)]
    scenario = s.Scenario(
        s.daily(net), s.posts(days, ["A", "B", "C", "D"], [1_000, 3_000, None, 2_000])
    )
    diagnosis = run(scenario)
    assert [p.title for p in diagnosis.posts] == ["A", "B"]
    best, worst = diagnosis.best_post, diagnosis.worst_post
    assert best is not None and worst is not None
    assert (best.title, best.posted, best.views) == ("A", date(2026, 3, 26), 1_000)
    assert best.followers == pytest.approx(16.0)
    assert best.per_1000_views == pytest.approx(16.0)
    assert worst.followers == pytest.approx(26.0)
    assert worst.per_1000_views == pytest.approx(26 / 3)


def test_a_losing_best_post_is_not_called_best() -> None:
    # The best_and_worst split again, with every day losing (each under the 20 a day that could
    # read as a bot purge): 26 Mar -10, 27 Mar -16, 28 Mar -12, 29 Mar -8.
    # A: -10 + -16/4 + -12/4 = -17 on 1,000 views = -17.0 per 1,000;
    # B: -12 + -9 + -8 = -29 on 3,000 views = -9.7 per 1,000, the smaller loss.
    net = np.zeros(s.N)
    net[57:61] = [-10, -16, -12, -8]
    days = [date(2026, 3, 26), date(2026, 3, 27), date(2026, 3, 28)]
    scenario = s.Scenario(s.daily(net), s.posts(days, ["A", "B", "C"], [1_000, 3_000, None]))
    assert post_lines(run(scenario)) == [
        ("Smallest loss", "“B” (27 Mar 2026): -9.7 followers per 1,000 views, 3,000 views"),
        ("Weakest video", "“A” (26 Mar 2026): -17.0 followers per 1,000 views, 1,000 views"),
    ]


def test_topics_are_words_and_hashtags_without_filler() -> None:
    assert topics("Bible verse of the day #Faith #fyp") == {"bible", "verse", "faith"}


def test_thresholds_are_used() -> None:
    # At a 0.3% benchmark, 0.4% follows per view is fine.
    diagnosis = run(s.not_resonating(), thresholds=Thresholds(follows_per_view=0.003))
    assert Cause.CONTENT not in causes(diagnosis)


def test_two_years_and_300_posts_in_well_under_50_ms() -> None:
    scenario = s.noisy_healthy(1, n=730)
    picks = np.sort(np.random.default_rng(2).choice(730, 300, replace=False))
    scenario.posts = s.posts([s.END - timedelta(days=729 - int(i)) for i in picks])
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        run(scenario)
        timings.append(time.perf_counter() - began)
    assert min(timings) < 0.05


def test_advice_names_its_sources_by_title_not_by_code() -> None:
    diagnosis = run(s.gone_quiet())
    assert diagnosis.top is not None and diagnosis.top.cause is Cause.INACTIVITY
    assert advice(diagnosis.top) == (
        "Post again now and keep a steady schedule: at least three to five times a week; "
        "TikTok itself recommends 1-4 posts a day."
    )
    for cause in Cause:
        assert "§" not in ADVICE[cause] and "000" not in ADVICE[cause]
        assert "002" not in ADVICE[cause]
    assert sources([diagnosis.top]) == (
        "Advice from “Why Am I Losing Followers on TikTok?” (“You’re Not Being Active”); "
        "“What Is Net Followers on TikTok” (“How to Improve Your Net Followers on TikTok”)."
    )
    embed = why_embed("quiet", diagnosis)
    assert embed.footer.text == (
        "Causes are ranked by how strongly your own data show them. " + sources([diagnosis.top])
    )
    assert "§" not in diagnosis_text(diagnosis)
    assert diagnosis_text(diagnosis).endswith(sources([diagnosis.top]))
