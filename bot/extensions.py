"""The cogs the bot loads: one slash command group (or a few commands) each."""

from __future__ import annotations

EXTENSIONS: tuple[str, ...] = (
    "cogs.accounts",
    "cogs.data",
    "cogs.insights",
    "cogs.digest",
    "cogs.alerts",
    "cogs.settings",
    "cogs.forecast",
    "cogs.goals",
    "cogs.audience",
    "cogs.team",
)
