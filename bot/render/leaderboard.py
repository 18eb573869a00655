"""/leaderboard in words: one line per account, best first, the shrinking ones marked."""

from __future__ import annotations

import discord

from bot import fmt
from bot.analytics.leaderboard import RECENT_DAYS, Leaderboard, RankBy, Standing
from bot.i18n import _, ngettext
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
            # Translators: {place} is the account's rank, e.g. "3.", or "–" when unranked.
            return _("{place} **@{handle}** · no data yet").format(
                place=place, handle=standing.handle
            )
        # Translators: {place} is the account's rank, e.g. "3.", or "–" when unranked; {day}
        # is the date of its latest data.
        return ngettext(
            "{place} **@{handle}** · no data in the last {n} day (last {day})",
            "{place} **@{handle}** · no data in the last {n} days (last {day})",
            RECENT_DAYS,
        ).format(
            place=place,
            handle=standing.handle,
            n=fmt.count(RECENT_DAYS),
            day=fmt.day(standing.last_day),
        )
    window = standing.report.current
    change = standing.report.change_vs_previous
    parts = [
        f"{place} **@{standing.handle}**",
        # Translators: "net" is net followers (gained minus lost); {net} is e.g. "-40".
        _("net {net}").format(net=net_figure(window)),
        _growth(standing.growth),
        # Translators: {total} is the account's number of followers.
        _("total {total}").format(total=fmt.count(window.total))
        if window.total is not None
        else _("total unknown"),
        # Translators: {change} is how much higher or lower the net followers are than in the
        # previous window, e.g. "-25".
        _("vs previous {change}").format(change=fmt.signed(change))
        if change is not None
        else _("no previous to compare"),
    ]
    if standing.stale_days:
        parts.append(
            ngettext(
                "⚠ stale: latest data {n} day old",
                "⚠ stale: latest data {n} days old",
                standing.stale_days,
            ).format(n=fmt.count(standing.stale_days))
        )
    line = " · ".join(parts)
    return f"{SHRINKING_MARK} {line}" if standing.shrinking else line


def _growth(value: float | None) -> str:
    # Translators: the growth (net followers as a share of followers) is not known.
    return _("growth n/a") if value is None else fmt.growth(value)


def _ranked(board: Leaderboard, standing: Standing) -> bool:
    value = standing.net if board.by is RankBy.NET else standing.growth
    return value is not None


def summary_line(board: Leaderboard) -> str:
    """How many accounts shrink, and which, named whole."""
    shrinking = board.shrinking
    total = len(board.standings)
    if not shrinking:
        return ngettext(
            "No account is shrinking: {n} of {n} held or grew (or lack data).",
            "No account is shrinking: {n} of {n} held or grew (or lack data).",
            total,
        ).format(n=fmt.count(total))
    biggest_first = sorted(shrinking, key=lambda s: (s.net or 0, s.handle))
    listed = named_list([f"@{s.handle}" for s in biggest_first], NAMES_LIMIT)
    # Translators: {mark} is a red triangle; {shrinking} of the {total} accounts lose
    # followers; {accounts} lists their handles.
    return ngettext(
        "{mark} **{shrinking} of {total} accounts shrinking:** {accounts}",
        "{mark} **{shrinking} of {total} accounts shrinking:** {accounts}",
        total,
    ).format(
        mark=SHRINKING_MARK,
        shrinking=fmt.count(len(shrinking)),
        total=fmt.count(total),
        accounts=listed,
    )


def _title(board: Leaderboard) -> str:
    """What the board ranks, over how many days, and how many accounts it lists."""
    values = {"days": fmt.days(board.days), "n": fmt.count(len(board.standings))}
    if board.by is RankBy.NET:
        # Translators: {days} is the window, e.g. "7 days"; {n} accounts are listed.
        return ngettext(
            "Leaderboard · {days} by net followers ({n} accounts)",
            "Leaderboard · {days} by net followers ({n} accounts)",
            len(board.standings),
        ).format(**values)
    # Translators: {days} is the window, e.g. "7 days"; {n} accounts are listed; growth is the
    # net followers as a percentage of the followers at the start.
    return ngettext(
        "Leaderboard · {days} by growth ({n} accounts)",
        "Leaderboard · {days} by growth ({n} accounts)",
        len(board.standings),
    ).format(**values)


def leaderboard_pages(board: Leaderboard) -> list[list[discord.Embed]]:
    """One embed per page of at most LINES_PER_PAGE accounts."""
    lines = []
    rank = 0
    for standing in board.standings:
        ranked = _ranked(board, standing)
        rank += ranked
        lines.append(standing_line(rank if ranked else None, standing))
    title = clip(_title(board), 256)
    footer = _(
        "Each account's window ends on its latest day. "
        "Growth: the net as a percentage of the followers at the start."
    )
    if not lines:
        embed = discord.Embed(
            title=title,
            description=_(
                "No accounts are tracked here yet: a manager adds one with `/account add`."
            ),
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
