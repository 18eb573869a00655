"""The words on buttons: paging through a long list, refusing members who did not ask, and the
buttons under /net and alerts that go one step deeper into an account."""

from __future__ import annotations

from enum import StrEnum

from bot import fmt

PREVIOUS = "◀ Previous"
NEXT = "Next ▶"
NOT_YOURS = "Only the member who asked can use these buttons; run the command yourself."


def page_position(number: int, total: int) -> str:
    return f"Page {number} of {total}"


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

SOMETHING_WENT_WRONG = "Something went wrong on our side; it has been logged. Please try again."
NOT_A_MEMBER = "Only members of the server that tracks this account can use these buttons."
NO_LONGER_TRACKED = "That account is no longer tracked, so there is nothing to show."
MANAGERS_ONLY = (
    "Only members with the Manage Server permission (or the bot's manager role) can mute an "
    "account."
)


def account_action_id(action: AccountAction, account_id: int, days: int) -> str:
    return f"acct:{action.value}:{account_id}:{days}"


def account_action_label(action: AccountAction, days: int) -> str:
    if action is AccountAction.NET:
        return f"{days}d"
    return {
        AccountAction.WHY: "Why?",
        AccountAction.CHART: "Chart",
        AccountAction.SNOOZE: f"Snooze {SNOOZE_DAYS} days",
        AccountAction.MUTE: "Mute account",
    }[action]


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
    return (
        f"You will get no alert DMs about @{handle} until {until}. "
        "The alert channel, if there is one, still gets them."
    )


def muted(handle: str, newly: bool) -> str:
    head = (
        f"Alerts about @{handle} are muted for everyone"
        if newly
        else (f"Alerts about @{handle} were already muted")
    )
    return f"{head}. A manager turns them back on with `/alerts unmute account:{handle}`."


def unmuted(handle: str, was_muted: bool) -> str:
    if was_muted:
        return f"Alerts about @{handle} are on again."
    return f"Alerts about @{handle} were not muted; nothing changed."


#: The digest's menu of its accounts; the chosen option's value is the account's id.
ACCOUNT_MENU_ID = "acct:open"
MENU_LIMIT = 25  # Discord's options per select menu


def account_menu_placeholder(total: int) -> str:
    if total > MENU_LIMIT:
        return f"Open an account (the {MENU_LIMIT} with the lowest net of {total})"
    return "Open an account"


def account_menu_label(handle: str, net: int | None, days: int) -> str:
    """``@handle · 7-day net -40``; within the 100 characters of an option."""
    figure = fmt.signed(net) if net is not None else "unknown"
    return f"@{handle} · {days}-day net {figure}"[:100]
