"""The weekly digest as Discord messages: team summary, one line per account, the team chart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import discord

from bot import fmt
from bot.analytics.audience import BestHours
from bot.analytics.diagnose import Cause, Diagnosis
from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, FULL_LINES, AccountLine, TeamDigest
from bot.analytics.forecast import TooLittleData
from bot.analytics.goals import Outlook
from bot.analytics.milestones import AccountMilestone
from bot.render.audience import best_hours_text, with_best_hours
from bot.render.diagnosis import top_cause
from bot.render.embeds import FIELD_VALUE_LIMIT, clip, line_embeds, pack_messages, sign_colour
from bot.render.figures import (
    REFRESH_HINT,
    age_figure,
    gap_brief,
    net_figure,
    previous_figure,
    split_figure,
    window_figure,
)
from bot.render.outlook import goal_line, next_milestone

CHART_NAME = "team-net-28d.png"
# Under the 4,096 description limit, so that a summary embed plus footers always fits in the
# 6,000 characters Discord allows a message.
ACCOUNT_EMBED_LIMIT = 3000
FOOTER_RESERVE = 120
# A shared note names this many accounts, then says how many more.
NAMED_IN_NOTE = 8
NO_COMPARISON = "No comparison with the previous {days} (they lack data)"
NO_FORECAST = "No milestone forecast yet (it needs {days} days of totals)"
NO_PERCENT = (
    "No % of followers (the data have no follower total; a TikTok Studio export, a pull or "
    "`/log` gives one)"
)
NO_DATA = f"No follower data in the last {DIGEST_LOOKBACK_DAYS} days"


@dataclass(frozen=True)
class DigestMessage:
    """One message of a digest: its embeds and, on the first, the chart."""

    embeds: list[discord.Embed]
    chart: bytes | None = None


def who(handles: Sequence[str], everyone: int) -> str:
    """The accounts a shared note is about: all of them, or the first few by name."""
    if len(handles) == everyone and everyone > 1:
        return f"all {everyone} accounts"
    named = ", ".join(f"@{h}" for h in handles[:NAMED_IN_NOTE])
    more = len(handles) - NAMED_IN_NOTE
    return f"{named} and {more} more" if more > 0 else named


def cause_line(diagnosis: Diagnosis | None, hours: BestHours | None) -> str | None:
    """A shrinking account's strongest likely cause in one line; an account gone quiet is
    told its followers' busiest hours when an export gave them."""
    line = top_cause(diagnosis) if diagnosis else None
    if line and hours and diagnosis and diagnosis.top and diagnosis.top.cause is Cause.INACTIVITY:
        return with_best_hours(line, best_hours_text(hours.hours, hours.zone))
    return line


def _common_window(digest: TeamDigest) -> tuple[date, date] | None:
    """The window most accounts share: named once in the heading, not on every line."""
    spans = Counter(
        (line.report.current.start, line.report.current.end)
        for line in digest.accounts
        if line.report is not None
    )
    return spans.most_common(1)[0][0] if spans else None


def _head(line: AccountLine, common: tuple[date, date] | None) -> str:
    assert line.report is not None
    window = line.report.current
    if line.growth is None:
        head = f"**@{line.handle}** · net {net_figure(window)}"
    elif window.partial:
        known = f"partial: {window.covered_days} of {fmt.days(window.days)} known"
        growth = fmt.growth(line.growth)
        head = f"**@{line.handle}** · net {fmt.signed(window.net)} ({growth}, {known})"
    else:
        head = f"**@{line.handle}** · net {fmt.signed(window.net)} ({fmt.growth(line.growth)})"
    if (window.start, window.end) != common:
        head += f" · {window_figure(window)}"
    return head


def account_line(
    line: AccountLine,
    top_cause: str | None,
    outlook: Outlook | None,
    *,
    common: tuple[date, date] | None,
    full: bool,
    notes: Notes,
) -> str:
    """One account: every figure when ``full``, else one compact line; what is missing for a
    reason many accounts share goes to ``notes`` instead of onto the line."""
    assert line.report is not None
    report = line.report
    window = report.current
    head = _head(line, common)
    facts = [f"total {fmt.count(line.total[1])}" if line.total else None]
    if line.growth is None and window.net is not None:
        notes.add(NO_PERCENT, line.handle)
    if report.change_vs_previous is None:
        notes.add(NO_COMPARISON.format(days=fmt.days(report.previous.days)), line.handle)
    elif full:
        facts.append(f"vs previous: {previous_figure(report)}")
    else:
        partial = " (partial)" if window.partial or report.previous.partial else ""
        previous = fmt.days(report.previous.days)
        facts.append(f"vs previous {previous} {fmt.signed(report.change_vs_previous)}{partial}")
    if report.gap is not None:
        facts.append(gap_brief(report.gap))
    if outlook is not None and full:
        if isinstance(outlook.forecast, TooLittleData):
            notes.add(NO_FORECAST.format(days=outlook.forecast.needed), line.handle)
        else:
            facts.append(next_milestone(outlook.forecast))
    if line.stale_days:
        facts.append(f"⚠ {age_figure(window.end, notes.today)}")
    known = [fact for fact in facts if fact]
    if not full:
        extra = [goal_line(outlook.goal)] if outlook is not None and outlook.goal else []
        return " · ".join([head, *known, *extra])
    parts = [head]
    if known:
        parts.append(" · ".join(known))
    if window.split_days:
        parts.append(split_figure(window))
    if line.shrinking and top_cause:
        parts.append(f"likely cause: {top_cause}")
    if outlook is not None and outlook.goal is not None:
        parts.append(goal_line(outlook.goal))
    return "\n".join(parts)


