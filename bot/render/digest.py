"""The weekly digest as Discord messages: team summary, one line per account, the team chart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

import discord

from bot import fmt
from bot.analytics.audience import BestHours
from bot.analytics.diagnose import Cause, Diagnosis
from bot.analytics.digest import DIGEST_LOOKBACK_DAYS, FULL_LINES, AccountLine, TeamDigest
from bot.analytics.forecast import TooLittleData
from bot.analytics.goals import Outlook
from bot.analytics.milestones import AccountMilestone
from bot.analytics.series import NetReport
from bot.i18n import _, ngettext
from bot.render.audience import best_hours_text, with_best_hours
from bot.render.diagnosis import top_cause
from bot.render.embeds import (
    FIELD_VALUE_LIMIT,
    and_more,
    clip,
    line_embeds,
    pack_messages,
    sign_colour,
)
from bot.render.figures import (
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


@dataclass(frozen=True)
class DigestMessage:
    """One message of a digest: its embeds and, on the first, the chart."""

    embeds: list[discord.Embed]
    chart: bytes | None = None


def who(handles: Sequence[str], everyone: int) -> str:
    """The accounts a shared note is about: all of them, or the first few by name."""
    if len(handles) == everyone and everyone > 1:
        return ngettext("all {n} account", "all {n} accounts", everyone).format(
            n=fmt.count(everyone)
        )
    return and_more([f"@{h}" for h in handles[:NAMED_IN_NOTE]], len(handles) - NAMED_IN_NOTE)


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
        # Translators: "net" is net followers (gained minus lost); {net} is e.g. "+120".
        head = _("**@{handle}** · net {net}").format(handle=line.handle, net=net_figure(window))
    elif window.partial:
        # Translators: "net" is net followers (gained minus lost), e.g. "-40"; {growth} is that
        # net as a share of the followers, e.g. "-1.2%"; {known} of the {n} days have data.
        head = ngettext(
            "**@{handle}** · net {net} ({growth}, partial: {known} of {n} day known)",
            "**@{handle}** · net {net} ({growth}, partial: {known} of {n} days known)",
            window.days,
        ).format(
            handle=line.handle,
            net=fmt.signed(window.net),
            growth=fmt.growth(line.growth),
            known=fmt.count(window.covered_days),
            n=fmt.count(window.days),
        )
    else:
        # Translators: "net" is net followers (gained minus lost), e.g. "-40"; {growth} is that
        # net as a share of the followers, e.g. "-1.2%".
        head = _("**@{handle}** · net {net} ({growth})").format(
            handle=line.handle, net=fmt.signed(window.net), growth=fmt.growth(line.growth)
        )
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
    # Translators: {total} is the account's number of followers.
    facts = [_("total {total}").format(total=fmt.count(line.total[1])) if line.total else None]
    if line.growth is None and window.net is not None:
        notes.add(Note(Missing.PERCENT), line.handle)
    if report.change_vs_previous is None:
        notes.add(Note(Missing.COMPARISON, report.previous.days), line.handle)
    elif full:
        # Translators: {comparison} is e.g. "+12 vs 7 Nov – 13 Nov 2026 (-40)".
        facts.append(_("vs previous: {comparison}").format(comparison=previous_figure(report)))
    else:
        facts.append(_compared(report))
    if report.gap is not None:
        facts.append(gap_brief(report.gap))
    if outlook is not None and full:
        if isinstance(outlook.forecast, TooLittleData):
            notes.add(Note(Missing.FORECAST, outlook.forecast.needed), line.handle)
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
        # Translators: {cause} is the strongest likely reason the account lost followers.
        parts.append(_("likely cause: {cause}").format(cause=top_cause))
    if outlook is not None and outlook.goal is not None:
        parts.append(goal_line(outlook.goal))
    return "\n".join(parts)


def _compared(report: NetReport) -> str:
    """The compact line's comparison with the previous window."""
    days = report.previous.days
    values = {"n": fmt.count(days), "change": fmt.signed(report.change_vs_previous)}
    if report.current.partial or report.previous.partial:
        # Translators: {change} is how much higher or lower the net followers are than in the
        # previous {n} days, e.g. "+12".
        return ngettext(
            "vs previous {n} day {change} (partial)",
            "vs previous {n} days {change} (partial)",
            days,
        ).format(**values)
    # Translators: {change} is how much higher or lower the net followers are than in the
    # previous {n} days, e.g. "+12".
    return ngettext("vs previous {n} day {change}", "vs previous {n} days {change}", days).format(
        **values
    )


class Missing(Enum):
    """What several accounts' lines lack for the same reason."""

    PERCENT = "percent"
    COMPARISON = "comparison"
    FORECAST = "forecast"
    DATA = "data"


