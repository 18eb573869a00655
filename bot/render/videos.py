"""The window's strongest and weakest video, as /net names them."""

from __future__ import annotations

from bot import fmt
from bot.analytics.diagnose.attribution import TopVideos
from bot.analytics.diagnose.outcomes import PostImpact
from bot.i18n import N_, _, ngettext
from bot.render.diagnosis.causes import quoted
from bot.render.embeds import clip

VIDEOS_FIELD = N_("Videos (followers estimated from the day of each post and the two after)")
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
    return _(VIDEOS_FIELD)


def _video(impact: PostImpact) -> str:
    if impact.counted:
        # Translators: {title} is a quoted video title, {day} the day it was posted; {followers}
        # the followers TikTok counted for it, such as +312.
        return _(
            "{title} ({day}): {followers} followers, {views} views, as TikTok counted them"
        ).format(
            title=quoted(clip(impact.title or impact.post_id, 60)),
            day=fmt.day(impact.posted),
            followers=fmt.signed(round(impact.followers)),
            views=fmt.count(impact.views),
        )
    followers = round(impact.followers)
    # Translators: {title} is a quoted video title, {day} the day it was posted; {followers} the
    # followers credited to it, such as +12 or -3.
    return ngettext(
        "{title} ({day}): about {followers} followers, {views} views",
        "{title} ({day}): about {followers} followers, {views} views",
        abs(followers),
    ).format(
        title=quoted(clip(impact.title or impact.post_id, 60)),
        day=fmt.day(impact.posted),
        followers=fmt.signed(followers),
        views=fmt.count(impact.views),
    )


def video_lines(top: TopVideos) -> str | None:
    """``Most followers: …`` and ``Weakest: …``; None when no post of the window counts."""
    lines = []
    if top.most is not None:
        # Translators: {video} is a video with the followers and views it brought.
        lines.append(_("Most followers: {video}").format(video=_video(top.most)))
    if top.weakest is not None:
        # Translators: {video} is a video with the followers and views it brought.
        lines.append(_("Weakest: {video}").format(video=_video(top.weakest)))
    return "\n".join(lines) or None