@dataclass
class Notes:
    """Explanations shared by several accounts, said once at the end of the digest."""

    today: date
    about: dict[str, list[str]] = field(default_factory=dict)

    def add(self, note: str, handle: str) -> None:
        self.about.setdefault(note, []).append(handle)

    def lines(self, everyone: int) -> list[str]:
        return [f"{note}: {who(handles, everyone)}." for note, handles in self.about.items()]


def stale_line(digest: TeamDigest) -> str | None:
    """The accounts whose newest data is old, in one line, with how to refresh them."""
    stale = [line for line in digest.accounts if line.stale_days and line.report is not None]
    if not stale:
        return None
    named = [
        f"@{line.handle} ({age_figure(line.report.current.end, digest.today)})"
        for line in stale[:NAMED_IN_NOTE]
        if line.report is not None
    ]
    more = f" and {len(stale) - NAMED_IN_NOTE} more" if len(stale) > NAMED_IN_NOTE else ""
    return f"⚠ Old data: {', '.join(named)}{more}. To refresh: {REFRESH_HINT}."


def digest_lines(
    digest: TeamDigest,
    diagnoses: Mapping[int, Diagnosis],
    outlooks: Mapping[int, Outlook],
    best_hours: Mapping[int, BestHours],
) -> tuple[str, list[str], list[str]]:
    """The accounts' heading, their lines (losing most first; ``digest.detailed`` with every
    figure) and the notes for the end; the mappings are by account id."""
    common = _common_window(digest)
    notes = Notes(digest.today)
    lines = []
    listed = [line for line in digest.accounts if line.report is not None]
    for number, line in enumerate(listed):
        lines.append(
            account_line(
                line,
                cause_line(diagnoses.get(line.account_id), best_hours.get(line.account_id)),
                outlooks.get(line.account_id),
                common=common,
                full=number < FULL_LINES,  # the same accounts as ``digest.detailed``
                notes=notes,
            )
        )
    for line in digest.accounts:
        if line.report is None:
            notes.add(NO_DATA, line.handle)
    heading = "Accounts, losing most first: net (% of followers)"
    if common is not None:
        heading += f" over {fmt.window(*common)}"
    end_notes = notes.lines(len(digest.accounts))
    stale = stale_line(digest)
    if stale:
        end_notes.insert(0, stale)
    return heading, lines, end_notes


def callout(lines: Sequence[AccountLine]) -> str:
    return "\n".join(
        f"@{line.handle} {fmt.signed(line.net)}"
        + (f" ({fmt.growth(line.growth)})" if line.growth is not None else "")
        for line in lines
    )


def milestones_text(milestones: Sequence[AccountMilestone]) -> str:
    """The week's milestones, one per line, within an embed field's 1,024 characters."""
    lines = [f"@{m.handle} passed {fmt.count(m.level)} on {fmt.day(m.day)}" for m in milestones]
    text = "\n".join(lines)
    return text if len(text) <= FIELD_VALUE_LIMIT else clip(text, FIELD_VALUE_LIMIT)


def summary_embed(
    digest: TeamDigest, *, has_chart: bool, milestones: Sequence[AccountMilestone] = ()
) -> discord.Embed:
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
    if digest.top and digest.bottom:
        embed.add_field(name=f"Top {len(digest.top)}", value=callout(digest.top))
        embed.add_field(name=f"Bottom {len(digest.bottom)}", value=callout(digest.bottom))
    if milestones:
        embed.add_field(
            name="Milestones this week", value=milestones_text(milestones), inline=False
        )
    if has_chart:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    return embed


def digest_messages(
    digest: TeamDigest,
    diagnoses: Mapping[int, Diagnosis],
    chart: bytes | None,
    *,
    reference: str | None,
    outlooks: Mapping[int, Outlook] | None = None,
    milestones: Sequence[AccountMilestone] = (),
    best_hours: Mapping[int, BestHours] | None = None,
) -> list[DigestMessage]:
    """The digest split into messages within Discord's limits, each footed with its reference
    (how a restarted bot recognises what it already posted); ``diagnoses`` (of the shrinking
    accounts shown in full), ``outlooks`` and ``best_hours`` are by account id."""
    heading, lines, notes = digest_lines(digest, diagnoses, outlooks or {}, best_hours or {})
    embeds = [
        summary_embed(digest, has_chart=chart is not None, milestones=milestones),
        *line_embeds(heading, lines, limit=ACCOUNT_EMBED_LIMIT),
        *line_embeds("Notes", notes, limit=ACCOUNT_EMBED_LIMIT),
    ]
    groups = pack_messages(embeds, reserve=FOOTER_RESERVE)
    messages = []
    for number, group in enumerate(groups, start=1):
        label = f"{reference}/{number}" if reference else "Preview, not posted"
        group[-1].set_footer(text=f"{label} · part {number} of {len(groups)}")
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
