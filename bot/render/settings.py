"""/settings in words: every setting next to the command that changes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import fmt
from bot.i18n import _
from bot.render.embeds import named_list
from storage import GuildSettings

MUTED_LIMIT = 400  # characters of muted handles named, so the whole list stays one message


def _channel(channel_id: int | None) -> str:
    return f"<#{channel_id}>" if channel_id else "not set"


def settings_lines(
    settings: GuildSettings, upcoming: datetime | None, muted: Sequence[str], language: str
) -> list[str]:
    """``language``: the own name of the language scheduled posts are written in."""
    role = (
        f"<@&{settings.manager_role_id}>"
        if settings.manager_role_id
        else "none (Manage Server only)"
    )
    digest_to = (
        f"to <#{settings.digest_channel_id}>" if settings.digest_channel_id else "no channel yet"
    )
    data_role = (
        f"<@&{settings.data_role_id}> and managers" if settings.data_role_id else "every member"
    )
    muted_text = named_list([f"@{handle}" for handle in muted], MUTED_LIMIT) if muted else "none"
    return [
        f"Time zone: {settings.timezone} · change with `/settings timezone`",
        f"Digest: {fmt.weekly(settings.digest_weekday, settings.digest_time)}, "
        f"{digest_to} · change with `/digest schedule` and `/digest channel`",
        f"Next digest: {fmt.moment(upcoming, settings.timezone) if upcoming else 'none'}",
        f"Alert channel: {_channel(settings.alert_channel_id)} · change with `/alerts channel`",
        f"Manager role: {role} · change with `/settings manager-role`",
        f"Who may /log and /upload: {data_role} · change with `/settings data-role`",
        f"Accounts with alerts muted: {muted_text} · turn back on with `/alerts unmute`",
        language_line(language, chosen=settings.language is not None),
    ]


def language_line(language: str, *, chosen: bool) -> str:
    if chosen:
        return _(
            "Language of digests and alerts: {language} · change with `/settings language`"
        ).format(language=language)
    return _(
        "Language of digests and alerts: {language}, the server's language in Discord · "
        "change with `/settings language`"
    ).format(language=language)


def language_set(language: str) -> str:
    return _(
        "Digests, alerts and other posts of this server are now written in {language}. "
        "Answers to commands stay in each member's own Discord language."
    ).format(language=language)


def not_a_language(text: str, languages: Sequence[str]) -> str:
    return _(
        "`{text}` is not a language the bot writes in: pick one from the list ({languages}). "
        "Nothing was changed."
    ).format(text=text.strip()[:40], languages=", ".join(languages))


def timezone_set(name: str, now: datetime) -> str:
    """``now``: the current time in the new zone."""
    return (
        f"Time zone set to {name}; it is {fmt.moment(now, name)} there. "
        "The digest's schedule and the dates of counts logged by hand follow it."
    )


def not_a_timezone(text: str) -> str:
    return (
        f"`{text.strip()[:40]}` is not a time zone: pick one from the list, or type a city, "
        "e.g. `Berlin` or `America/New_York`. Nothing was changed."
    )


def several_timezones(text: str, names: Sequence[str]) -> str:
    listed = ", ".join(f"`{name}`" for name in names[:10])
    return f"`{text.strip()[:40]}` is in several time zones ({listed}): pick one. Nothing changed."
