"""Snapshots with no history (who the followers are, where): label -> share of followers."""

from __future__ import annotations

import numpy as np

from bot.analytics.formats import _studio
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._table import Context, FormatSpec, Table, first
from bot.analytics.formats._values import fractions
from bot.analytics.formats.base import ImportProblem, ParsedFile
from bot.analytics.vocabulary import AudienceKey


def shares(table: Table, label_key: str, share_key: str) -> dict[str, float]:
    """``{"Female": 0.59, ...}``; a share without a label, or a label twice, is an error."""
    labels = table.column(label_key)
    values = fractions(table, share_key)
    unnamed = (labels == "") & ~np.isnan(values)
    if unnamed.any():
        raise table.error(
            ImportProblem.SHARE_UNLABELLED, first(unnamed), column=table.label(label_key)
        )
    result: dict[str, float] = {}
    for at, (label, value) in enumerate(zip(labels, values, strict=True)):
        if label in result:
            raise table.error(ImportProblem.LISTED_TWICE, at, label=str(label)[:40])
        if label and not np.isnan(value):
            result[str(label)] = float(value)
    return result


def share_format(
    *, name: str, section: str, columns: tuple[str, str], key: AudienceKey
) -> FormatSpec:
    """A Studio section that is a label -> share snapshot (FollowerGender and
    FollowerTopTerritories differ only in these four values)."""
    header = _studio.header(*columns)

    def detect(file_name: str, keys: tuple[str, ...]) -> bool:
        return _studio.matches(file_name, keys, section, header)

    def parse(table: Table, context: Context) -> ParsedFile:
        table, notes = _studio.conform(table, section, header)
        return ParsedFile(
            name=table.name,
            format=name,
            daily=no_daily(),
            posts=no_posts(),
            audience={key: shares(table, *header)},
            notes=notes,
        )

    return FormatSpec(name=name, label=section, detect=detect, parse=parse)
