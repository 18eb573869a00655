"""When an account's numbers deserve a DM: negative weekly growth, a loss across a gap in the
data, or one sharp daily loss."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.analytics.series import Daily, FollowerColumns, NetReport, net_report, net_window

ALERT_WINDOW_DAYS = 7
# One day's loss that is worth a DM on its own even while the week is still positive: at least
# 1% of the audience (a drop of that size is far beyond daily churn for most accounts) and never
# fewer than 100 followers (small accounts wobble by a few dozen without meaning anything).
SHARP_LOSS_FRACTION = 0.01
SHARP_LOSS_FLOOR = 100
# After an alert, stay quiet about the same account for a week unless a sharp loss happens:
# a shrinking account would otherwise DM its subscribers after every daily upload.
QUIET_DAYS = 7


@dataclass(frozen=True)
class AlertTrigger:
    """Why an account is alerting, about which data day."""

    day: date
    report: NetReport
    sharp_loss: int | None  # the latest day's loss when it alone triggered


def alert_trigger(daily: Daily, *, last_alert_day: date | None) -> AlertTrigger | None:
    """The alert the latest data calls for, or ``None``.

    Once per latest data day (the outbox enforces that, per recipient); within ``QUIET_DAYS``
    after an earlier day's alert only a sharp loss speaks again.
    """
    data = FollowerColumns.of(daily)
    report = net_report(data, ALERT_WINDOW_DAYS)
    if report is None or (report.current.net is None and report.gap is None):
        return None
    end = report.current.end
    latest_change = net_window(data, end, 1).net
    total = report.current.total
    sharp = None
    if latest_change is not None and total is not None:
        threshold = max(SHARP_LOSS_FLOOR, SHARP_LOSS_FRACTION * (total - latest_change))
        if -latest_change >= threshold:
            sharp = -latest_change
    # A loss across a gap is a loss like any other: the days without data hide when it
    # happened, not that it happened.
    negative = (report.current.net is not None and report.current.net < 0) or (
        report.gap is not None and report.gap.change < 0
    )
    if not negative and sharp is None:
        return None
    quiet = last_alert_day is not None and 0 < (end - last_alert_day).days < QUIET_DAYS
    if quiet and sharp is None:
        return None
    return AlertTrigger(day=end, report=report, sharp_loss=sharp)
