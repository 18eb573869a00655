"""The window's strongest and weakest video, as /net names them."""

from __future__ import annotations

from bot import fmt
from bot.analytics.diagnose.attribution import TopVideos
from bot.analytics.diagnose.outcomes import PostImpact
from bot.render.embeds import clip

VIDEOS_FIELD = "Videos (followers estimated from the day of each post and the two after)"


def _video(impact: PostImpact) -> str:
    return (
        f"“{clip(impact.title or impact.post_id, 60)}” ({fmt.day(impact.posted)}): "
        f"about {fmt.signed(round(impact.followers))} followers, {fmt.count(impact.views)} views"
    )


def video_lines(top: TopVideos) -> str | None:
    """``Most followers: …`` and ``Weakest: …``; None when no post of the window counts."""
    lines = []
    if top.most is not None:
        lines.append(f"Most followers: {_video(top.most)}")
    if top.weakest is not None:
        lines.append(f"Weakest: {_video(top.weakest)}")
    return "\n".join(lines) or None
