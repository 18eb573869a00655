"""What users and browsers are told about TikTok connections: one wording for each outcome."""

from __future__ import annotations

import html
from datetime import datetime

from bot import fmt
from bot.analytics.series import GapChange
from bot.render.figures import GAP_LABEL, gap_figure
from bot.tiktok.outcomes import LossReason, Revocation

RECONNECT = "A manager can reconnect it with `/account connect account:{handle}`."


def not_configured(missing: list[str]) -> str:
    return (
        "TikTok connections are not set up for this bot: its operator must set "
        f'{", ".join(missing)} (see the README, "Connecting TikTok accounts").'
    )


def consent_prompt(handle: str, minutes: int) -> str:
    return (
        f"Open TikTok and sign in as **@{handle}** to let this server read its follower count "
        f"and videos. The link works once, for you only, for {minutes} minutes."
    )


def connected(handle: str) -> str:
    return f"@{handle} is now connected to TikTok: it will be pulled by itself from now on."


def wrong_account(handle: str, username: str, *, revoked: bool) -> str:
    access = (
        "the access TikTok granted was revoked"
        if revoked
        else f"the access stays, since another server uses @{username} with this bot"
    )
    return (
        f"You signed in to TikTok as @{username}, but this server tracks @{handle}: nothing was "
        f"connected and {access}. Run `/account connect` again and sign in as @{handle}."
    )


def declined(handle: str) -> str:
    return f"TikTok consent for @{handle} was declined or cancelled; nothing was connected."


def connect_failed(handle: str) -> str:
    return (
        f"TikTok did not accept the sign-in for @{handle} (the link may be too old); "
        "nothing was connected. Run `/account connect` again."
    )


def browser_page(title: str, text: str) -> str:
    """The short page the browser shows after TikTok sends it back."""
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        "<p>You can close this tab and go back to Discord.</p></body></html>"
    )


STALE_LINK = (
    "This sign-in link is unknown, already used or older than 10 minutes. "
    "Run /account connect again in Discord for a new one."
)


def unavailable(handle: str) -> str:
    return f"TikTok is not answering for @{handle} right now; nothing changed. Try again later."


def disconnected(handle: str, access: str) -> str:
    return f"@{handle} is no longer connected to TikTok; its stored data is kept. {access}"


def access_after_disconnect(handle: str, revocation: Revocation) -> str:
    """What became of the bot's access at TikTok."""
    return {
        Revocation.REVOKED: "The bot's access to the TikTok account was revoked at TikTok.",
        Revocation.SHARED: (
            f"The bot's access at TikTok stays: another server still uses @{handle} with this bot."
        ),
        Revocation.FAILED: (
            "The bot could not revoke its access at TikTok; the account's owner can remove "
            "the app in TikTok's settings."
        ),
    }[revocation]


def not_connected(handle: str) -> str:
    return (
        f"@{handle} is not connected to TikTok. A manager can connect it with `/account connect`."
    )


def revoked_notice(handle: str) -> str:
    return (
        f"TikTok no longer accepts the connection of @{handle} (access was revoked or expired), "
        f"so it is not pulled any more. {RECONNECT.format(handle=handle)}"
    )


def lost_notice(handle: str, reason: LossReason) -> str:
    """Why a connection stopped: TikTok refused it, or refused a token sent again after its
    answer to a renewal was lost on the way."""
    if reason is not LossReason.ANSWER_LOST:
        return revoked_notice(handle)
    return (
        f"TikTok's answer to a renewal of the connection of @{handle} was lost on the way, and "
        f"TikTok refused the renewal when it was tried again, so @{handle} is not pulled any "
        f"more. {RECONNECT.format(handle=handle)}"
    )


def expiry_notice(handle: str, expires: datetime) -> str:
    return (
        f"The TikTok connection of @{handle} expires on {fmt.day(expires.date())} "
        f"({expires:%H:%M} UTC). {RECONNECT.format(handle=handle)}"
    )


def pulled(
    handle: str,
    *,
    followers: int,
    day: str,
    posts_new: int,
    posts_updated: int,
    views_estimated: int | None,
    export_followers: int | None,
    gap: GapChange | None = None,
) -> str:
    """The answer to ``/account sync``: what the pull stored, and the change since the last
    total when days without one came before it."""
    lines = [
        f"Pulled @{handle} from TikTok: {fmt.count(followers)} followers on {day}.",
        f"Posts: {fmt.count(posts_new)} new, {fmt.count(posts_updated)} updated.",
    ]
    if views_estimated is not None:
        lines.append(f"Views since the day before: about {fmt.count(views_estimated)} (estimated).")
    if export_followers is not None:
        lines.append(disagreement(export_followers, followers))
    if gap is not None:
        lines.append(f"{GAP_LABEL}: {gap_figure(gap)}.")
    return "\n".join(lines)


def disagreement(export_followers: int, observed: int) -> str:
    """An uploaded export is TikTok's closing figure for its day and is kept over a pull."""
    note = f"The uploaded export gives {fmt.count(export_followers)} for that day and is kept"
    if export_followers and abs(observed - export_followers) > export_followers / 100:
        return f"{note}; it differs from the pulled count by more than 1%."
    return f"{note}."


def connection_status(connected: bool, last_pull: datetime | None) -> str:
    """The piece of an `/account list` line about TikTok."""
    if not connected:
        return "TikTok disconnected"
    if last_pull is None:
        return "TikTok connected, not pulled yet"
    return f"TikTok connected, pulled {fmt.day(last_pull.date())} {last_pull:%H:%M} UTC"
