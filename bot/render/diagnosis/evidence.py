"""The evidence lines of a finding: its facts as the numbers and dates that show the cause."""

from __future__ import annotations

from collections.abc import Iterable

from bot import fmt
from bot.analytics.diagnose import (
    BotPurgeFacts,
    ContentFacts,
    EngagementFacts,
    Export,
    Finding,
    Follows,
    InactivityFacts,
    NicheFacts,
    PlatformFacts,
    ReachFacts,
    Span,
)
from bot.render.diagnosis.gaps import export_hint
from bot.render.diagnosis.videos import counted_conversion, for_you_lines, watch_lines

# Team accounts an evidence line names (the biggest losses); Finding.accounts has them all.
TEAM_NAMED = 5


def _span(span: Span) -> str:
    return fmt.window(span.first, span.last)


def _per_1000(ratio: float) -> str:
    return f"{ratio * 1000:.1f} per 1,000 views"


def _named(items: Iterable[str]) -> str:
    """The first ``TEAM_NAMED`` of a team list, and how many more: a big team's full list is
    kept in ``Finding.accounts`` for the renderers to page."""
    listed = list(items)
    text = ", ".join(listed[:TEAM_NAMED])
    if len(listed) > TEAM_NAMED:
        text += f" and {len(listed) - TEAM_NAMED} more"
    return text


def _content(facts: ContentFacts) -> list[str]:
    now = facts.conversion
    if now.kind is Follows.VIDEOS:
        return [*counted_conversion(facts), *watch_lines(facts)]
    split = export_hint(Export.GAINED_AND_LOST)
    benchmark = (
        f"{_per_1000(now.rate)}, below {_per_1000(facts.benchmark)} "
        f"({fmt.percent(facts.benchmark, 0)})"
    )
    if now.kind is Follows.ESTIMATED:
        lines = [
            f"about {fmt.count(round(now.follows))} new followers (estimated) from "
            f"{fmt.count(round(now.views))} views on the {fmt.days(now.days)} that grew in "
            f"{_span(facts.window)}: {benchmark}",
            f"estimated: each growing day's net plus {now.allowance:g} unfollows, the median "
            f"loss of the losing days; new followers alone are unknown: {split}",
        ]
    else:
        what = "new followers" if now.kind is Follows.NEW else "net followers"
        lines = [
            f"{fmt.signed(round(now.follows))} {what} from {fmt.count(round(now.views))} views "
            f"over {_span(facts.window)}: {benchmark}"
        ]
        if now.kind is Follows.NET:
            lines.append(f"new followers alone are unknown: {split}")
    if facts.baseline_rate is not None:
        lines.append(
            f"under half of this account's own {_per_1000(facts.baseline_rate)} over "
            f"{_span(facts.baseline)}: the cause is in this account, not the platform"
        )
    return [*lines, *watch_lines(facts)]


def _inactivity(facts: InactivityFacts) -> list[str]:
    lines = []
    if facts.quiet:
        lines.append(
            f"last post {fmt.day(facts.last_post)}, {fmt.days(facts.days_since)} before "
            f"{fmt.day(facts.end)}"
        )
    line = f"{facts.posts} posts in {_span(facts.recent)} ({facts.rate:.1f}/week)"
    if facts.usual_rate is not None:
        line += f", down from {facts.usual_rate:.1f}/week over {_span(facts.usual)}"
    if facts.floor is not None:
        line += f", below {facts.floor:g}/week"
    return [*lines, line]


def _times(multiple: float) -> str:
    """A multiple in words a reader takes in at a glance: whole above ten."""
    return f"{multiple:.0f}" if multiple >= 10 else f"{multiple:.1f}"


