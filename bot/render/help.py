"""/help in words: what the bot does, the commands the caller can use, and what this server
still lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot import fmt
from bot.analytics.coverage import QUIET_DAYS, Coverage
from bot.i18n import N_, _, ngettext, pgettext
from bot.i18n.translator import DESCRIPTION, NAME
from bot.render.embeds import BRAND, DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, clip, named_list

ABOUT = N_(
    "I track the follower counts of this server's TikTok accounts, work out net followers "
    "(gained minus lost), post a weekly digest, and DM the members who ask when an account "
    "starts shrinking, with the likely reasons."
)
NAMES_LIMIT = 300


@dataclass(frozen=True)
class CommandEntry:
    """A top-level command, or a group and the subcommands the caller may use."""

    name: str
    description: str
    subcommands: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServerSetup:
    coverage: Coverage
    connected: int  # accounts linked to TikTok
    tiktok_available: bool
    digest_channel_id: int | None
    alert_channel_id: int | None


def _entry(entry: CommandEntry) -> str:
    """A command as the reader's Discord lists it: its name and description in their language."""
    name, description = pgettext(NAME, entry.name), pgettext(DESCRIPTION, entry.description)
    if entry.subcommands:
        subcommands = " · ".join(pgettext(NAME, sub) for sub in entry.subcommands)
        return f"`/{name}` {subcommands}: {description}"
    return f"`/{name}`: {description}"


def _names(handles: Sequence[str]) -> str:
    return named_list([f"@{handle}" for handle in handles], NAMES_LIMIT)


def _without_data(setup: ServerSetup, handles: Sequence[str]) -> str:
    """The accounts with no data at all, and how to add some here (connecting only where this
    bot can connect to TikTok)."""
    n = len(handles)
    values = {"n": fmt.count(n), "accounts": _names(handles)}
    if setup.tiktok_available:
        # Translators: {accounts} lists the {n} accounts' handles.
        return ngettext(
            "⚠ {n} account has no data yet ({accounts}): `/upload` an export or `/log` a "
            "count, or `/account connect`.",
            "⚠ {n} accounts have no data yet ({accounts}): `/upload` an export or `/log` a "
            "count, or `/account connect`.",
            n,
        ).format(**values)
    # Translators: {accounts} lists the {n} accounts' handles.
    return ngettext(
        "⚠ {n} account has no data yet ({accounts}): `/upload` an export or `/log` a count.",
        "⚠ {n} accounts have no data yet ({accounts}): `/upload` an export or `/log` a count.",
        n,
    ).format(**values)


def _quiet(setup: ServerSetup, handles: Sequence[str]) -> str:
    """The accounts whose data stopped, and how to refresh it here."""
    n = len(handles)
    values = {"n": fmt.count(n), "period": fmt.days(QUIET_DAYS), "accounts": _names(handles)}
    if setup.tiktok_available:
        # Translators: {accounts} lists the {n} accounts' handles; {period} is e.g. "14 days".
        return ngettext(
            "⚠ {n} account has no data for {period} or more ({accounts}): `/upload` a fresh "
            "export or `/log` a count, or `/account connect`.",
            "⚠ {n} accounts have no data for {period} or more ({accounts}): `/upload` a fresh "
            "export or `/log` a count, or `/account connect`.",
            n,
        ).format(**values)
    # Translators: {accounts} lists the {n} accounts' handles; {period} is e.g. "14 days".
    return ngettext(
        "⚠ {n} account has no data for {period} or more ({accounts}): `/upload` a fresh "
        "export or `/log` a count.",
        "⚠ {n} accounts have no data for {period} or more ({accounts}): `/upload` a fresh "
        "export or `/log` a count.",
        n,
    ).format(**values)


def _tracked(setup: ServerSetup) -> str:
    tracked = setup.coverage.tracked
    if setup.tiktok_available:
        # Translators: {connected} of the {n} tracked accounts are linked to TikTok.
        return ngettext(
            "{n} account tracked, {connected} connected to TikTok",
            "{n} accounts tracked, {connected} connected to TikTok",
            tracked,
        ).format(n=fmt.count(tracked), connected=fmt.count(setup.connected))
    return ngettext("{n} account tracked", "{n} accounts tracked", tracked).format(
        n=fmt.count(tracked)
    )


def setup_lines(setup: ServerSetup) -> list[str]:
    """What is connected and what is missing here, each missing piece with its fix."""
    cover = setup.coverage
    if not cover.tracked:
        return [_("No accounts tracked yet: a manager adds one with `/account add`.")]
    lines = [_tracked(setup)]
    if cover.without_data:
        lines.append(_without_data(setup, cover.without_data))
    if cover.quiet:
        lines.append(_quiet(setup, cover.quiet))
    if not cover.without_data and not cover.quiet:
        lines.append(
            ngettext(
                "Every account has data from the last {n} day.",
                "Every account has data from the last {n} days.",
                QUIET_DAYS,
            ).format(n=fmt.count(QUIET_DAYS))
        )
    lines.append(
        _("Weekly digest goes to <#{channel_id}>.").format(channel_id=setup.digest_channel_id)
        if setup.digest_channel_id
        else _("⚠ No digest channel: a manager picks one with `/digest channel`.")
    )
    lines.append(
        _("Alerts are also posted in <#{channel_id}>.").format(channel_id=setup.alert_channel_id)
        if setup.alert_channel_id
        else _("No alert channel: alerts go only to members' DMs (`/alerts channel` adds one).")
    )
    return lines


def help_embed(
    everyone: Sequence[CommandEntry], managers: Sequence[CommandEntry], setup: ServerSetup
) -> discord.Embed:
    """``managers``: the commands only managers may use, empty for anyone else."""
    parts = [_(ABOUT), "", _("**Commands you can use here**"), *map(_entry, everyone)]
    if managers:
        parts += ["", _("**For managers**"), *map(_entry, managers)]
    embed = discord.Embed(
        title=_("What this bot does here"),
        description=clip("\n".join(parts), DESCRIPTION_LIMIT),
        colour=BRAND,
    )
    embed.add_field(
        # Translators: an embed field name (at most 256 characters).
        name=_("This server"),
        value=clip("\n".join(setup_lines(setup)), FIELD_VALUE_LIMIT),
    )
    return embed
