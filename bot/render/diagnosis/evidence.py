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
from bot.i18n import _, ngettext
from bot.render.diagnosis.causes import quoted
from bot.render.diagnosis.gaps import export_hint
from bot.render.diagnosis.videos import counted_conversion, for_you_lines, watch_lines

# Team accounts an evidence line names (the biggest losses); Finding.accounts has them all.
TEAM_NAMED = 5


def _span(span: Span) -> str:
    return fmt.window(span.first, span.last)


def _per_1000(ratio: float) -> str:
    # Translators: {rate} is a number with one decimal, such as 4.2 (followers per 1,000 views).
    return _("{rate} per 1,000 views").format(rate=f"{ratio * 1000:.1f}")


def _named(items: Iterable[str]) -> str:
    """The first ``TEAM_NAMED`` of a team list, and how many more: a big team's full list is
    kept in ``Finding.accounts`` for the renderers to page."""
    listed = list(items)
    text = ", ".join(listed[:TEAM_NAMED])
    more = len(listed) - TEAM_NAMED
    if more > 0:
        # Translators: {accounts} lists team accounts by @handle; {count} is how many more there
        # are.
        text = ngettext("{accounts} and {count} more", "{accounts} and {count} more", more).format(
            accounts=text, count=more
        )
    return text


def _content(facts: ContentFacts) -> list[str]:
    now = facts.conversion
    if now.kind is Follows.VIDEOS:
        return [*counted_conversion(facts), *watch_lines(facts)]
    numbers = {
        "rate": _per_1000(now.rate),
        "benchmark": _per_1000(facts.benchmark),
        "benchmark_share": fmt.percent(facts.benchmark, 0),
        "views": fmt.count(round(now.views)),
        "span": _span(facts.window),
    }
    split = export_hint(Export.GAINED_AND_LOST)
    follows = round(now.follows)
    if now.kind is Follows.ESTIMATED:
        lines = [
            # Translators: {rate} and {benchmark} read like "4.2 per 1,000 views";
            # {benchmark_share} is the benchmark as a percentage of views; {days} is a number
            # of days, such as "5 days".
            ngettext(
                "about {follows} new followers (estimated) from {views} views on the {days} that "
                "grew in {span}: {rate}, below {benchmark} ({benchmark_share})",
                "about {follows} new followers (estimated) from {views} views on the {days} that "
                "grew in {span}: {rate}, below {benchmark} ({benchmark_share})",
                abs(follows),
            ).format(follows=fmt.count(follows), days=fmt.days(now.days), **numbers),
            # Translators: "net" is net followers (gained minus lost); {allowance} is a number
            # of unfollows; {export} says which export or command gives the missing numbers.
            _(
                "estimated: each growing day's net plus {allowance} unfollows, the median loss "
                "of the losing days; new followers alone are unknown: {export}"
            ).format(allowance=f"{now.allowance:g}", export=split),
        ]
    elif now.kind is Follows.NEW:
        lines = [
            # Translators: {follows} is a signed count such as +12; {rate} and {benchmark} read
            # like "4.2 per 1,000 views"; {benchmark_share} is the benchmark as a percentage.
            ngettext(
                "{follows} new followers from {views} views over {span}: {rate}, below "
                "{benchmark} ({benchmark_share})",
                "{follows} new followers from {views} views over {span}: {rate}, below "
                "{benchmark} ({benchmark_share})",
                abs(follows),
            ).format(follows=fmt.signed(follows), **numbers)
        ]
    else:
        lines = [
            # Translators: net followers are followers gained minus followers lost; {follows} is
            # a signed count such as -12; {rate} and {benchmark} read like "4.2 per 1,000
            # views"; {benchmark_share} is the benchmark as a percentage.
            ngettext(
                "{follows} net followers from {views} views over {span}: {rate}, below "
                "{benchmark} ({benchmark_share})",
                "{follows} net followers from {views} views over {span}: {rate}, below "
                "{benchmark} ({benchmark_share})",
                abs(follows),
            ).format(follows=fmt.signed(follows), **numbers),
            # Translators: {export} says which export or command gives the missing numbers.
            _("new followers alone are unknown: {export}").format(export=split),
        ]
    if facts.baseline_rate is not None:
        lines.append(
            # Translators: {rate} reads like "4.2 per 1,000 views"; {span} is a date range.
            _(
                "under half of this account's own {rate} over {span}: the cause is in this "
                "account, not the platform"
            ).format(rate=_per_1000(facts.baseline_rate), span=_span(facts.baseline))
        )
    return [*lines, *watch_lines(facts)]


