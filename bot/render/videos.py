"""The window's strongest and weakest video, as /net names them."""

from __future__ import annotations

from bot import fmt
from bot.analytics.diagnose.attribution import TopVideos
from bot.analytics.diagnose.outcomes import PostImpact
from bot.i18n import N_, _
from bot.render.embeds import clip

VIDEOS_FIELD = "Videos (followers estimated from the day of each post and the two after)"
# When TikTok counted the followers of some of them (API for Business), each line says which.
VIDEOS_COUNTED_FIELD = N_(
    "Videos (followers as TikTok counted them where a line says so; the others estimated from "
    "the day of each post and the two after)"
)


def videos_field(top: TopVideos) -> str:
    """The field's name: it says the followers are estimated only when all of them are."""
    named = [impact for impact in (top.most, top.weakest) if impact is not None]
    if any(impact.counted for impact in named):
        return _(VIDEOS_COUNTED_FIELD)
    return VIDEOS_FIELD


def _video(impact: PostImpact) -> str:
    if impact.counted:
        return _(
            "“{title}” ({day}): {followers} followers, {views} views, as TikTok counted them"
        ).format(
            title=clip(impact.title or impact.post_id, 60),
            day=fmt.day(impact.posted),
            followers=fmt.signed(round(impact.followers)),
            views=fmt.count(impact.views),
        )
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
