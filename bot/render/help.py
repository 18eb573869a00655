"""/help in words: what the bot does, the commands the caller can use, and what this server
still lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.analytics.coverage import QUIET_DAYS, Coverage
from bot.render.embeds import BRAND, DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, clip, named_list

ABOUT = (
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
    if entry.subcommands:
        return f"`/{entry.name}` {' · '.join(entry.subcommands)}: {entry.description}"
    return f"`/{entry.name}`: {entry.description}"


def _names(handles: Sequence[str]) -> str:
    return named_list([f"@{handle}" for handle in handles], NAMES_LIMIT)


def _refresh(setup: ServerSetup, export: str) -> str:
    """How to add data here: connecting is offered only where this bot can connect to TikTok."""
    ways = f"`/upload` {export} export or `/log` a count"
    return f"{ways}, or `/account connect`" if setup.tiktok_available else ways


def _accounts(count: int) -> str:
    return f"{count} account" if count == 1 else f"{count} accounts"


def setup_lines(setup: ServerSetup) -> list[str]:
    """What is connected and what is missing here, each missing piece with its fix."""
    cover = setup.coverage
    if not cover.tracked:
        return ["No accounts tracked yet: a manager adds one with `/account add`."]
    lines = [f"{_accounts(cover.tracked)} tracked"]
    if setup.tiktok_available:
        lines[0] += f", {setup.connected} connected to TikTok"
    verb = "has" if len(cover.without_data) == 1 else "have"
    if cover.without_data:
        lines.append(
            f"⚠ {_accounts(len(cover.without_data))} {verb} no data yet "
            f"({_names(cover.without_data)}): {_refresh(setup, 'an')}."
        )
    verb = "has" if len(cover.quiet) == 1 else "have"
    if cover.quiet:
        lines.append(
            f"⚠ {_accounts(len(cover.quiet))} {verb} no data for {QUIET_DAYS} days or more "
            f"({_names(cover.quiet)}): {_refresh(setup, 'a fresh')}."
        )
    if not cover.without_data and not cover.quiet:
        lines.append(f"Every account has data from the last {QUIET_DAYS} days.")
    lines.append(
        f"Weekly digest goes to <#{setup.digest_channel_id}>."
        if setup.digest_channel_id
        else "⚠ No digest channel: a manager picks one with `/digest channel`."
    )
    lines.append(
        f"Alerts are also posted in <#{setup.alert_channel_id}>."
        if setup.alert_channel_id
        else "No alert channel: alerts go only to members' DMs (`/alerts channel` adds one)."
    )
    return lines


def help_embed(
    everyone: Sequence[CommandEntry], managers: Sequence[CommandEntry], setup: ServerSetup
) -> discord.Embed:
    """``managers``: the commands only managers may use, empty for anyone else."""
    parts = [ABOUT, "", "**Commands you can use here**", *map(_entry, everyone)]
    if managers:
        parts += ["", "**For managers**", *map(_entry, managers)]
    embed = discord.Embed(
        title="What this bot does here",
        description=clip("\n".join(parts), DESCRIPTION_LIMIT),
        colour=BRAND,
    )
    embed.add_field(
        name="This server", value=clip("\n".join(setup_lines(setup)), FIELD_VALUE_LIMIT)
    )
    return embed
