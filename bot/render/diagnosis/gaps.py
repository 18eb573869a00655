"""What a rule could not check, and the export that would let it."""

from __future__ import annotations

from collections.abc import Mapping

from bot import fmt
from bot.analytics.diagnose import Export, Lack, Shortfall, Unsupported
from bot.i18n import N_, _, ngettext

EXPORTS: Mapping[Export, str] = {
    Export.CONTENT: N_("upload TikTok Studio's Content export for posts"),
    Export.CONTENT_HISTORY: N_(
        "upload TikTok Studio Content exports that cover earlier videos too"
    ),
    Export.OVERVIEW: N_(
        "upload TikTok Studio's Overview export for daily views, likes, comments and shares"
    ),
    Export.FOLLOWERS: N_("upload TikTok Studio's Followers export, or /log the total daily"),
    Export.GAINED_AND_LOST: N_(
        "the TikTok Business Suite export, or /log with gained and lost, gives them"
    ),
    Export.TEAM: N_(
        "add the team's other accounts (/account add) and upload their Followers exports"
    ),
}


def export_hint(export: Export) -> str:
    return _(EXPORTS[export])


def _coverage(lack: Lack, gap: Shortfall) -> str:
    numbers = {
        "need": gap.need,
        "within": gap.within,
        "need_in_window": gap.need_in_window,
        "have": gap.have,
        "have_in_window": gap.have_in_window,
    }
    if lack is Lack.VIEWS_COVERAGE:
        # Translators: {need} of the {within} days before the window and {need_in_window} days
        # in it are needed; {have} and {have_in_window} are the days the data have.
        return ngettext(
            "needs daily views for {need} of the {within} days before the window and "
            "{need_in_window} in it; your data have {have} before and {have_in_window} in it",
            "needs daily views for {need} of the {within} days before the window and "
            "{need_in_window} in it; your data have {have} before and {have_in_window} in it",
            gap.within,
        ).format(**numbers)
    # Translators: {need} of the {within} days before the window and {need_in_window} days in it
    # are needed; {have} and {have_in_window} are the days the data have.
    return ngettext(
        "needs daily likes, comments, shares and views for {need} of the {within} days before "
        "the window and {need_in_window} in it; your data have {have} before and "
        "{have_in_window} in it",
        "needs daily likes, comments, shares and views for {need} of the {within} days before "
        "the window and {need_in_window} in it; your data have {have} before and "
        "{have_in_window} in it",
        gap.within,
    ).format(**numbers)


def reason(item: Unsupported) -> str:
    """Why the rule could not run, with the numbers it needs and has."""
    gap = item.shortfall or Shortfall(0, 0)
    match item.lack:
        case Lack.WINDOW_VIEWS:
            return _("no daily views for the window")
        case Lack.NET_ON_VIEW_DAYS:
            return _("follower change unknown on the days with views")
        case Lack.GROWING_DAYS:
            # Translators: {days} is a number of days, such as "3 days".
            return _(
                "how many viewers follow cannot be told from net followers alone: they fell, "
                "and fewer than {days} grew to estimate new followers from"
            ).format(days=fmt.days(gap.need))
        case Lack.TIMED_POSTS:
            return _("no posts with a post time")
        case Lack.NET_BASELINE:
            # Translators: {within} is a number of days, such as "28 days"; {have} is the number
            # of days with a known follower change.
            return ngettext(
                "needs {need} days of daily follower change in the {within} before the window, "
                "has {have}",
                "needs {need} days of daily follower change in the {within} before the window, "
                "has {have}",
                gap.need,
            ).format(need=gap.need, within=fmt.days(gap.within), have=gap.have)
        case Lack.VIEWS_COVERAGE | Lack.ENGAGEMENT_COVERAGE:
            return _coverage(item.lack, gap)
        case Lack.POSTS_FOR_REACH:
            return _("without posts a fall in views cannot be told from a pause in posting")
        case Lack.TITLED_HISTORY:
            # Translators: {within} is a number of days, such as "90 days"; {have} is the number
            # of titled posts there are.
            return ngettext(
                "needs {need} titled posts in the {within} before the window to know the usual "
                "topics; has {have}",
                "needs {need} titled posts in the {within} before the window to know the usual "
                "topics; has {have}",
                gap.need,
            ).format(need=gap.need, within=fmt.days(gap.within), have=gap.have)
        case Lack.NET_AFTER_OFF_TOPIC:
            return _("follower change unknown after the off-topic posts")
        case Lack.TEAM_ACCOUNTS:
            span = item.window
            if span is None:
                # Translators: {have} is the number of team accounts with follower data.
                return ngettext(
                    "needs {need} of the team's accounts with follower data; has {have}",
                    "needs {need} of the team's accounts with follower data; has {have}",
                    gap.need,
                ).format(need=gap.need, have=gap.have)
            # Translators: {window} is a date range; {have} is the number of team accounts with
            # follower data for it.
            return ngettext(
                "needs {need} of the team's accounts with follower data for {window}; has {have}",
                "needs {need} of the team's accounts with follower data for {window}; has {have}",
                gap.need,
            ).format(need=gap.need, window=fmt.window(span.first, span.last), have=gap.have)
