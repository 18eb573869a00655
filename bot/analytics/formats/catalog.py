"""The formats an upload may be, in the order detection tries them, and their names for people.

``FORMATS`` runs most specific first, so a generic sheet never claims a file a precise format
recognises.
"""

from __future__ import annotations

from bot.analytics.formats import (
    business_daily,
    business_videos,
    sheet,
    socialblade,
    studio_content,
    studio_follower_activity,
    studio_follower_gender,
    studio_follower_history,
    studio_follower_territories,
    studio_overview,
    studio_viewers,
)
from bot.analytics.formats._table import FormatSpec

FORMATS: tuple[FormatSpec, ...] = (
    studio_follower_history.FORMAT,
    studio_overview.FORMAT,
    studio_content.FORMAT,
    studio_follower_activity.FORMAT,
    studio_follower_gender.FORMAT,
    studio_follower_territories.FORMAT,
    studio_viewers.FORMAT,
    business_daily.FORMAT,
    business_videos.FORMAT,
    socialblade.FORMAT,
    sheet.FORMAT,
)

UNRECOGNISED = "unrecognised"  # the format of a file nothing detected
STUDIO = "tiktok_studio_"  # the formats of TikTok Studio's files, each named by its section


def format_title(name: str) -> str:
    """A format's English name, as an upload's record keeps it: ``TikTok Studio
    FollowerHistory``; bot/render words it for people."""
    labels = {spec.name: spec.label for spec in FORMATS}
    if name.startswith(STUDIO):
        return f"TikTok Studio {labels.get(name, name)}"
    return labels.get(name, "not recognised" if name == UNRECOGNISED else name)