def _bot_purge(facts: BotPurgeFacts) -> list[str]:
    lines = [
        f"{fmt.signed(round(facts.loss))} on {fmt.day(facts.day)}: a one-day drop about "
        f"{_times(-facts.z)} times the usual day-to-day swing (a normal day was "
        f"{fmt.signed(round(facts.usual_net))}, give or take {fmt.count(round(facts.swing))}, "
        f"over {_span(facts.baseline)})"
    ]
    if facts.views is None:
        lines.append("views around that day are unknown, so a reach drop is not ruled out")
    else:
        lines.append(
            f"views held: {fmt.count(round(facts.views.per_day))}/day up to that day, "
            f"{fmt.percent(facts.views.share, 0)} of the usual "
            f"{fmt.count(round(facts.views.usual))}/day"
        )
    if facts.engagement is not None:
        lines.append(
            f"engagement per view rose to {fmt.percent(facts.engagement.after)} after it (from "
            f"{fmt.percent(facts.engagement.before)}): the followers who stayed are real"
        )
    return lines


def _reach(facts: ReachFacts) -> list[str]:
    return [
        f"a typical day had {fmt.count(round(facts.views))} views over {_span(facts.window)}, "
        f"{fmt.percent(facts.share, 0)} of the usual {fmt.count(round(facts.usual_views))} "
        f"({_span(facts.baseline)})",
        f"posting went on: {facts.posts} posts in {_span(facts.window)}",
        *for_you_lines(facts),
    ]


def _niche(facts: NicheFacts) -> list[str]:
    top = ", ".join(facts.usual_topics)
    named = "; ".join(f"“{title}” ({fmt.day(day)})" for title, day in facts.named)
    compare = (
        f" vs {facts.mean_after_others:+.1f}/day after the other posts"
        if facts.mean_after_others is not None
        else ""
    )
    return [
        f"{facts.off_topic} of {facts.titled} posts in {_span(facts.window)} leave the usual "
        f"topics ({top}): {named}",
        f"net {fmt.signed(round(facts.net_after))} on the {fmt.days(facts.days_after)} from "
        f"those posts ({facts.mean_after:+.1f}/day){compare}",
    ]


def _engagement(facts: EngagementFacts) -> list[str]:
    now, then = facts.now, facts.then
    return [
        f"engagement per view {fmt.percent(now.value)} over {_span(facts.window)} "
        f"({fmt.count(round(now.top))} likes, comments and shares on "
        f"{fmt.count(round(now.bottom))} views)",
        f"vs {fmt.percent(then.value)} over {_span(facts.baseline)}: "
        f"{fmt.signed_percent(facts.change)}",
    ]


def _platform(facts: PlatformFacts, accounts: tuple[tuple[str, int], ...]) -> list[str]:
    others = _named(f"@{h} {fmt.signed(n)}" for h, n in accounts)
    lines = [
        f"{facts.losing} of {facts.accounts} team accounts lost followers over "
        f"{_span(facts.window)} ({fmt.percent(facts.share, 0)}) with no cause of their own: "
        f"this one {fmt.signed(facts.own_net)}, {others}",
        "no account-specific cause found in this account's data or theirs",
    ]
    if facts.explained:
        listed = _named(f"@{h}" for h in facts.explained)
        lines.append(f"not counted: {listed}, whose own data explain their losses")
    return lines


def evidence(finding: Finding) -> tuple[str, ...]:
    """The finding's evidence, one line per fact, most telling first."""
    match finding.facts:
        case ContentFacts() as facts:
            return tuple(_content(facts))
        case InactivityFacts() as facts:
            return tuple(_inactivity(facts))
        case BotPurgeFacts() as facts:
            return tuple(_bot_purge(facts))
        case ReachFacts() as facts:
            return tuple(_reach(facts))
        case NicheFacts() as facts:
            return tuple(_niche(facts))
        case EngagementFacts() as facts:
            return tuple(_engagement(facts))
        case PlatformFacts() as facts:
            return tuple(_platform(facts, finding.accounts))
    raise TypeError(f"no wording for {type(finding.facts).__name__}")
