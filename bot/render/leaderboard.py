"""/leaderboard in words: one line per account, best first, the shrinking ones marked."""

from __future__ import annotations

import discord

from bot import fmt
from bot.analytics.leaderboard import RECENT_DAYS, Leaderboard, RankBy, Standing
from bot.render.embeds import BRAND, DESCRIPTION_LIMIT, clip, named_list
from bot.render.figures import net_figure

LINES_PER_PAGE = 15
SHRINKING_MARK = "🔻"
NAMES_LIMIT = 400  # characters of handles named in the summary


def standing_line(rank: int | None, standing: Standing) -> str:
    """``3. **@handle** · net -40 · -1.2% · total 3,210 · vs previous -25``."""
    place = f"{rank}." if rank is not None else "–"
    if standing.report is None:
        if standing.last_day is None:
            return f"{place} **@{standing.handle}** · no data yet"
        return (
            f"{place} **@{standing.handle}** · no data in the last {RECENT_DAYS} days "
            f"(last {fmt.day(standing.last_day)})"
        )
    window = standing.report.current
    change = standing.report.change_vs_previous
    parts = [
        f"{place} **@{standing.handle}**",
        f"net {net_figure(window)}",
        _growth(standing.growth),
        f"total {fmt.count(window.total)}" if window.total is not None else "total unknown",
        f"vs previous {fmt.signed(change)}" if change is not None else "no previous to compare",
    ]
    if standing.stale_days:
        parts.append(f"⚠ stale: latest data {fmt.days(standing.stale_days)} old")
    line = " · ".join(parts)
    return f"{SHRINKING_MARK} {line}" if standing.shrinking else line


def _growth(value: float | None) -> str:
    return "growth n/a" if value is None else fmt.growth(value)


def _ranked(board: Leaderboard, standing: Standing) -> bool:
    value = standing.net if board.by is RankBy.NET else standing.growth
    return value is not None


def summary_line(board: Leaderboard) -> str:
    """How many accounts shrink, and which, named whole."""
    shrinking = board.shrinking
    total = len(board.standings)
    if not shrinking:
        return f"No account is shrinking: {total} of {total} held or grew (or lack data)."
    biggest_first = sorted(shrinking, key=lambda s: (s.net or 0, s.handle))
    listed = named_list([f"@{s.handle}" for s in biggest_first], NAMES_LIMIT)
    return f"{SHRINKING_MARK} **{len(shrinking)} of {total} accounts shrinking:** {listed}"


def leaderboard_pages(board: Leaderboard) -> list[list[discord.Embed]]:
    """One embed per page of at most LINES_PER_PAGE accounts."""
    lines = []
    rank = 0
    for standing in board.standings:
        ranked = _ranked(board, standing)
        rank += ranked
        lines.append(standing_line(rank if ranked else None, standing))
    sort = "net followers" if board.by is RankBy.NET else "growth"
    title = clip(
        f"Leaderboard · {fmt.days(board.days)} by {sort} ({len(board.standings)} accounts)", 256
    )
    footer = (
        "Each account's window ends on its latest day. "
        "Growth: the net as a percentage of the followers at the start."
    )
    if not lines:
        embed = discord.Embed(
            title=title,
            description="No accounts are tracked here yet: a manager adds one with `/account add`.",
            colour=BRAND,
        )
        return [[embed]]
    pages = []
    for first in range(0, len(lines), LINES_PER_PAGE):
        chunk = lines[first : first + LINES_PER_PAGE]
        text = "\n".join([summary_line(board), "", *chunk] if first == 0 else chunk)
        embed = discord.Embed(title=title, description=clip(text, DESCRIPTION_LIMIT), colour=BRAND)
        embed.set_footer(text=footer)
        pages.append([embed])
    return pages