def _posting(facts: InactivityFacts) -> str:
    """The posting pace in the recent span, against the account's usual pace and the floor."""
    posts, span, rate = facts.posts, _span(facts.recent), f"{facts.rate:.1f}"
    if facts.usual_rate is None:
        if facts.floor is None:
            # Translators: {rate} is posts per week, such as 2.5.
            return ngettext(
                "{posts} posts in {span} ({rate}/week)",
                "{posts} posts in {span} ({rate}/week)",
                posts,
            ).format(posts=posts, span=span, rate=rate)
        # Translators: {rate} is posts per week, such as 2.5; {floor} the least a week should
        # have, such as 3.
        return ngettext(
            "{posts} posts in {span} ({rate}/week), below {floor}/week",
            "{posts} posts in {span} ({rate}/week), below {floor}/week",
            posts,
        ).format(posts=posts, span=span, rate=rate, floor=f"{facts.floor:g}")
    usual = {"usual": f"{facts.usual_rate:.1f}", "usual_span": _span(facts.usual)}
    if facts.floor is None:
        # Translators: {rate} and {usual} are posts per week, such as 2.5; {usual_span} is the
        # date range of the usual pace.
        return ngettext(
            "{posts} posts in {span} ({rate}/week), down from {usual}/week over {usual_span}",
            "{posts} posts in {span} ({rate}/week), down from {usual}/week over {usual_span}",
            posts,
        ).format(posts=posts, span=span, rate=rate, **usual)
    # Translators: {rate} and {usual} are posts per week, such as 2.5; {usual_span} is the date
    # range of the usual pace; {floor} the least a week should have, such as 3.
    return ngettext(
        "{posts} posts in {span} ({rate}/week), down from {usual}/week over {usual_span}, "
        "below {floor}/week",
        "{posts} posts in {span} ({rate}/week), down from {usual}/week over {usual_span}, "
        "below {floor}/week",
        posts,
    ).format(posts=posts, span=span, rate=rate, floor=f"{facts.floor:g}", **usual)


def _inactivity(facts: InactivityFacts) -> list[str]:
    lines = []
    if facts.quiet:
        lines.append(
            # Translators: {days} is a number of days, such as "9 days".
            _("last post {day}, {days} before {end}").format(
                day=fmt.day(facts.last_post),
                days=fmt.days(facts.days_since),
                end=fmt.day(facts.end),
            )
        )
    return [*lines, _posting(facts)]


def _times(multiple: float) -> str:
    """A multiple in words a reader takes in at a glance: whole above ten."""
    return f"{multiple:.0f}" if multiple >= 10 else f"{multiple:.1f}"


def _bot_purge(facts: BotPurgeFacts) -> list[str]:
    lines = [
        # Translators: {loss} is the day's net followers, such as -340; {times} a multiple such
        # as 6.2; {usual} a normal day's net followers and {swing} how far it usually varies.
        _(
            "{loss} on {day}: a one-day drop about {times} times the usual day-to-day swing (a "
            "normal day was {usual}, give or take {swing}, over {span})"
        ).format(
            loss=fmt.signed(round(facts.loss)),
            day=fmt.day(facts.day),
            times=_times(-facts.z),
            usual=fmt.signed(round(facts.usual_net)),
            swing=fmt.count(round(facts.swing)),
            span=_span(facts.baseline),
        )
    ]
    if facts.views is None:
        lines.append(_("views around that day are unknown, so a reach drop is not ruled out"))
    else:
        lines.append(
            # Translators: {views} and {usual} are views per day; {share} is a percentage.
            _("views held: {views}/day up to that day, {share} of the usual {usual}/day").format(
                views=fmt.count(round(facts.views.per_day)),
                share=fmt.percent(facts.views.share, 0),
                usual=fmt.count(round(facts.views.usual)),
            )
        )
    if facts.engagement is not None:
        lines.append(
            # Translators: {after} and {before} are percentages: likes, comments and shares per
            # view after and before the drop.
            _(
                "engagement per view rose to {after} after it (from {before}): the followers who "
                "stayed are real"
            ).format(
                after=fmt.percent(facts.engagement.after),
                before=fmt.percent(facts.engagement.before),
            )
        )
    return lines


