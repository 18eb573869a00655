"""/settings in words: every setting next to the command that changes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import fmt
from bot.i18n import _
from bot.render.embeds import named_list
from storage import GuildSettings

MUTED_LIMIT = 400  # characters of muted handles named, so the whole list stays one message


def settings_lines(
    settings: GuildSettings, upcoming: datetime | None, muted: Sequence[str], language: str
) -> list[str]:
    """``language``: the own name of the language scheduled posts are written in."""
    return [
        # Translators: {zone} is a time zone name, e.g. "Europe/Berlin".
        _("Time zone: {zone} · change with `/settings timezone`").format(zone=settings.timezone),
        _digest_line(settings),
        # Translators: {moment} is a date and time with its zone.
        _("Next digest: {moment}").format(moment=fmt.moment(upcoming, settings.timezone))
        if upcoming
        else _("Next digest: none"),
        _("Alert channel: <#{channel_id}> · change with `/alerts channel`").format(
            channel_id=settings.alert_channel_id
        )
        if settings.alert_channel_id
        else _("Alert channel: not set · change with `/alerts channel`"),
        _("Manager role: <@&{role_id}> · change with `/settings manager-role`").format(
            role_id=settings.manager_role_id
        )
        if settings.manager_role_id
        # Translators: "Manage Server" is the name of a Discord permission.
        else _("Manager role: none (Manage Server only) · change with `/settings manager-role`"),
        # Translators: /log and /upload are command names: keep them as they are.
        _(
            "Who may /log and /upload: <@&{role_id}> and managers · change with "
            "`/settings data-role`"
        ).format(role_id=settings.data_role_id)
        if settings.data_role_id
        # Translators: /log and /upload are command names: keep them as they are.
        else _("Who may /log and /upload: every member · change with `/settings data-role`"),
        # Translators: {accounts} is a list of handles.
        _("Accounts with alerts muted: {accounts} · turn back on with `/alerts unmute`").format(
            accounts=named_list([f"@{handle}" for handle in muted], MUTED_LIMIT)
        )
        if muted
        else _("Accounts with alerts muted: none · turn back on with `/alerts unmute`"),
        language_line(language, chosen=settings.language is not None),
    ]


def _digest_line(settings: GuildSettings) -> str:
    """When the digest is posted, and where."""
    schedule = fmt.weekly(settings.digest_weekday, settings.digest_time)
    if settings.digest_channel_id:
        # Translators: {schedule} is e.g. "Mondays at 09:00"; <#{channel_id}> shows the channel.
        return _(
            "Digest: {schedule}, to <#{channel_id}> · change with `/digest schedule` and "
            "`/digest channel`"
        ).format(schedule=schedule, channel_id=settings.digest_channel_id)
    # Translators: {schedule} is e.g. "Mondays at 09:00".
    return _(
        "Digest: {schedule}, no channel yet · change with `/digest schedule` and `/digest channel`"
    ).format(schedule=schedule)


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
    # Translators: {zone} is a time zone name; {moment} the current date and time there.
    return _(
        "Time zone set to {zone}; it is {moment} there. "
        "The digest's schedule and the dates of counts logged by hand follow it."
    ).format(zone=name, moment=fmt.moment(now, name))


def not_a_timezone(text: str) -> str:
    # Translators: {text} is what the member typed. `Berlin` and `America/New_York` are
    # examples of what may be typed: keep them as they are.
    return _(
        "`{text}` is not a time zone: pick one from the list, or type a city, "
        "e.g. `Berlin` or `America/New_York`. Nothing was changed."
    ).format(text=text.strip()[:40])


def several_timezones(text: str, names: Sequence[str]) -> str:
    listed = ", ".join(f"`{name}`" for name in names[:10])
    # Translators: {text} is what the member typed; {zones} lists the time zones it matches.
    return _("`{text}` is in several time zones ({zones}): pick one. Nothing changed.").format(
        text=text.strip()[:40], zones=listed
    )
