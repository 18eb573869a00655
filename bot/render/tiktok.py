"""What users and browsers are told about TikTok connections: one wording for each outcome."""

from __future__ import annotations

import html
from datetime import date, datetime

from bot import fmt
from bot.analytics.series import GapChange
from bot.analytics.vocabulary import SourceKind
from bot.i18n import N_, _, ngettext
from bot.render.figures import gap_figure
from bot.tiktok.outcomes import LossReason, Revocation

RECONNECT = N_("A manager can reconnect it with `/account connect account:{handle}`.")


def _reconnect(handle: str) -> str:
    return _(RECONNECT).format(handle=handle)


def not_configured(missing: list[str]) -> str:
    # Translators: {settings} lists the names of settings, which stay as they are; "Connecting
    # TikTok accounts" is a section of the README, which is in English.
    return _(
        "TikTok connections are not set up for this bot: its operator must set {settings} (see "
        'the README, "Connecting TikTok accounts").'
    ).format(settings=", ".join(missing))


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
    return ngettext(
        "Open TikTok and sign in as **@{handle}** to let this server read its follower count "
        "and videos. The link works once, for you only, for {minutes} minutes.",
        "Open TikTok and sign in as **@{handle}** to let this server read its follower count "
        "and videos. The link works once, for you only, for {minutes} minutes.",
        minutes,
    ).format(handle=handle, minutes=minutes)


def connected(handle: str) -> str:
    return _(
        "@{handle} is now connected to TikTok: it will be pulled by itself from now on."
    ).format(handle=handle)


def wrong_account(handle: str, username: str, *, revoked: bool) -> str:
    if revoked:
        # Translators: {username} is the TikTok account signed in to, {handle} the one tracked.
        text = _(
            "You signed in to TikTok as @{username}, but this server tracks @{handle}: nothing "
            "was connected and the access TikTok granted was revoked. Run `/account connect` "
            "again and sign in as @{handle}."
        )
    else:
        # Translators: {username} is the TikTok account signed in to, {handle} the one tracked.
        text = _(
            "You signed in to TikTok as @{username}, but this server tracks @{handle}: nothing "
            "was connected and the access stays, since another server uses @{username} with "
            "this bot. Run `/account connect` again and sign in as @{handle}."
        )
    return text.format(username=username, handle=handle)


def declined(handle: str) -> str:
    return _(
        "TikTok consent for @{handle} was declined or cancelled; nothing was connected."
    ).format(handle=handle)


def connect_failed(handle: str) -> str:
    return _(
        "TikTok did not accept the sign-in for @{handle} (the link may be too old); nothing was "
        "connected. Run `/account connect` again."
    ).format(handle=handle)


def browser_page(title: str, text: str) -> str:
    """The short page the browser shows after TikTok sends it back."""
    close = _("You can close this tab and go back to Discord.")
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        f"<p>{html.escape(close)}</p></body></html>"
    )


STALE_LINK = N_(
    "This sign-in link is unknown, already used or older than 10 minutes. "
    "Run /account connect again in Discord for a new one."
)


def unavailable(handle: str) -> str:
    return _(
        "TikTok is not answering for @{handle} right now; nothing changed. Try again later."
    ).format(handle=handle)


def disconnected(handle: str, access: str) -> str:
    # Translators: {access} is a sentence saying what became of the bot's access at TikTok.
    return _(
        "@{handle} is no longer connected to TikTok; its stored data is kept. {access}"
    ).format(handle=handle, access=access)


def access_after_disconnect(handle: str, revocation: Revocation) -> str:
    """What became of the bot's access at TikTok."""
    match revocation:
        case Revocation.REVOKED:
            return _("The bot's access to the TikTok account was revoked at TikTok.")
        case Revocation.SHARED:
            return _(
                "The bot's access at TikTok stays: another server still uses @{handle} with this "
                "bot."
            ).format(handle=handle)
        case Revocation.FAILED:
            return _(
                "The bot could not revoke its access at TikTok; the account's owner can remove "
                "the app in TikTok's settings."
            )


