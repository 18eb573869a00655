"""Numbers as exports and hand-kept sheets write them, read strictly: a number or a clear error."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from bot.analytics.formats._languages import ascii_digits
from bot.analytics.formats._table import Table, first
from bot.analytics.formats.base import ImportProblem

# What a cell says when the day has no value yet: missing, never zero. Compared
# case-insensitively: `NaN`, `NAN` and `N/A` are all missing.
MISSING = frozenset({"", "undefined", "-", "--", "–", "—", "n/a", "#n/a", "nan", "null"})

# Cells never hold NUL (text with NUL is refused as binary; XML cannot hold it), so a column
# joined by NUL is checked by one regex pass instead of one call per cell.
_ALL_PLAIN = re.compile(r"[+-]?[0-9]{1,18}(?:\x00[+-]?[0-9]{1,18})*")
# "12,480", "12.480", "12 480", "12'480": one separator, used consistently, groups of three.
_GROUPED = re.compile(
    r"[+-]?[0-9]{1,3}(?P<sep>[,.\u00a0\u202f' ])[0-9]{3}(?:(?P=sep)[0-9]{3}){0,4}"
)
_PLAIN = re.compile(r"([+-]?[0-9]{1,18})(?:\.0+)?")  # "1234.0": a float column saved again
_SEPARATORS = re.compile(r"[,.\u00a0\u202f' ]")
_SHARE = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{1,12})?|\.[0-9]{1,12})")


class _Invalid:
    """Marks a cell that is not a number."""


_INVALID = _Invalid()


def _count(cell: str) -> int | _Invalid | None:
    if cell.casefold() in MISSING:
        return None
    cell = ascii_digits(cell)  # Arabic-Indic, Devanagari, Thai ... digits
    if _GROUPED.fullmatch(cell):
        return int(_SEPARATORS.sub("", cell))
    if match := _PLAIN.fullmatch(cell):
        return int(match[1])
    return _INVALID


def counts(table: Table, key: str) -> pd.arrays.IntegerArray:
    """The column under ``key`` as nullable counts; blank or ``undefined`` is missing.

    Thousands separators are accepted; anything else that is not a whole number is an error
    naming the row, so a shifted or mistyped column never turns into silent numbers.
    """
    cells = table.column(key)
    if _ALL_PLAIN.fullmatch("\x00".join(cells)):
        return pd.arrays.IntegerArray(cells.astype(np.int64), np.zeros(len(cells), bool))
    parsed = {cell: _count(cell) for cell in set(cells)}
    values = [parsed[cell] for cell in cells]
    invalid = np.fromiter((value is _INVALID for value in values), bool, len(values))
    if invalid.any():
        at = first(invalid)
        raise table.error(
            ImportProblem.NOT_WHOLE_NUMBER, at, column=table.label(key), value=cells[at][:40]
        )
    mask = np.fromiter((value is None for value in values), bool, len(values))
    numbers = np.fromiter((0 if value is None else value for value in values), np.int64)
    return pd.arrays.IntegerArray(numbers, mask)


def loose_numbers(cells: np.ndarray) -> np.ndarray:
    """Floats where a cell is a number as ``counts`` reads it, NaN elsewhere: for columns that
    are only compared, never stored, so a bad cell must not stop the import."""
    if _ALL_PLAIN.fullmatch("\x00".join(cells)):
        return cells.astype(np.int64).astype(float)
    values = [_count(cell) for cell in cells]
    return np.array([value if isinstance(value, int) else np.nan for value in values], float)


def _share(cell: str) -> float | _Invalid | None:
    if cell.casefold() in MISSING:
        return None
    number = cell.removesuffix("%").strip().replace(",", ".")
    if not _SHARE.fullmatch(number):
        return _INVALID
    return float(number) / (100 if cell.endswith("%") else 1)


def fractions(table: Table, key: str) -> np.ndarray:
    """Shares of an audience: ``0.59``, ``0,59`` or ``59%``, each 0 to 1; NaN when blank."""
    cells = table.column(key)
    values = [_share(cell) for cell in cells]
    for at, value in enumerate(values):
        if value is _INVALID or (isinstance(value, float) and value > 1):
            raise table.error(
                ImportProblem.NOT_A_SHARE, at, column=table.label(key), value=cells[at][:40]
            )
    return np.array([np.nan if value is None else value for value in values], dtype=float)
