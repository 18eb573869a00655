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
_STUDIO = "tiktok_studio_"

_TITLES = {
    "tiktok_business_daily": "TikTok Business Suite daily export",
    "tiktok_business_videos": "TikTok Business Suite per-video export",
    "socialblade": "Social Blade-style history",
    "sheet": "hand-kept sheet",
    UNRECOGNISED: "not recognised",
}


def format_title(name: str) -> str:
    """A format as the import summary names it: ``TikTok Studio FollowerHistory``."""
    if name.startswith(_STUDIO):
        labels = {spec.name: spec.label for spec in FORMATS}
        return f"TikTok Studio {labels.get(name, name)}"
    return _TITLES.get(name, name)


def accepted_formats() -> str:
    """What an upload may be, for the message that refuses one."""
    studio = [spec.label for spec in FORMATS if spec.name.startswith(_STUDIO)]
    others = [spec.label for spec in FORMATS if not spec.name.startswith(_STUDIO)]
    return (
        "TikTok Studio ZIPs as downloaded, or the CSV/XLSX files in them "
        f"({', '.join(studio)}); " + "; ".join(others)
    )
