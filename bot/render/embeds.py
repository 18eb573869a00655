"""Embeds within Discord's limits, built from the shared figure wording."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import discord

from bot import fmt
from bot.analytics.series import NetReport
from bot.i18n import _, ngettext
from bot.render.figures import net_lines, staleness_figure

BRAND = discord.Colour(0x25F4EE)
GROWING = discord.Colour.green()
SHRINKING = discord.Colour.red()

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_VALUE_LIMIT = 1024
EMBED_TOTAL_LIMIT = 6000
# Description size for lists that page: two such embeds and a title fill one message's 6,000
# characters, where two of 4,096 would not fit and leave every page a third empty.
PAGE_EMBED_LIMIT = 2900


def sign_colour(net: int | None) -> discord.Colour:
    """Green for growth (or no change), red for a loss, the brand colour when unknown."""
    if net is None:
        return BRAND
    return GROWING if net >= 0 else SHRINKING


def clip(text: str, limit: int) -> str:
    """Shorten text to a Discord limit, saying so with an ellipsis; the cut falls between words
    unless one word fills most of the limit."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def named_list(names: Sequence[str], limit: int) -> str:
    """``a, b and 3 more``: as many whole names as fit in about ``limit`` characters, then how
    many were left out (the first name always, however long)."""
    kept: list[str] = []
    size = 0
    for name in names:
        if kept and size + len(name) + 2 > limit:
            break
        kept.append(name)
        size += len(name) + 2
    return and_more(kept, len(names) - len(kept))


def and_more(named: Sequence[str], more: int) -> str:
    """``@a, @b and 3 more``: the names given, then how many were left out (if any)."""
    listed = ", ".join(named)
    if more <= 0:
        return listed
    # Translators: {accounts} is a list of handles such as "@a, @b"; {n} more were left out.
    return ngettext("{accounts} and {n} more", "{accounts} and {n} more", more).format(
        accounts=listed, n=fmt.count(more)
    )


def _not_shown(bullet: str, left: int) -> str:
    """The last line of a shortened list: how many items it leaves out."""
    return bullet + ngettext("… and {n} more not shown", "… and {n} more not shown", left).format(
        n=fmt.count(left)
    )


def fit_lines(
    lines: Iterable[str], limit: int, *, most: int | None = None, bullet: str = "• "
) -> str:
    """As many whole lines as fit in ``limit`` characters (and at most ``most``), then how many
    were left out: a long list is shortened by whole items, never mid-word."""
    items = [f"{bullet}{line}" for line in lines]
    text = "\n".join(items)
    if len(text) <= limit and (most is None or len(items) <= most):
        return text
    kept: list[str] = []
    size = 0
    for item in items:
        left = len(items) - len(kept) - 1
        tail = _not_shown(bullet, left) if left else ""
        if size + len(item) + 1 + len(tail) > limit or len(kept) == most:
            break
        kept.append(item)
        size += len(item) + 1
    left = len(items) - len(kept)
    tail = _not_shown(bullet, left)
    if not kept:  # one item longer than the whole field: its words up to the limit
        kept.append(clip(items[0], limit - len(tail) - 1))
        tail = _not_shown(bullet, left - 1) if left > 1 else ""
    return "\n".join([*kept, tail] if tail else kept)


def net_embed(handle: str, report: NetReport, *, today: date) -> discord.Embed:
    window = report.current
    stale = staleness_figure(window.end, today)
    embed = discord.Embed(
        title=clip(_("@{handle} · net followers").format(handle=handle), TITLE_LIMIT),
        colour=sign_colour(window.net),
        description=stale,
    )
    for label, value in net_lines(report):
        embed.add_field(name=label, value=clip(value, FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(text=_("Net = followers at the end minus followers before the window."))
    return embed


def line_embeds(
    title: str,
    lines: Iterable[str],
    *,
    colour: discord.Colour = BRAND,
    limit: int = DESCRIPTION_LIMIT,
) -> list[discord.Embed]:
    """Lines packed into as few embeds as ``limit`` characters of description allow."""
    embeds: list[discord.Embed] = []
    chunk: list[str] = []
    size = 0
    for raw in lines:
        line = clip(raw, limit)
        if chunk and size + len(line) + 1 > limit:
            embeds.append(discord.Embed(description="\n".join(chunk), colour=colour))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        embeds.append(discord.Embed(description="\n".join(chunk), colour=colour))
    if embeds:
        embeds[0].title = clip(title, TITLE_LIMIT)
    return embeds


def pack_messages(embeds: list[discord.Embed], *, reserve: int = 0) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6,000 characters, keeping
    ``reserve`` characters free in each for a footer added afterwards."""
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        length = len(embed)  # what Discord counts towards the 6,000 limit
        if current and (len(current) == 10 or size + length > EMBED_TOTAL_LIMIT - reserve):
            messages.append(current)
            current, size = [], 0
        current.append(embed)
        size += length
    if current:
        messages.append(current)
    return messages
