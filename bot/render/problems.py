"""The wording of what the domain refuses: its errors carry a code and the facts, and this
module turns them into the sentence a member reads, in the reply's language."""

from __future__ import annotations

from bot.analytics.formats.base import ImportFileError
from bot.analytics.handles import InvalidHandle
from bot.i18n import _


def invalid_handle(error: InvalidHandle) -> str:
    """Why the typed text is not a TikTok username, and what one looks like."""
    # Translators: {text} is what the member typed; `@glowlab.studio` is an example username.
    return _(
        "`{text}` is not a TikTok username: use 2-24 letters, digits, underscores or periods, "
        "like `@glowlab.studio`."
    ).format(text=error.text)


def nothing_imported(error: ImportFileError) -> str:
    """The answer to an upload that was refused: nothing was stored, and why."""
    # Translators: {problem} says which file (and row) was refused and why.
    return _("Nothing was imported: {problem}").format(problem=import_problem(error))


def import_problem(error: ImportFileError) -> str:
    """Which file (and row) an import refused, and what to fix."""
    return str(error)