def not_connected(handle: str) -> str:
    return _(
        "@{handle} is not connected to TikTok. A manager can connect it with `/account connect`."
    ).format(handle=handle)


def revoked_notice(handle: str) -> str:
    notice = _(
        "TikTok no longer accepts the connection of @{handle} (access was revoked or expired), "
        "so it is not pulled any more."
    ).format(handle=handle)
    return f"{notice} {_reconnect(handle)}"


def lost_notice(handle: str, reason: LossReason) -> str:
    """Why a connection stopped: TikTok refused it, or refused a token sent again after its
    answer to a renewal was lost on the way."""
    if reason is not LossReason.ANSWER_LOST:
        return revoked_notice(handle)
    notice = _(
        "TikTok's answer to a renewal of the connection of @{handle} was lost on the way, and "
        "TikTok refused the renewal when it was tried again, so @{handle} is not pulled any more."
    ).format(handle=handle)
    return f"{notice} {_reconnect(handle)}"


def expiry_notice(handle: str, expires: datetime) -> str:
    # Translators: {day} is a date, {time} a time of day such as 14:30.
    notice = _("The TikTok connection of @{handle} expires on {day} ({time} UTC).").format(
        handle=handle, day=fmt.day(expires.date()), time=f"{expires:%H:%M}"
    )
    return f"{notice} {_reconnect(handle)}"


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
        ngettext(
            "Pulled @{handle} from TikTok: {followers} followers on {day}.",
            "Pulled @{handle} from TikTok: {followers} followers on {day}.",
            followers,
        ).format(handle=handle, followers=fmt.count(followers), day=day),
        # Translators: counts of videos the pull added and changed.
        _("Posts: {new} new, {updated} updated.").format(
            new=fmt.count(posts_new), updated=fmt.count(posts_updated)
        ),
    ]
    if views_estimated is not None:
        lines.append(
            ngettext(
                "Views since the day before: about {views} (estimated).",
                "Views since the day before: about {views} (estimated).",
                views_estimated,
            ).format(views=fmt.count(views_estimated))
        )
    if export_followers is not None:
        lines.append(disagreement(export_followers, followers))
    if gap is not None:
        # Translators: {change} reads like "-279 since 19 Nov 2026, over 18 days".
        lines.append(_("Change since the last total: {change}.").format(change=gap_figure(gap)))
    return "\n".join(lines)


def disagreement(export_followers: int, observed: int) -> str:
    """An uploaded export is TikTok's closing figure for its day and is kept over a pull."""
    followers = fmt.count(export_followers)
    if export_followers and abs(observed - export_followers) > export_followers / 100:
        # Translators: {followers} is the follower total an uploaded export gives.
        return _(
            "The uploaded export gives {followers} for that day and is kept; it differs from "
            "the pulled count by more than 1%."
        ).format(followers=followers)
    # Translators: {followers} is the follower total an uploaded export gives.
    return _("The uploaded export gives {followers} for that day and is kept.").format(
        followers=followers
    )


def connection_status(
    connected: bool, last_pull: datetime | None, api: SourceKind = SourceKind.TIKTOK_DISPLAY
) -> str:
    """The piece of an `/account list` line about TikTok, saying which API it goes through."""
    if not connected:
        status = _("TikTok disconnected")
    elif last_pull is None:
        status = _("TikTok connected, not pulled yet")
    else:
        # Translators: {day} is a date, {time} a time of day such as 14:30.
        status = _("TikTok connected, pulled {day} {time} UTC").format(
            day=fmt.day(last_pull.date()), time=f"{last_pull:%H:%M}"
        )
    through = {
        # Translators: {status} says whether the account is connected to TikTok and when it
        # was last pulled.
        SourceKind.TIKTOK_DISPLAY: _("{status} (Display API)"),
        # Translators: {status} says whether the account is connected to TikTok and when it
        # was last pulled.
        SourceKind.TIKTOK_BUSINESS: _("{status} (API for Business)"),
    }[api]
    return through.format(status=status)
