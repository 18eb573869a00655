"""The order findings are shown in."""

from __future__ import annotations

from collections.abc import Sequence

from bot.analytics.diagnose.outcomes import Cause, Finding

_PRIORITY = {cause: n for n, cause in enumerate(Cause)}


def rank(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Highest score first; equal scores in the fixed order of ``Cause``."""
    return tuple(sorted(findings, key=lambda f: (-f.score, _PRIORITY[f.cause])))