@dataclass(frozen=True)
class Note:
    """A shared explanation: what is missing, and the days it speaks of."""

    missing: Missing
    days: int = 0

    def text(self, accounts: str) -> str:
        """The note about ``accounts`` (handles, or "all 5 accounts") as one sentence."""
        n = fmt.count(self.days)
        if self.missing is Missing.PERCENT:
            # Translators: {accounts} is a list of handles, or e.g. "all 5 accounts".
            return _(
                "No % of followers (the data have no follower total; a TikTok Studio export, a "
                "pull or `/log` gives one): {accounts}."
            ).format(accounts=accounts)
        if self.missing is Missing.COMPARISON:
            # Translators: {accounts} is a list of handles, or e.g. "all 5 accounts".
            return ngettext(
                "No comparison with the previous {n} day (they lack data): {accounts}.",
                "No comparison with the previous {n} days (they lack data): {accounts}.",
                self.days,
            ).format(n=n, accounts=accounts)
        if self.missing is Missing.FORECAST:
            # Translators: {accounts} is a list of handles, or e.g. "all 5 accounts".
            return ngettext(
                "No milestone forecast yet (it needs {n} day of totals): {accounts}.",
                "No milestone forecast yet (it needs {n} days of totals): {accounts}.",
                self.days,
            ).format(n=n, accounts=accounts)
        # Translators: {accounts} is a list of handles, or e.g. "all 5 accounts".
        return ngettext(
            "No follower data in the last {n} day: {accounts}.",
            "No follower data in the last {n} days: {accounts}.",
            self.days,
        ).format(n=n, accounts=accounts)


@dataclass
class Notes:
    """Explanations shared by several accounts, said once at the end of the digest."""

    today: date
    about: dict[Note, list[str]] = field(default_factory=dict)

    def add(self, note: Note, handle: str) -> None:
        self.about.setdefault(note, []).append(handle)

    def lines(self, everyone: int) -> list[str]:
        return [note.text(who(handles, everyone)) for note, handles in self.about.items()]


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
    # Translators: {accounts} is a list of handles, each with the age of its data.
    return _(
        "⚠ Old data: {accounts}. To refresh: upload a fresh export, `/log` today's count, or "
        "`/account connect` for daily pulls."
    ).format(accounts=and_more(named, len(stale) - NAMED_IN_NOTE))


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
            notes.add(Note(Missing.DATA, DIGEST_LOOKBACK_DAYS), line.handle)
    if common is None:
        # Translators: "net" is net followers (gained minus lost).
        heading = _("Accounts, losing most first: net (% of followers)")
    else:
        # Translators: "net" is net followers (gained minus lost); {span} is a date range.
        heading = _("Accounts, losing most first: net (% of followers) over {span}").format(
            span=fmt.window(*common)
        )
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
    # Translators: the account passed {level} followers on the date {day}.
    passed = _("@{handle} passed {level} on {day}")
    lines = [
        passed.format(handle=m.handle, level=fmt.count(m.level), day=fmt.day(m.day))
        for m in milestones
    ]
    text = "\n".join(lines)
    return text if len(text) <= FIELD_VALUE_LIMIT else clip(text, FIELD_VALUE_LIMIT)


def summary_embed(
    digest: TeamDigest, *, has_chart: bool, milestones: Sequence[AccountMilestone] = ()
) -> discord.Embed:
    net = digest.team_net
    embed = discord.Embed(
        title=_("Weekly net-follower digest · {day}").format(day=fmt.day(digest.today)),
        colour=sign_colour(net),
    )
    if digest.team_partial:
        # Translators: {net} is the team's net followers (gained minus lost), e.g. "+120".
        team_net = _("{net} (partial: not every account has a full week)").format(
            net=fmt.signed(net)
        )
    else:
        team_net = fmt.signed(net)
    # Translators: an embed field name (at most 256 characters); "net" is net followers.
    embed.add_field(name=_("Team net, last 7 days of data"), value=team_net, inline=False)
    # Translators: an embed field name (at most 256 characters).
    embed.add_field(name=_("Team total"), value=_team_total(digest))
    tracked, shrinking = len(digest.accounts), len(digest.shrinking)
    embed.add_field(
        # Translators: an embed field name (at most 256 characters): how many accounts are
        # tracked and how many of them shrink.
        name=_("Accounts"),
        # Translators: {tracked} accounts are tracked, {shrinking} of them lose followers.
        value=ngettext(
            "{tracked} tracked, {shrinking} shrinking",
            "{tracked} tracked, {shrinking} shrinking",
            tracked,
        ).format(tracked=fmt.count(tracked), shrinking=fmt.count(shrinking)),
    )
    if digest.top and digest.bottom:
        # Translators: an embed field name: the {n} accounts with the highest net followers.
        top = _("Top {n}").format(n=fmt.count(len(digest.top)))
        # Translators: an embed field name: the {n} accounts with the lowest net followers.
        bottom = _("Bottom {n}").format(n=fmt.count(len(digest.bottom)))
        embed.add_field(name=top, value=callout(digest.top))
        embed.add_field(name=bottom, value=callout(digest.bottom))
    if milestones:
        embed.add_field(
            # Translators: an embed field name (at most 256 characters).
            name=_("Milestones this week"),
            value=milestones_text(milestones),
            inline=False,
        )
    if has_chart:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    return embed


