"""The diagnosis's opening line and, when no cause fires on a loss, the churn it amounts to."""

from __future__ import annotations

from bot import fmt
from bot.analytics.diagnose import Churn, Diagnosis
from bot.analytics.series import NetWindow
from bot.i18n import _, ngettext


def window_summary(window: NetWindow) -> str:
    """The window's net followers in one sentence, saying when days are missing."""
    span = fmt.window(window.start, window.end)
    if window.net is None:
        # Translators: {span} is a date range.
        return _(
            "Net followers over {span} are unknown: no change is known in this window."
        ).format(span=span)
    numbers = {"net": fmt.signed(window.net), "span": span}
    partial = {"covered": window.covered_days, "days": fmt.days(window.days)}
    if window.net > 0:
        if window.partial:
            # Translators: {covered} is how many of the window's {days} (such as "7 days") are
            # known.
            return _(
                "Net growth is positive: {net} over {span} (partial: {covered} of {days} known)."
            ).format(**numbers, **partial)
        # Translators: {net} is the change in followers, such as +12; {span} a date range.
        return _("Net growth is positive: {net} over {span}.").format(**numbers)
    if window.net == 0:
        if window.partial:
            # Translators: {net} is ±0; {covered} is how many of the window's {days} (such as
            # "7 days") are known.
            return _(
                "No net change ({net}) over {span} (partial: {covered} of {days} known)."
            ).format(**numbers, **partial)
        # Translators: {net} is ±0.
        return _("No net change ({net}) over {span}.").format(**numbers)
    if window.partial:
        # Translators: {covered} is how many of the window's {days} (such as "7 days") are known.
        return _(
            "Losing followers: {net} over {span} (partial: {covered} of {days} known)."
        ).format(**numbers, **partial)
    # Translators: {net} is the change in followers, such as -40; {span} a date range.
    return _("Losing followers: {net} over {span}.").format(**numbers)


def summary(diagnosis: Diagnosis) -> str:
    return window_summary(diagnosis.window)


def churn_line(churn: Churn) -> str:
    """A loss no rule explains, as a share of the total before the window. Some churn is
    normal (followers go even when a creator does everything right), but whether this much is
    depends on the account: the sentence says what the data show, not that it is harmless."""
    numbers = {
        "net": fmt.signed(churn.net),
        "span": fmt.window(churn.window.first, churn.window.last),
    }
    if churn.followers_before is None:
        # Translators: {net} is the change in followers, such as -40; {span} a date range.
        return _(
            "None of the checks explains this loss: {net} over {span}; the total before the "
            "window is unknown, so no churn rate."
        ).format(**numbers)
    followers = round(churn.followers_before)
    # Translators: {net} is the change in followers, such as -40; {span} a date range; {share}
    # the loss as a percentage of the {followers} there were at the start.
    return ngettext(
        "None of the checks explains this loss: {net} over {span} is {share} of the {followers} "
        "followers at the start.",
        "None of the checks explains this loss: {net} over {span} is {share} of the {followers} "
        "followers at the start.",
        followers,
    ).format(
        share=fmt.percent(-churn.net / churn.followers_before, 2),
        followers=fmt.count(followers),
        **numbers,
    )


def churn(diagnosis: Diagnosis) -> str | None:
    return churn_line(diagnosis.churn) if diagnosis.churn else None
