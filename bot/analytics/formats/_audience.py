"""Snapshots with no history (who the followers are, where): label -> share of followers."""

from __future__ import annotations

import numpy as np

from bot.analytics.formats._table import Table, first
from bot.analytics.formats._values import fractions


def shares(table: Table, label_key: str, share_key: str) -> dict[str, float]:
    """``{"Female": 0.59, ...}``; a share without a label, or a label twice, is an error."""
    labels = table.column(label_key)
    values = fractions(table, share_key)
    unnamed = (labels == "") & ~np.isnan(values)
    if unnamed.any():
        raise table.error(f"a share has no `{table.label(label_key)}`", first(unnamed))
    result: dict[str, float] = {}
    for at, (label, value) in enumerate(zip(labels, values, strict=True)):
        if label in result:
            raise table.error(f"`{label[:40]}` is listed twice", at)
        if label and not np.isnan(value):
            result[str(label)] = float(value)
    return result
