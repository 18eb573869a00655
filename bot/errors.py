"""Errors whose message is meant for the person who ran the command."""

from __future__ import annotations

from discord import app_commands


class UserFacingError(app_commands.AppCommandError):
    """Something the user can fix; the message says what was wrong and what to do."""
