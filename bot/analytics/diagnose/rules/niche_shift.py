"""Niche shift: recent posts left the topics the followers came for.

Sources: "Why Am I Losing Followers on TikTok?", §1 "Your Content Isn't Resonating with Your
Followers"; "What is net followers on TikTok", "Analyzing Your TikTok Growth With Net Followers"
and "The Role of TikTok Trends in Net Followers".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from bot.analytics.diagnose.context import Context, known
from bot.analytics.diagnose.outcomes import (
    Cause,
    Export,
    Facts,
    Finding,
    Lack,
    Outcome,
    Shortfall,
    Span,
    Unsupported,
)

ARTICLE = "000 §1, 002"
NAMED = 3  # how many usual topics, and off-topic posts, a finding names

_WORD = re.compile(r"[^\W\d_]{3,}")
# Words that say nothing about a topic, and hashtags every niche uses.
_GENERIC_WORDS = (
    "the and for with you your this that how what from are was our its not but all out "
    "get got day new just like when why who can will one fyp foryou foryoupage viral "
    "tiktok trending trend video part"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())


def topics(title: str) -> frozenset[str]:
    """The topic words of a title: words and hashtags (``#Beauty`` -> ``beauty``), lower-case."""
    return frozenset(w for w in _WORD.findall(title.lower()) if w not in _GENERIC)


@dataclass(frozen=True)
class NicheFacts(Facts):
    """The off-topic posts of the window (the first few by title and day), the account's most
    usual topics, and the net on the days after them against the days after the others."""

    off_topic: int
    titled: int
    window: Span
    usual_topics: tuple[str, ...]
    named: tuple[tuple[str, date], ...]
    net_after: float
    days_after: int
    mean_after: float
    mean_after_others: float | None


def niche_shift(ctx: Context) -> Outcome:
    """Losses in the days after posts whose titles and hashtags leave the account's usual topics:
    "You've stopped posting content that was in your niche" ("Why Am I Losing Followers on
    TikTok?", §1); "if certain posts consistently lead to follower drops, it's worth reevaluating
    your approach" ("What is net followers on TikTok", Analyzing Your TikTok Growth With Net
    Followers)."""
    th = ctx.th
    if not ctx.has_posts:
        return Unsupported(Cause.NICHE_SHIFT, Lack.TIMED_POSTS, Export.CONTENT)
    history = [
        words
        for k in ctx.posts_in(slice(ctx.start_i - th.niche_history_days, ctx.start_i))
        if (words := topics(ctx.post_titles[k]))
    ]
    if len(history) < th.niche_min_history_posts:
        return Unsupported(
            Cause.NICHE_SHIFT,
            Lack.TITLED_HISTORY,
            Export.CONTENT_HISTORY,
            Shortfall(
                need=th.niche_min_history_posts, have=len(history), within=th.niche_history_days
            ),
        )
    counts = Counter(word for words in history for word in words)
    usual = {word for word, n in counts.items() if n >= 2} or set(counts)
    recent = {
        int(k): words for k in ctx.posts_in(ctx.current) if (words := topics(ctx.post_titles[k]))
    }
    off = [k for k, words in recent.items() if len(words & usual) / len(words) < th.niche_overlap]
    if not off:
        return None
    after_off = np.zeros(ctx.end_i + 1, dtype=bool)
    after_on = np.zeros(ctx.end_i + 1, dtype=bool)
    for k in recent:
        day = int(ctx.post_day[k])
        (after_off if k in off else after_on)[day : day + th.attribution_days] = True
    after_on &= ~after_off
    off_net, on_net = known(ctx.net[after_off]), known(ctx.net[after_on])
    if not len(off_net):
        return Unsupported(Cause.NICHE_SHIFT, Lack.NET_AFTER_OFF_TOPIC, Export.FOLLOWERS)
    off_mean = float(off_net.mean())
    if off_mean >= 0 or (len(on_net) and off_mean >= on_net.mean()):
        return None
    facts = NicheFacts(
        off_topic=len(off),
        titled=len(recent),
        window=ctx.span(ctx.current),
        usual_topics=tuple([w for w, _ in counts.most_common() if w in usual][:NAMED]),
        named=tuple((ctx.post_titles[k], ctx.day(int(ctx.post_day[k]))) for k in off[:NAMED]),
        net_after=float(off_net.sum()),
        days_after=len(off_net),
        mean_after=off_mean,
        mean_after_others=float(on_net.mean()) if len(on_net) else None,
    )
    score = 0.5 + 0.4 * len(off) / len(recent)
    return Finding(Cause.NICHE_SHIFT, round(score, 2), facts, ARTICLE)
