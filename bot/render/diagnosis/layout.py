"""The diagnosis laid out for /why, the digest, alerts and the CLI."""

from __future__ import annotations

import functools
from datetime import date

import discord

from bot import fmt
from bot.analytics.diagnose import Diagnosis, Finding, PostImpact
from bot.i18n import _, ngettext
from bot.render.diagnosis.causes import advice, cause_title, quoted, sources
from bot.render.diagnosis.evidence import evidence
from bot.render.diagnosis.gaps import export_hint, reason
from bot.render.diagnosis.summary import churn, summary
from bot.render.diagnosis.videos import ORIGINS_FIELD, counted_post, origin_lines
from bot.render.embeds import (
    FIELD_VALUE_LIMIT,
    PAGE_EMBED_LIMIT,
    SHRINKING,
    TITLE_LIMIT,
    clip,
    fit_lines,
    line_embeds,
    sign_colour,
)
from bot.render.figures import staleness_figure

MAX_FINDINGS = 5


def strength(score: float) -> str:
    """How strongly the data show a cause, in words rather than a made-up probability."""
    if score >= 0.66:
        return _("strong signal")
    if score >= 0.33:
        return _("moderate signal")
    return _("weak signal")


def finding_title(finding: Finding, rank: int) -> str:
    # Translators: {rank} is the cause's place in the ranking (1, 2, ...); {cause} its title;
    # {strength} how strongly the data show it, such as "strong signal".
    return _("{rank}. {cause} ({strength})").format(
        rank=rank, cause=cause_title(finding.cause), strength=strength(finding.score)
    )


def finding_body(finding: Finding, limit: int = FIELD_VALUE_LIMIT) -> str:
    """The evidence as bullets and the action; when too long, the last evidence lines give way
    (counted), never the action."""
    # Translators: {advice} is the one action advised for the cause.
    action = _("**Do:** {advice}").format(advice=advice(finding))
    lines = fit_lines(evidence(finding), limit - len(action) - 1)
    return f"{lines}\n{action}"


def top_cause(diagnosis: Diagnosis) -> str | None:
    """One line for the digest: the strongest cause and its first piece of evidence."""
    top = diagnosis.top
    if top is None:
        return churn(diagnosis)
    title, lines = cause_title(top.cause), evidence(top)
    if not lines:
        return title
    # Translators: {cause} is a cause's title; {evidence} the first fact that shows it.
    return _("{cause}: {evidence}").format(cause=title, evidence=lines[0])


def alert_lines(diagnosis: Diagnosis, limit: int = 3) -> list[str]:
    """The strongest causes with their evidence and action, for an alert."""
    if not diagnosis.findings:
        line = churn(diagnosis)
        return [line] if line else []
    lines = []
    for finding in diagnosis.findings[:limit]:
        first = next(iter(evidence(finding)), "")
        title = cause_title(finding.cause)
        lines.append(
            # Translators: {cause} is a cause's title, {evidence} the first fact that shows it,
            # {advice} the one action advised for it.
            _("**{cause}**: {evidence} → {advice}").format(
                cause=title, evidence=first, advice=advice(finding)
            )
        )
    return lines


def _and(items: list[str]) -> str:
    """``A and B and C``."""
    return functools.reduce(
        # Translators: joins two items of a list, such as two dates.
        lambda first, second: _("{first} and {second}").format(first=first, second=second),
        items,
    )


def _post(impact: PostImpact, uncounted: tuple[date, ...]) -> str:
    """A video's followers per 1,000 views, saying which purge days no video is credited with:
    TikTok removed those followers."""
    if impact.counted:
        return counted_post(impact)
    numbers = {
        "title": quoted(clip(impact.title or impact.post_id, 60)),
        "day": fmt.day(impact.posted),
        "change": f"{impact.per_1000_views:+.1f}",
        "views": fmt.count(impact.views),
    }
    if not uncounted:
        # Translators: {title} is a quoted video title, {day} the day it was posted; {change}
        # the followers it brought per 1,000 views, such as +4.2 or -1.5.
        return ngettext(
            "{title} ({day}): {change} followers per 1,000 views, {views} views",
            "{title} ({day}): {change} followers per 1,000 views, {views} views",
            impact.views,
        ).format(**numbers)
    # Translators: {title} is a quoted video title, {day} the day it was posted; {change} the
    # followers it brought per 1,000 views, such as +4.2 or -1.5; {days} the days of a bot purge.
    return ngettext(
        "{title} ({day}): {change} followers per 1,000 views, {views} views (not counting the "
        "bot purge on {days}: no video caused it)",
        "{title} ({day}): {change} followers per 1,000 views, {views} views (not counting the "
        "bot purge on {days}: no video caused it)",
        impact.views,
    ).format(days=_and([fmt.day(day) for day in uncounted]), **numbers)


def post_lines(diagnosis: Diagnosis) -> list[tuple[str, str]]:
    lines = []
    uncounted = tuple(diagnosis.uncounted)
    best = diagnosis.best_post
    if best:
        # A video that lost followers is not "best", only the one that lost the fewest.
        label = _("Best video") if best.per_1000_views > 0 else _("Smallest loss")
        lines.append((label, _post(best, uncounted)))
    if diagnosis.worst_post:
        lines.append((_("Weakest video"), _post(diagnosis.worst_post, uncounted)))
    return lines


