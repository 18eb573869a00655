"""The weekly digest as Discord messages: team summary, one line per account, the team chart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import discord

from bot import fmt
from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, AccountLine, TeamDigest
from bot.render.embeds import line_embeds, pack_messages, sign_colour
from bot.render.figures import net_figure, previous_figure, split_figure, window_figure

CHART_NAME = "team-net-28d.png"
# Under the 4,096 description limit, so that a summary embed plus footers always fits in the
# 6,000 characters Discord allows a message.
ACCOUNT_EMBED_LIMIT = 3000
FOOTER_RESERVE = 120


@dataclass(frozen=True)
class DigestMessage:
    """One message of a digest: its embeds and, on the first, the chart."""

    embeds: list[discord.Embed]
    chart: bytes | None = None


def account_line(line: AccountLine, top_cause: str | None) -> str:
    if line.report is None:
        return f"**@{line.handle}** · no follower data in the last {DIGEST_LOOKBACK_DAYS} days"

    window = line.report.current
    parts = [
        f"**@{line.handle}** · net {net_figure(window)} · {window_figure(window)}",
        f"total {fmt.count(line.total[1]) if line.total else 'unknown'}"
        f" · vs previous: {previous_figure(line.report)}",
    ]
    if window.split_days:
        parts.append(split_figure(window))
    if line.shrinking and top_cause:
        parts.append(f"likely cause: {top_cause}")
    if line.stale_days:
        parts.append(f"⚠ stale: latest data {fmt.days(line.stale_days)} old")
    return "\n".join(parts)


def summary_embed(digest: TeamDigest, *, has_chart: bool) -> discord.Embed:
    net = digest.team_net
    embed = discord.Embed(
        title=f"Weekly net-follower digest · {fmt.day(digest.today)}", colour=sign_colour(net)
    )
    partial = " (partial: not every account has a full week)" if digest.team_partial else ""
    embed.add_field(
        name="Team net, last 7 days of data", value=f"{fmt.signed(net)}{partial}", inline=False
    )
    total = f"{fmt.count(digest.team_total)} followers"
    if digest.team_total_accounts < len(digest.accounts):
        total += (
            f" ({digest.team_total_accounts} of {len(digest.accounts)} accounts: the "
            "others' data has no follower total)"
        )
    embed.add_field(name="Team total", value=total)
    embed.add_field(
        name="Accounts", value=f"{len(digest.accounts)} tracked, {len(digest.shrinking)} shrinking"
    )
    if digest.best and digest.worst:
        embed.add_field(name="Best", value=f"@{digest.best.handle} {fmt.signed(digest.best.net)}")
        embed.add_field(
            name="Worst", value=f"@{digest.worst.handle} {fmt.signed(digest.worst.net)}"
        )
    if has_chart:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    return embed


def digest_messages(
    digest: TeamDigest, top_causes: Mapping[str, str], chart: bytes | None, *, reference: str
) -> list[DigestMessage]:
    """The digest split into messages within Discord's limits, each footed with its reference
    (how a restarted bot recognises what it already posted)."""
    lines = [account_line(line, top_causes.get(line.handle)) for line in digest.accounts]
    embeds = [
        summary_embed(digest, has_chart=chart is not None),
        *line_embeds("Accounts", lines, limit=ACCOUNT_EMBED_LIMIT),
    ]
    groups = pack_messages(embeds, reserve=FOOTER_RESERVE)
    messages = []
    for number, group in enumerate(groups, start=1):
        group[-1].set_footer(text=f"{reference}/{number} · part {number} of {len(groups)}")
        messages.append(DigestMessage(group, chart if number == 1 else None))
    return messages


def _messages(count: int) -> str:
    return f"{count} message{'s' if count != 1 else ''}"


def digest_posted(channel_id: int, parts: int) -> str:
    return f"Posted the digest in <#{channel_id}> ({_messages(parts)})."


def digest_not_posted(channel_id: int) -> str:
    return (
        f"The digest could not be posted in <#{channel_id}>: check the bot's permissions "
        "there, or choose another channel."
    )


def digest_cut_short(channel_id: int, posted: int, total: int) -> str:
    return (
        f"Posted {posted} of the digest's {_messages(total)} in <#{channel_id}>; Discord did "
        "not take the rest just now. Run `/digest send` again in a few minutes to finish it "
        "(nothing already posted is repeated)."
    )


def digest_still_unfinished(channel_id: int, posted: int, total: int) -> str:
    return (
        f"A digest in <#{channel_id}> is unfinished: {posted} of its {_messages(total)} are "
        "posted and Discord did not take the rest just now. Try `/digest send` again in a few "
        "minutes; no new digest is started until that one is complete."
    )


def digest_completed(channel_id: int, sent_now: int, total: int) -> str:
    return (
        f"A digest in <#{channel_id}> was unfinished: posted its missing "
        f"{_messages(sent_now)}, so all {total} are there now. No new digest was started; run "
        "`/digest send` again for a fresh one."
    )


def digest_busy(channel_id: int) -> str:
    return (
        f"A digest is being posted in <#{channel_id}> right now; run `/digest send` again "
        "once it is done if you want a fresh one."
    )
