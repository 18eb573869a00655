"""The diagnosis's opening line and, when no cause fires on a loss, the churn it amounts to."""

from __future__ import annotations

from bot import fmt
from bot.analytics.diagnose import Churn, Diagnosis
from bot.analytics.series import NetWindow


def window_summary(window: NetWindow) -> str:
    """The window's net followers in one sentence, saying when days are missing."""
    span = fmt.window(window.start, window.end)
    if window.net is None:
        return f"Net followers over {span} are unknown: no change is known in this window."
    partial = (
        f" (partial: {window.covered_days} of {fmt.days(window.days)} known)"
        if window.partial
        else ""
    )
    if window.net > 0:
        return f"Net growth is positive: {fmt.signed(window.net)} over {span}{partial}."
    if window.net == 0:
        return f"No net change ({fmt.signed(0)}) over {span}{partial}."
    return f"Losing followers: {fmt.signed(window.net)} over {span}{partial}."


def summary(diagnosis: Diagnosis) -> str:
    return window_summary(diagnosis.window)


def churn_line(churn: Churn) -> str:
    """A loss no rule explains, as a share of the total before the window. Some churn is
    normal (followers go even when a creator does everything right), but whether this much is
    depends on the account: the sentence says what the data show, not that it is harmless."""
    text = (
        f"None of the checks explains this loss: {fmt.signed(churn.net)} over "
        f"{fmt.window(churn.window.first, churn.window.last)}"
    )
    if churn.followers_before is None:
        return text + "; the total before the window is unknown, so no churn rate."
    return (
        f"{text} is {fmt.percent(-churn.net / churn.followers_before, 2)} of the "
        f"{fmt.count(round(churn.followers_before))} followers at the start."
    )


def churn(diagnosis: Diagnosis) -> str | None:
    return churn_line(diagnosis.churn) if diagnosis.churn else None
