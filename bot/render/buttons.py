"""The words on buttons: paging through a long list, refusing members who did not ask, and the
buttons under /net and alerts that go one step deeper into an account."""

from __future__ import annotations

from enum import StrEnum

from bot import fmt
from bot.i18n import N_, _, ngettext

# Translators: a button label (at most 80 characters) that turns to the previous page.
PREVIOUS = N_("◀ Previous")
# Translators: a button label (at most 80 characters) that turns to the next page.
NEXT = N_("Next ▶")
NOT_YOURS = N_("Only the member who asked can use these buttons; run the command yourself.")


def page_position(number: int, total: int) -> str:
    # Translators: a button label (at most 80 characters) showing the page on screen.
    return _("Page {number} of {total}").format(number=fmt.count(number), total=fmt.count(total))


class AccountAction(StrEnum):
    """What a button under /net or an alert does for its account."""

    WHY = "why"
    CHART = "chart"
    NET = "net"
    SNOOZE = "snooze"
    MUTE = "mute"


#: Every account button's custom id: the action, the account's id and the window in days. It
#: names no guild: the handler looks the account up and checks the presser belongs to its server.
ACCOUNT_ACTION_TEMPLATE = (
    r"acct:(?P<action>why|chart|net|snooze|mute):(?P<account>[0-9]{1,19}):(?P<days>[0-9]{1,3})"
)
NET_WINDOWS = (7, 28, 90)
SNOOZE_DAYS = 7
#: The chart a Chart button shows: at least four weeks, so a short window still has context.
CHART_MIN_DAYS = 28

SOMETHING_WENT_WRONG = N_("Something went wrong on our side; it has been logged. Please try again.")
NOT_A_MEMBER = N_("Only members of the server that tracks this account can use these buttons.")
NO_LONGER_TRACKED = N_("That account is no longer tracked, so there is nothing to show.")
# Translators: "Manage Server" is the name of a Discord permission.
MANAGERS_ONLY = N_(
    "Only members with the Manage Server permission (or the bot's manager role) can mute an "
    "account."
)


def account_action_id(action: AccountAction, account_id: int, days: int) -> str:
    return f"acct:{action.value}:{account_id}:{days}"


def account_action_label(action: AccountAction, days: int) -> str:
    """A button's label: at most 80 characters, which every label here keeps well within."""
    if action is AccountAction.NET:
        # Translators: a button label (at most 80 characters, best kept very short) that shows
        # the net followers over the last {n} days; "d" stands for days.
        return ngettext("{n}d", "{n}d", days).format(n=fmt.count(days))
    if action is AccountAction.WHY:
        # Translators: a button label (at most 80 characters) that shows why the account lost
        # followers.
        return _("Why?")
    if action is AccountAction.CHART:
        # Translators: a button label (at most 80 characters) that shows the account's chart.
        return _("Chart")
    if action is AccountAction.SNOOZE:
        # Translators: a button label (at most 80 characters): no alert DMs for {n} days.
        return ngettext("Snooze {n} day", "Snooze {n} days", SNOOZE_DAYS).format(
            n=fmt.count(SNOOZE_DAYS)
        )
    # Translators: a button label (at most 80 characters): no alerts about the account for
    # anyone.
    return _("Mute account")


def net_actions(days: int) -> list[tuple[AccountAction, int]]:
    """/net's buttons: why and chart for its window, then the other windows."""
    return [
        (AccountAction.WHY, days),
        (AccountAction.CHART, days),
        *((AccountAction.NET, window) for window in NET_WINDOWS),
    ]


def alert_actions(days: int) -> list[tuple[AccountAction, int]]:
    return [
        (AccountAction.WHY, days),
        (AccountAction.CHART, days),
        (AccountAction.SNOOZE, days),
        (AccountAction.MUTE, days),
    ]


def snoozed(handle: str, until: str) -> str:
    # Translators: {until} is a date.
    return _(
        "You will get no alert DMs about @{handle} until {until}. "
        "The alert channel, if there is one, still gets them."
    ).format(handle=handle, until=until)


def muted(handle: str, newly: bool) -> str:
    if newly:
        return _(
            "Alerts about @{handle} are muted for everyone. A manager turns them back on with "
            "`/alerts unmute account:{handle}`."
        ).format(handle=handle)
    return _(
        "Alerts about @{handle} were already muted. A manager turns them back on with "
        "`/alerts unmute account:{handle}`."
    ).format(handle=handle)


def unmuted(handle: str, was_muted: bool) -> str:
    if was_muted:
        return _("Alerts about @{handle} are on again.").format(handle=handle)
    return _("Alerts about @{handle} were not muted; nothing changed.").format(handle=handle)


#: The digest's menu of its accounts; the chosen option's value is the account's id.
ACCOUNT_MENU_ID = "acct:open"
MENU_LIMIT = 25  # Discord's options per select menu


def account_menu_placeholder(total: int) -> str:
    if total > MENU_LIMIT:
        # Translators: a select menu's placeholder (at most 150 characters); the menu lists
        # the {limit} accounts with the lowest net followers of the {total} in the digest.
        return ngettext(
            "Open an account (the {limit} with the lowest net of {total})",
            "Open an account (the {limit} with the lowest net of {total})",
            total,
        ).format(limit=fmt.count(MENU_LIMIT), total=fmt.count(total))
    # Translators: a select menu's placeholder (at most 150 characters).
    return _("Open an account")


def account_menu_label(handle: str, net: int | None, days: int) -> str:
    """``@handle · 7-day net -40``; within the 100 characters of an option."""
    if net is None:
        # Translators: a select menu option (at most 100 characters): the account's net
        # followers over {n} days are not known.
        label = ngettext("@{handle} · {n}-day net unknown", "@{handle} · {n}-day net unknown", days)
    else:
        # Translators: a select menu option (at most 100 characters): the account's net
        # followers over {n} days, e.g. "-40".
        label = ngettext("@{handle} · {n}-day net {net}", "@{handle} · {n}-day net {net}", days)
    return label.format(handle=handle, n=fmt.count(days), net=fmt.signed(net))[:100]