def _team_total(digest: TeamDigest) -> str:
    """The team's followers, and how many accounts that total leaves out."""
    total = fmt.count(digest.team_total)
    counted, tracked = digest.team_total_accounts, len(digest.accounts)
    if counted < tracked:
        # Translators: {total} followers in all, summed over {counted} of the {tracked} accounts.
        return ngettext(
            "{total} followers ({counted} of {tracked} accounts: the others' data has no "
            "follower total)",
            "{total} followers ({counted} of {tracked} accounts: the others' data has no "
            "follower total)",
            tracked,
        ).format(total=total, counted=fmt.count(counted), tracked=fmt.count(tracked))
    return ngettext("{total} followers", "{total} followers", digest.team_total or 0).format(
        total=total
    )


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
        # Translators: a title (at most 256 characters) over notes that apply to several
        # accounts at once.
        *line_embeds(_("Notes"), notes, limit=ACCOUNT_EMBED_LIMIT),
    ]
    groups = pack_messages(embeds, reserve=FOOTER_RESERVE)
    messages = []
    for number, group in enumerate(groups, start=1):
        values = {"number": fmt.count(number), "total": fmt.count(len(groups))}
        if reference:
            # The reference leads the footer: a restarted bot finds what it posted by it.
            # Translators: follows the digest message's reference, e.g. "digest/2026-W48/1 · ".
            part = _("part {number} of {total}").format(**values)
            footer = f"{reference}/{number} · {part}"
        else:
            footer = _("Preview, not posted · part {number} of {total}").format(**values)
        group[-1].set_footer(text=footer)
        messages.append(DigestMessage(group, chart if number == 1 else None))
    return messages


def digest_posted(channel_id: int, parts: int) -> str:
    return ngettext(
        "Posted the digest in <#{channel_id}> ({n} message).",
        "Posted the digest in <#{channel_id}> ({n} messages).",
        parts,
    ).format(channel_id=channel_id, n=fmt.count(parts))


def digest_not_posted(channel_id: int) -> str:
    return _(
        "The digest could not be posted in <#{channel_id}>: check the bot's permissions "
        "there, or choose another channel."
    ).format(channel_id=channel_id)


def digest_cut_short(channel_id: int, posted: int, total: int) -> str:
    # Translators: {posted} of the digest's {n} messages are posted; <#{channel_id}> shows
    # the channel.
    return ngettext(
        "Posted {posted} of the digest's {n} message in <#{channel_id}>; Discord did not take "
        "the rest just now. Run `/digest send` again in a few minutes to finish it (nothing "
        "already posted is repeated).",
        "Posted {posted} of the digest's {n} messages in <#{channel_id}>; Discord did not take "
        "the rest just now. Run `/digest send` again in a few minutes to finish it (nothing "
        "already posted is repeated).",
        total,
    ).format(posted=fmt.count(posted), n=fmt.count(total), channel_id=channel_id)


def digest_still_unfinished(channel_id: int, posted: int, total: int) -> str:
    # Translators: {posted} of the digest's {n} messages are posted; <#{channel_id}> shows
    # the channel.
    return ngettext(
        "A digest in <#{channel_id}> is unfinished: {posted} of its {n} message are posted "
        "and Discord did not take the rest just now. Try `/digest send` again in a few "
        "minutes; no new digest is started until that one is complete.",
        "A digest in <#{channel_id}> is unfinished: {posted} of its {n} messages are posted "
        "and Discord did not take the rest just now. Try `/digest send` again in a few "
        "minutes; no new digest is started until that one is complete.",
        total,
    ).format(posted=fmt.count(posted), n=fmt.count(total), channel_id=channel_id)


def digest_completed(channel_id: int, sent_now: int, total: int) -> str:
    # Translators: {n} messages were missing and are posted now; the digest has {total}.
    return ngettext(
        "A digest in <#{channel_id}> was unfinished: posted its missing {n} message, so all "
        "{total} are there now. No new digest was started; run `/digest send` again for a "
        "fresh one.",
        "A digest in <#{channel_id}> was unfinished: posted its missing {n} messages, so all "
        "{total} are there now. No new digest was started; run `/digest send` again for a "
        "fresh one.",
        sent_now,
    ).format(channel_id=channel_id, n=fmt.count(sent_now), total=fmt.count(total))


def digest_busy(channel_id: int) -> str:
    return _(
        "A digest is being posted in <#{channel_id}> right now; run `/digest send` again "
        "once it is done if you want a fresh one."
    ).format(channel_id=channel_id)
