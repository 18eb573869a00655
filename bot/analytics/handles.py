"""TikTok handles as the team types them, normalised to one spelling."""

from __future__ import annotations

import re

_HANDLE = re.compile(r"[a-z0-9._]{2,24}")
_PROFILE_URL = re.compile(r"^(?:https?://)?(?:www\.|m\.)?tiktok\.com/@([^/?#\s]+)", re.IGNORECASE)


class InvalidHandle(ValueError):
    """Not something TikTok would accept as a username; ``text`` is what was typed, cut to 40
    characters (bot/render/problems.py words it)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def normalise_handle(text: str) -> str:
    """``@GlowLab.Studio`` or a profile link -> ``glowlab.studio``.

    TikTok usernames are 2-24 characters of letters, digits, underscores and periods.
    """
    raw = text.strip()
    match = _PROFILE_URL.match(raw)
    if match:
        raw = match.group(1)
    handle = raw.lstrip("@").strip().lower()
    if not _HANDLE.fullmatch(handle) or handle.endswith("."):
        raise InvalidHandle(text.strip()[:40])
    return handle