def _reach(facts: ReachFacts) -> list[str]:
    views = round(facts.views)
    return [
        # Translators: {share} is a percentage; {usual} the usual views per day over the date
        # range {baseline}.
        ngettext(
            "a typical day had {views} views over {span}, {share} of the usual {usual} "
            "({baseline})",
            "a typical day had {views} views over {span}, {share} of the usual {usual} "
            "({baseline})",
            views,
        ).format(
            views=fmt.count(views),
            span=_span(facts.window),
            share=fmt.percent(facts.share, 0),
            usual=fmt.count(round(facts.usual_views)),
            baseline=_span(facts.baseline),
        ),
        # Translators: {posts} is a number of posts, {span} a date range.
        ngettext(
            "posting went on: {posts} posts in {span}",
            "posting went on: {posts} posts in {span}",
            facts.posts,
        ).format(posts=facts.posts, span=_span(facts.window)),
        *for_you_lines(facts),
    ]


def _niche(facts: NicheFacts) -> list[str]:
    named = "; ".join(
        # Translators: {title} is a quoted video title, {day} the day it was posted.
        _("{title} ({day})").format(title=quoted(title), day=fmt.day(day))
        for title, day in facts.named
    )
    numbers = {
        "net": fmt.signed(round(facts.net_after)),
        "days": fmt.days(facts.days_after),
        "mean": f"{facts.mean_after:+.1f}",
    }
    if facts.mean_after_others is None:
        # Translators: "net" is net followers (gained minus lost); {days} is a number of days,
        # such as "3 days"; {mean} is net followers per day, such as -4.3.
        after = _("net {net} on the {days} from those posts ({mean}/day)").format(**numbers)
    else:
        # Translators: "net" is net followers (gained minus lost); {days} is a number of days,
        # such as "3 days"; {mean} and {others} are net followers per day, such as -4.3.
        after = _(
            "net {net} on the {days} from those posts ({mean}/day) vs {others}/day after the "
            "other posts"
        ).format(others=f"{facts.mean_after_others:+.1f}", **numbers)
    return [
        # Translators: {topics} lists the account's usual topic words; {posts} lists the
        # off-topic posts by quoted title and day.
        ngettext(
            "{off_topic} of {titled} posts in {span} leave the usual topics ({topics}): {posts}",
            "{off_topic} of {titled} posts in {span} leave the usual topics ({topics}): {posts}",
            facts.titled,
        ).format(
            off_topic=facts.off_topic,
            titled=facts.titled,
            span=_span(facts.window),
            topics=", ".join(facts.usual_topics),
            posts=named,
        ),
        after,
    ]


def _engagement(facts: EngagementFacts) -> list[str]:
    now, then = facts.now, facts.then
    views = round(now.bottom)
    return [
        # Translators: {value} is a percentage: likes, comments and shares per view.
        ngettext(
            "engagement per view {value} over {span} ({top} likes, comments and shares on "
            "{views} views)",
            "engagement per view {value} over {span} ({top} likes, comments and shares on "
            "{views} views)",
            views,
        ).format(
            value=fmt.percent(now.value),
            span=_span(facts.window),
            top=fmt.count(round(now.top)),
            views=fmt.count(views),
        ),
        # Translators: {value} is engagement per view before, as a percentage; {change} the
        # relative change since, such as -42%.
        _("vs {value} over {span}: {change}").format(
            value=fmt.percent(then.value),
            span=_span(facts.baseline),
            change=fmt.signed_percent(facts.change),
        ),
    ]


def _platform(facts: PlatformFacts, accounts: tuple[tuple[str, int], ...]) -> list[str]:
    others = _named(f"@{h} {fmt.signed(n)}" for h, n in accounts)
    lines = [
        # Translators: {share} is a percentage; {own_net} is this account's net followers, such
        # as -40; {others} lists the other losing accounts as "@handle -12".
        ngettext(
            "{losing} of {accounts} team accounts lost followers over {span} ({share}) with no "
            "cause of their own: this one {own_net}, {others}",
            "{losing} of {accounts} team accounts lost followers over {span} ({share}) with no "
            "cause of their own: this one {own_net}, {others}",
            facts.accounts,
        ).format(
            losing=facts.losing,
            accounts=facts.accounts,
            span=_span(facts.window),
            share=fmt.percent(facts.share, 0),
            own_net=fmt.signed(facts.own_net),
            others=others,
        ),
        _("no account-specific cause found in this account's data or theirs"),
    ]
    if facts.explained:
        lines.append(
            # Translators: {accounts} lists team accounts by @handle.
            _("not counted: {accounts}, whose own data explain their losses").format(
                accounts=_named(f"@{h}" for h in facts.explained)
            )
        )
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
