"""What a rule could not check, and the export that would let it."""

from __future__ import annotations

from collections.abc import Mapping

from bot import fmt
from bot.analytics.diagnose import Export, Lack, Shortfall, Unsupported

EXPORTS: Mapping[Export, str] = {
    Export.CONTENT: "upload TikTok Studio's Content export for posts",
    Export.CONTENT_HISTORY: "upload TikTok Studio Content exports that cover earlier videos too",
    Export.OVERVIEW: (
        "upload TikTok Studio's Overview export for daily views, likes, comments and shares"
    ),
    Export.FOLLOWERS: "upload TikTok Studio's Followers export, or /log the total daily",
    Export.GAINED_AND_LOST: (
        "the TikTok Business Suite export, or /log with gained and lost, gives them"
    ),
    Export.TEAM: "add the team's other accounts (/account add) and upload their Followers exports",
}


def export_hint(export: Export) -> str:
    return EXPORTS[export]


def _coverage(what: str, gap: Shortfall) -> str:
    return (
        f"needs {what} for {gap.need} of the {gap.within} days before the window and "
        f"{gap.need_in_window} in it; your data have {gap.have} before and "
        f"{gap.have_in_window} in it"
    )


def reason(item: Unsupported) -> str:
    """Why the rule could not run, with the numbers it needs and has."""
    gap = item.shortfall or Shortfall(0, 0)
    match item.lack:
        case Lack.WINDOW_VIEWS:
            return "no daily views for the window"
        case Lack.NET_ON_VIEW_DAYS:
            return "follower change unknown on the days with views"
        case Lack.GROWING_DAYS:
            return (
                "how many viewers follow cannot be told from net followers alone: they fell, "
                f"and fewer than {fmt.days(gap.need)} grew to estimate new followers from"
            )
        case Lack.TIMED_POSTS:
            return "no posts with a post time"
        case Lack.NET_BASELINE:
            return (
                f"needs {gap.need} days of daily follower change in the "
                f"{fmt.days(gap.within)} before the window, has {gap.have}"
            )
        case Lack.VIEWS_COVERAGE:
            return _coverage("daily views", gap)
        case Lack.POSTS_FOR_REACH:
            return "without posts a fall in views cannot be told from a pause in posting"
        case Lack.TITLED_HISTORY:
            return (
                f"needs {gap.need} titled posts in the {fmt.days(gap.within)} before the window "
                f"to know the usual topics; has {gap.have}"
            )
        case Lack.NET_AFTER_OFF_TOPIC:
            return "follower change unknown after the off-topic posts"
        case Lack.ENGAGEMENT_COVERAGE:
            return _coverage("daily likes, comments, shares and views", gap)
        case Lack.TEAM_ACCOUNTS:
            span = item.window
            window = f" for {fmt.window(span.first, span.last)}" if span else ""
            return (
                f"needs {gap.need} of the team's accounts with follower data{window}; "
                f"has {gap.have}"
            )
