"""What users and browsers are told about TikTok connections: one wording for each outcome."""

from __future__ import annotations

import html
from datetime import date, datetime

from bot import fmt
from bot.analytics.series import GapChange
from bot.analytics.vocabulary import SourceKind
from bot.i18n import _, ngettext
from bot.render.figures import GAP_LABEL, gap_figure
from bot.tiktok.outcomes import LossReason, Revocation

RECONNECT = "A manager can reconnect it with `/account connect account:{handle}`."


def not_configured(missing: list[str]) -> str:
    return (
        "TikTok connections are not set up for this bot: its operator must set "
        f'{", ".join(missing)} (see the README, "Connecting TikTok accounts").'
    )


def business_not_configured(missing: list[str]) -> str:
    return _(
        "Connections through TikTok's API for Business are not set up for this bot: its "
        'operator must set {names} (see the README, "Connecting TikTok accounts").'
    ).format(names=", ".join(missing))


def choose_api() -> str:
    """Both APIs are set up: the member must say which one to connect through."""
    return _(
        "This bot can connect accounts through TikTok's Display API or its API for Business: "
        "run `/account connect` again and choose `api:display` or `api:business`."
    )


def business_consent_prompt(handle: str, minutes: int) -> str:
    return _(
        "Open TikTok and sign in as **@{handle}** (a Business account) to let this server read "
        "its daily new and lost followers, views and videos through TikTok's API for Business. "
        "The link works once, for you only, for {minutes} minutes."
    ).format(handle=handle, minutes=minutes)


def backfilled(days: int, first: date, last: date) -> str:
    """What the first Business pull stored, added to the connected message."""
    return ngettext(
        "{n} day of daily figures ({window}, UTC dates) was stored: `/net` shows gained and "
        "lost now.",
        "{n} days of daily figures ({window}, UTC dates) were stored: `/net` shows gained and "
        "lost now.",
        days,
    ).format(n=fmt.count(days), window=fmt.window(first, last))


def backfill_later() -> str:
    return _(
        "TikTok gave no daily figures yet; they are stored with the next pull "
        "(TikTok's figures arrive a day or two late)."
    )


def business_pulled(
    handle: str,
    *,
    first: date | None,
    last: date | None,
    followers: int | None,
    new: int,
    revised: int,
    kept: int,
    disagreements: int,
    posts_new: int,
    posts_updated: int,
) -> str:
    """The answer to ``/account sync`` for an account connected through the API for Business."""
    if first is None or last is None:
        lines = [
            _("Pulled @{handle} from TikTok's API for Business: no daily figures yet.").format(
                handle=handle
            )
        ]
    else:
        lines = [
            _(
                "Pulled @{handle} from TikTok's API for Business: {window} (UTC dates), "
                "{followers} followers on {day}."
            ).format(
                handle=handle,
                window=fmt.window(first, last),
                followers=fmt.count(followers) if followers is not None else _("unknown"),
                day=fmt.day(last),
            ),
            _("Days: {new} new, {revised} revised by TikTok.").format(
                new=fmt.count(new), revised=fmt.count(revised)
            ),
        ]
    if kept:
        lines.append(
            ngettext(
                "An uploaded export gives {n} of these days and is kept for it.",
                "Uploaded exports give {n} of these days and are kept for them.",
                kept,
            ).format(n=fmt.count(kept))
        )
    if disagreements:
        lines.append(
            ngettext(
                "On {n} of them the export's total differs from TikTok's by more than 1%.",
                "On {n} of them the exports' totals differ from TikTok's by more than 1%.",
                disagreements,
            ).format(n=fmt.count(disagreements))
        )
    lines.append(
        _("Posts: {new} new, {updated} updated.").format(
            new=fmt.count(posts_new), updated=fmt.count(posts_updated)
        )
    )
    return "\n".join(lines)


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


def connection_status(
    connected: bool, last_pull: datetime | None, api: SourceKind = SourceKind.TIKTOK_DISPLAY
) -> str:
    """The piece of an `/account list` line about TikTok, saying which API it goes through."""
    if not connected:
        status = "TikTok disconnected"
    elif last_pull is None:
        status = "TikTok connected, not pulled yet"
    else:
        status = f"TikTok connected, pulled {fmt.day(last_pull.date())} {last_pull:%H:%M} UTC"
    through = {
        SourceKind.TIKTOK_DISPLAY: _("{status} (Display API)"),
        SourceKind.TIKTOK_BUSINESS: _("{status} (API for Business)"),
    }[api]
    return through.format(status=status)
