"""What a format parser is given: a text table with its header found, and the upload's context.

Columns are numpy arrays of ``str`` rather than pandas objects: a file is parsed cell by cell
once anyway (pandas' string methods loop in Python too), and pandas' per-call overhead would
otherwise cost more than the parsing of a year of daily rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

import numpy as np

from bot.analytics.formats.base import (
    ExportTime,
    Fact,
    ImportFileError,
    ImportLimits,
    ImportProblem,
    ParsedFile,
)

_BROWSER_COPY = re.compile(r"\s*\(\d+\)$")  # "Overview (1).csv": a browser's second download


def normalise_key(text: str) -> str:
    """A header cell as compared: case, spacing, BOM and Unicode form do not matter."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    return " ".join(text.split()).casefold()


def base_name(name: str) -> str:
    """The file's own name, whatever path (POSIX or Windows) came with it."""
    return PurePosixPath(name.replace("\\", "/")).name or name


def stem(name: str) -> str:
    """``Followers_x (1).zip`` -> ``Followers_x``: the name without extension or copy suffix."""
    return _BROWSER_COPY.sub("", PurePosixPath(base_name(name)).stem)


def first(mask: np.ndarray) -> int:
    """Position of the first True in ``mask``."""
    return int(np.argmax(mask))


@dataclass(frozen=True)
class Context:
    """The facts about an upload that a file alone cannot give: when, for whom, within what."""

    received_at: datetime  # aware, UTC
    export_at: datetime  # aware, UTC: the moment yearless dates are counted back from
    export_source: ExportTime  # where export_at came from, for the import summary
    limits: ImportLimits
    handle: str | None = None

    @property
    def latest_day(self) -> np.datetime64:
        """The last day a file may hold: a creator east of UTC is already on tomorrow."""
        return np.datetime64((self.received_at + timedelta(days=1)).date(), "D")


@dataclass(frozen=True)
class Table:
    """One sheet below its header. ``columns[i]`` holds column ``i``'s cells as stripped
    ``str`` ("" when blank), blank rows left out; ``rows`` gives each position's row number as
    a spreadsheet shows it. Columns past the header exist only for ragged formats."""

    name: str
    header: tuple[str, ...]
    keys: tuple[str, ...]
    columns: tuple[np.ndarray, ...]
    rows: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, key: str) -> bool:
        return key in self.keys

    def column(self, key: str) -> np.ndarray:
        """The first column whose key is ``key``."""
        return self.columns[self.keys.index(key)]

    def label(self, key: str) -> str:
        """The header as the file wrote it, for messages."""
        return self.header[self.keys.index(key)].strip()

    def renamed(self, keys: tuple[str, ...]) -> Table:
        return Table(self.name, self.header, keys, self.columns, self.rows)

    def error(
        self, problem: ImportProblem, at: int | None = None, **facts: Fact
    ) -> ImportFileError:
        """An error about this file, at position ``at`` (reported as its row number)."""
        row = None if at is None else int(self.rows[at])
        return ImportFileError(problem, file=self.name, row=row, **facts)


@dataclass(frozen=True)
class FormatSpec:
    """A format a parser module handles: ``detect`` looks at the file name and header keys.

    ``ragged`` formats receive rows longer than the header as they are; for the others, cells
    past the header must be blank (anything there means the columns have shifted).
    """

    name: str
    label: str  # Studio's section name (its files are named so), or the format's English name
    detect: Callable[[str, tuple[str, ...]], bool]
    parse: Callable[[Table, Context], ParsedFile]
    ragged: bool = False