def unsupported_lines(diagnosis: Diagnosis) -> list[str]:
    return [
        # Translators: {cause} is a cause's title, {reason} why it could not be checked,
        # {export} which export or command would let it.
        _("{cause}: {reason}; {export}").format(
            cause=cause_title(item.rule), reason=reason(item), export=export_hint(item.export)
        )
        for item in diagnosis.unsupported
    ]


def why_embed(handle: str, diagnosis: Diagnosis, today: date | None = None) -> discord.Embed:
    """``today``: when given, old data is flagged first, with its age."""
    net = diagnosis.window.net
    losing = net is not None and net < 0
    if losing:
        title = _("Why is @{handle} losing followers?").format(handle=handle)
    else:
        # Translators: the title of /why when the account is not losing followers.
        title = _("@{handle}: what the data say").format(handle=handle)
    stale = None if today is None else staleness_figure(diagnosis.window.end, today)
    description = summary(diagnosis) if stale is None else f"{stale}\n{summary(diagnosis)}"
    embed = discord.Embed(
        title=clip(title, TITLE_LIMIT), colour=sign_colour(net), description=description
    )
    for rank, finding in enumerate(diagnosis.findings[:MAX_FINDINGS], start=1):
        embed.add_field(
            name=clip(finding_title(finding, rank), TITLE_LIMIT),
            value=finding_body(finding),
            inline=False,
        )
    churned = churn(diagnosis)
    if churned:
        embed.add_field(
            name=_("No specific cause found"),
            value=clip(churned, FIELD_VALUE_LIMIT),
            inline=False,
        )
    for label, value in post_lines(diagnosis):
        embed.add_field(name=label, value=clip(value, FIELD_VALUE_LIMIT), inline=False)
    origins = origin_lines(diagnosis)
    if origins:
        embed.add_field(
            name=_(ORIGINS_FIELD), value=fit_lines(origins, FIELD_VALUE_LIMIT), inline=False
        )
    missing = unsupported_lines(diagnosis)
    if missing:
        embed.add_field(
            name=_("Not checked (missing data)"),
            value=fit_lines(missing, FIELD_VALUE_LIMIT),
            inline=False,
        )
    cited = sources(diagnosis.findings[:MAX_FINDINGS])
    ranked = _("Causes are ranked by how strongly your own data show them.")
    embed.set_footer(text=f"{ranked} {cited}" if cited else ranked)
    return embed


def team_line(handle: str, net: int) -> str:
    return f"@{handle} {fmt.signed(net)}"


def why_embeds(handle: str, diagnosis: Diagnosis, today: date | None = None) -> list[discord.Embed]:
    """The /why embed, then the team accounts behind team-wide findings, in full: a big team's
    list does not fit in one field, so it gets embeds of its own for the pager to spread."""
    embeds = [why_embed(handle, diagnosis, today)]
    for finding in diagnosis.findings[:MAX_FINDINGS]:
        if finding.accounts:
            losing = len(finding.accounts)
            # Translators: {cause} is a cause's title; {count} how many other team accounts
            # lose followers.
            title = ngettext(
                "{cause}: the {count} other team accounts losing",
                "{cause}: the {count} other team accounts losing",
                losing,
            ).format(cause=cause_title(finding.cause), count=losing)
            lines = [team_line(h, n) for h, n in finding.accounts]
            embeds += line_embeds(title, lines, colour=SHRINKING, limit=PAGE_EMBED_LIMIT)
    return embeds


def diagnosis_text(diagnosis: Diagnosis) -> str:
    """The diagnosis as plain text, for the CLI."""
    # Translators: {summary} is the sentence on the window's net followers.
    lines = ["  " + _("Diagnosis: {summary}").format(summary=summary(diagnosis))]
    for rank, finding in enumerate(diagnosis.findings, start=1):
        lines.append(f"    {finding_title(finding, rank)}")
        lines += [f"      - {line}" for line in evidence(finding)]
        if finding.accounts:
            team = ", ".join(team_line(h, n) for h, n in finding.accounts)
            # Translators: {accounts} lists team accounts as "@handle -12".
            lines.append("      " + _("Team accounts losing: {accounts}").format(accounts=team))
        # Translators: {advice} is the one action advised for the cause.
        lines.append("      " + _("Do: {advice}").format(advice=advice(finding)))
    churned = churn(diagnosis)
    if churned:
        lines.append(f"    {churned}")
    lines += [f"    {label}: {value}" for label, value in post_lines(diagnosis)]
    lines += [f"    {line}" for line in origin_lines(diagnosis)]
    lines += [
        # Translators: {check} is a cause's title with why it could not be checked.
        "    " + _("Not checked: {check}").format(check=line)
        for line in unsupported_lines(diagnosis)
    ]
    cited = sources(diagnosis.findings)
    if cited:
        lines.append(f"    {cited}")
    return "\n".join(lines)
