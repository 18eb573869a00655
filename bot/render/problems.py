"""The wording of what the domain refuses: its errors carry a code and the facts, and this
module turns them into the sentence a member reads, in the reply's language."""

from __future__ import annotations

from bot.analytics.handles import InvalidHandle
from bot.i18n import _


def invalid_handle(error: InvalidHandle) -> str:
    """Why the typed text is not a TikTok username, and what one looks like."""
    # Translators: {text} is what the member typed; `@glowlab.studio` is an example username.
    return _(
        "`{text}` is not a TikTok username: use 2-24 letters, digits, underscores or periods, "
        "like `@glowlab.studio`."
    ).format(text=error.text)
