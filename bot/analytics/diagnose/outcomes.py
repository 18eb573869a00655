"""What the diagnosis returns: causes, findings with their facts, gaps in the data, post impacts.

Only numbers and facts live here; ``bot.render.diagnosis`` words them for every surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

import pandas as pd

from bot.analytics.series import NetWindow


class Cause(StrEnum):
    """Rule ids in tie-break order: the most specific evidence first, the generic benchmark last."""

    BOT_PURGE = "bot_purge"
    REACH_COLLAPSE = "reach_collapse"
    INACTIVITY = "inactivity"
    NICHE_SHIFT = "niche_shift"
    ENGAGEMENT_DECLINE = "engagement_decline"
    PLATFORM = "platform"
    CONTENT = "content_not_resonating"


@dataclass(frozen=True)
class Span:
    """Calendar days ``first`` to ``last`` inclusive: a window or a baseline."""

    first: date
    last: date


@dataclass(frozen=True)
class Facts:
    """The numbers and dates behind one finding; each rule extends it with its own."""


@dataclass(frozen=True)
class Finding:
    """A likely cause: how strongly the data show it (0-1), its facts and the article sections
    it rests on; ``own`` says the cause lies in this account, so it rules out a platform-wide
    change. ``article`` uses the product's short labels for its two sources: "000" is "Why Am I
    Losing Followers on TikTok?" (with its numbered sections), "002" is "What is net followers
    on TikTok"."""

    cause: Cause
    score: float
    facts: Facts
    article: str
    #: the team accounts a team-wide finding rests on, (handle, net), most lost first: a big
    #: team's list is too long for an evidence line, so the renderers list it in full apart
    accounts: tuple[tuple[str, int], ...] = ()
    own: bool = True


class Lack(StrEnum):
    """Why a rule could not be evaluated."""

    WINDOW_VIEWS = "window_views"
    NET_ON_VIEW_DAYS = "net_on_view_days"
    GROWING_DAYS = "growing_days"
    TIMED_POSTS = "timed_posts"
    NET_BASELINE = "net_baseline"
    VIEWS_COVERAGE = "views_coverage"
    POSTS_FOR_REACH = "posts_for_reach"
    TITLED_HISTORY = "titled_history"
    NET_AFTER_OFF_TOPIC = "net_after_off_topic"
    ENGAGEMENT_COVERAGE = "engagement_coverage"
    TEAM_ACCOUNTS = "team_accounts"


class Export(StrEnum):
    """The data that would let a rule run."""

    CONTENT = "content"
    CONTENT_HISTORY = "content_history"
    OVERVIEW = "overview"
    FOLLOWERS = "followers"
    GAINED_AND_LOST = "gained_and_lost"
    TEAM = "team"


@dataclass(frozen=True)
class Shortfall:
    """How much a rule needs and has: ``need`` of the ``within`` days (or posts, or accounts)
    before the window, and ``need_in_window`` in it."""

    need: int
    have: int
    within: int = 0
    need_in_window: int = 0
    have_in_window: int = 0


@dataclass(frozen=True)
class Unsupported:
    """A rule the data could not evaluate, why, and the export that would let it."""

    rule: Cause
    lack: Lack
    export: Export
    shortfall: Shortfall | None = None
    window: Span | None = None


Outcome = Finding | Unsupported | None


class Member(NamedTuple):
    """A team account's daily frame and posts: the platform rule asks whether its own data
    explain its losses. The team is keyed by account id; ``handle`` names it in evidence."""

    daily: pd.DataFrame
    posts: pd.DataFrame
    handle: str


@dataclass(frozen=True)
class PostImpact:
    """The followers one post brought (which videos gain or lose followers): TikTok's own
    count of them when ``counted``, else the net followers credited to it."""

    post_id: str
    title: str
    posted: date
    views: int
    followers: float
    per_1000_views: float
    counted: bool = False


@dataclass(frozen=True)
class Churn:
    """A loss no rule explains, against the total before the window (None when unknown)."""

    net: int
    window: Span
    followers_before: float | None


@dataclass(frozen=True)
class Diagnosis:
    """The answer to /why: the window, ranked findings, what could not be checked, and posts."""

    window: NetWindow
    findings: tuple[Finding, ...]
    unsupported: tuple[Unsupported, ...]
    churn: Churn | None
    posts: tuple[PostImpact, ...]  # the window's posts, most followers per 1,000 views first
    #: days whose net no post is credited with: a bot purge's days
    uncounted: tuple[date, ...] = ()

    @property
    def top(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    @property
    def best_post(self) -> PostImpact | None:
        return self.posts[0] if self.posts else None

    @property
    def worst_post(self) -> PostImpact | None:
        return self.posts[-1] if len(self.posts) > 1 else None
