"""The diagnosis laid out for /why, the digest, alerts and the CLI."""

from __future__ import annotations

from datetime import date

import discord

from bot import fmt
from bot.analytics.diagnose import Diagnosis, Finding, PostImpact
from bot.i18n import _
from bot.render.diagnosis.causes import advice, cause_title, sources
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
        return "strong signal"
    if score >= 0.33:
        return "moderate signal"
    return "weak signal"


def finding_title(finding: Finding, rank: int) -> str:
    return f"{rank}. {cause_title(finding.cause)} ({strength(finding.score)})"


def finding_body(finding: Finding, limit: int = FIELD_VALUE_LIMIT) -> str:
    """The evidence as bullets and the action; when too long, the last evidence lines give way
    (counted), never the action."""
    action = f"**Do:** {advice(finding)}"
    lines = fit_lines(evidence(finding), limit - len(action) - 1)
    return f"{lines}\n{action}"


def top_cause(diagnosis: Diagnosis) -> str | None:
    """One line for the digest: the strongest cause and its first piece of evidence."""
    top = diagnosis.top
    if top is None:
        return churn(diagnosis)
    title, lines = cause_title(top.cause), evidence(top)
    return f"{title}: {lines[0]}" if lines else title


def alert_lines(diagnosis: Diagnosis, limit: int = 3) -> list[str]:
    """The strongest causes with their evidence and action, for an alert."""
    if not diagnosis.findings:
        line = churn(diagnosis)
        return [line] if line else []
    lines = []
    for finding in diagnosis.findings[:limit]:
        first = next(iter(evidence(finding)), "")
        title = cause_title(finding.cause)
        lines.append(f"**{title}**: {first} → {advice(finding)}")
    return lines


def _post(impact: PostImpact) -> str:
    if impact.counted:
        return counted_post(impact)
    per_1000 = f"{impact.per_1000_views:+.1f}"
    return (
        f"“{clip(impact.title or impact.post_id, 60)}” ({fmt.day(impact.posted)}): "
        f"{per_1000} followers per 1,000 views, {fmt.count(impact.views)} views"
    )


def _uncounted(diagnosis: Diagnosis) -> str:
    """Says which purge days no video is credited with: TikTok removed those followers."""
    if not diagnosis.uncounted:
        return ""
    days = " and ".join(fmt.day(day) for day in diagnosis.uncounted)
    return f" (not counting the bot purge on {days}: no video caused it)"


def post_lines(diagnosis: Diagnosis) -> list[tuple[str, str]]:
    lines = []
    note = _uncounted(diagnosis)
    best = diagnosis.best_post
    if best:
        # A video that lost followers is not "best", only the one that lost the fewest.
        label = "Best video" if best.per_1000_views > 0 else "Smallest loss"
        lines.append((label, _post(best) + note))
    if diagnosis.worst_post:
        lines.append(("Weakest video", _post(diagnosis.worst_post) + note))
    return lines


def unsupported_lines(diagnosis: Diagnosis) -> list[str]:
    return [
        f"{cause_title(item.rule)}: {reason(item)}; {export_hint(item.export)}"
        for item in diagnosis.unsupported
    ]


def why_embed(handle: str, diagnosis: Diagnosis, today: date | None = None) -> discord.Embed:
    """``today``: when given, old data is flagged first, with its age."""
    net = diagnosis.window.net
    losing = net is not None and net < 0
    title = f"Why is @{handle} losing followers?" if losing else f"@{handle}: what the data say"
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
            name="No specific cause found",
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
            name="Not checked (missing data)",
            value=fit_lines(missing, FIELD_VALUE_LIMIT),
            inline=False,
        )
    cited = sources(diagnosis.findings[:MAX_FINDINGS])
    ranked = "Causes are ranked by how strongly your own data show them."
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
            title = f"{cause_title(finding.cause)}: the {losing} other team accounts losing"
            lines = [team_line(h, n) for h, n in finding.accounts]
            embeds += line_embeds(title, lines, colour=SHRINKING, limit=PAGE_EMBED_LIMIT)
    return embeds


def diagnosis_text(diagnosis: Diagnosis) -> str:
    """The diagnosis as plain text, for the CLI."""
    lines = ["  Diagnosis: " + summary(diagnosis)]
    for rank, finding in enumerate(diagnosis.findings, start=1):
        lines.append(f"    {finding_title(finding, rank)}")
        lines += [f"      - {line}" for line in evidence(finding)]
        if finding.accounts:
            team = ", ".join(team_line(h, n) for h, n in finding.accounts)
            lines.append(f"      Team accounts losing: {team}")
        lines.append(f"      Do: {advice(finding)}")
    churned = churn(diagnosis)
    if churned:
        lines.append(f"    {churned}")
    lines += [f"    {label}: {value}" for label, value in post_lines(diagnosis)]
    lines += [f"    {line}" for line in origin_lines(diagnosis)]
    lines += [f"    Not checked: {line}" for line in unsupported_lines(diagnosis)]
    cited = sources(diagnosis.findings)
    if cited:
        lines.append(f"    {cited}")
    return "\n".join(lines)
