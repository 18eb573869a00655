"""TikTok's API for Business figures of one video as the posts table keeps them (``PostRow``).

Its traffic sources come as a list of shares; the diagnosis needs one of them, the share of the
views the For You feed brought ("Why Am I Losing Followers on TikTok?", §3 "You're Shadow
Banned": "Your content won't be shown on the For You Page").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.analytics.audience import listed_shares

FOR_YOU = "For You"


def for_you_share(impression_sources: Iterable[Mapping[str, object]]) -> float | None:
    """The share (0-1) of a video's views from the For You feed, from TikTok's
    ``[{"impression_source": "For You", "percentage": 0.8}, ...]``; 0 when For You is not
    listed among other sources, None when TikTok listed none. Malformed: ``ValueError``."""
    shares = listed_shares(impression_sources, "impression_source", "impression_sources")
    if not shares:
        return None
    return shares.get(FOR_YOU, 0.0)
