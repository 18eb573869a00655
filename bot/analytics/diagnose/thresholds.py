"""Every number the diagnosis rules compare against, each default with its reason.

The reasons quote two articles: "Why Am I Losing Followers on TikTok?" (*Losing*, by its numbered
sections 1-6) and "What is net followers on TikTok" (*Net followers*, by its headings).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Every number a rule compares against, each default with its reason."""

    # Losing §1: "a ratio of 1% new followers for each view": 10 follows per 1,000 views.
    follows_per_view: float = 0.01
    # Losing §1 states the ratio on 1,000 views; on fewer, 1% is a handful of follows (noise).
    content_min_views: int = 1_000
    # Net followers (Post Consistently): "Posting at least three to five times a week"; TikTok
    # itself recommends 1-4 a day (Losing §6), so three a week is the floor, not the goal.
    posts_per_week: float = 3.0
    # Losing §6: "If you slow your pace, you'll fall behind": under half the account's own pace.
    cadence_floor: float = 0.5
    # Posts per week are counted over at least a week, however short the window.
    cadence_days: int = 7
    # A week without a post is already under Net followers' three a week ...
    inactive_days: int = 7
    # ... and Losing §6's "haven't posted in a few weeks" is when followers think you quit.
    inactive_days_severe: int = 21
    # The account's normal: the 28 days before the window (a rolling baseline that holds every
    # weekday four times, so the weekly rhythm cancels out).
    baseline_days: int = 28
    # A baseline of fewer than two weeks of known days is moved too easily by one odd day.
    min_baseline_days: int = 14
    # A window needs this many known days (or all of a shorter window) to be compared.
    min_window_days: int = 3
    # Losing §5 "losing a lot of followers at once": a day's net 6 robust standard deviations
    # (median/MAD of the baseline) below normal; 6, not 3, because daily net has heavy tails.
    purge_z: float = 6.0
    # ... and at least this many followers, so a small account's -5 day is never a "purge".
    purge_min_loss: int = 20
    # "At once" (Losing §5): one or two outlier days; more of them is a sustained decline.
    purge_max_days: int = 2
    # Views "not falling": the loss day and the two before keep half of the baseline views;
    # below that the loss comes with a reach collapse (Losing §3) and is not read as a purge.
    purge_views_floor: float = 0.5
    # Losing §2: after the bots were banned "Engagement soared": engagement per view up 10%+ ...
    purge_engagement_rise: float = 0.10
    # ... over the week after the loss.
    purge_after_days: int = 7
    # Losing §3: shadow banned, "your reach starts to fall": typical daily views under half of the
    # baseline while posting goes on.
    reach_floor: float = 0.5
    # Net followers (Engagement and Interaction): engagement per view down 30% or more against
    # baseline.
    engagement_drop: float = 0.30
    # Off-niche: under a quarter of a title's words and hashtags are among the account's usual
    # topics (Losing §1: "You've stopped posting content that was in your niche").
    niche_overlap: float = 0.25
    # Usual topics need at least five earlier titled posts ...
    niche_min_history_posts: int = 5
    # ... from the 90 days before the window: the niche the current followers came for.
    niche_history_days: int = 90
    # Net followers (Use Data Analytics): "Monitor which videos gain or lose followers": a post
    # is credited with the net of its day and the next two, when most of a video's views (and
    # follows) arrive.
    attribution_days: int = 3
    # Losing §2 (algorithm change): 60% of the team's accounts lose in the same window ...
    platform_share: float = 0.6
    # ... and at least three of them, so two accounts of a small team are not "the platform".
    platform_min_losing: int = 3
    # Conversion is the account's own cause, not the platform's, when it is under half of both
    # the 1% benchmark (Losing §1) and the account's own baseline: an algorithm change (Losing §2)
    # lowers every account's conversion a little, not one account's to a fraction of its normal.
    content_own_share: float = 0.5
    # Losing §1 states its ratio per video ("A video gets 1,000 views / You get 10 new
    # followers"): TikTok's own per-video figures (API for Business) are compared over at least
    # three videos on each side; one or two videos say too little about the account.
    min_videos: int = 3
    # Losing §1, "if the quality tanks, your followers will unfollow you": recent videos
    # watched to the end, or for as long, a fifth less than the account's earlier ones.
    watch_drop: float = 0.2
    # Losing §3, "Your content won't be shown on the For You Page": the share of recent
    # videos' views from For You a fifth below the earlier videos' share.
    for_you_drop: float = 0.2


DEFAULT_THRESHOLDS = Thresholds()
