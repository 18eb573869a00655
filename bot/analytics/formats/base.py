"""What every format parser returns, and the one error an import may raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from bot.analytics.model import empty_daily, empty_posts

MiB = 1024 * 1024


class ImportFileError(ValueError):
    """A file that cannot be imported; the message says what was wrong and what to do.

    It is the only exception an import lets out: arbitrary bytes raise this or nothing.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None) -> None:
        self.file = file
        self.row = row
        where = file or ""
        if row is not None:
            where = f"{where}, row {row}" if where else f"row {row}"
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class ImportLimits:
    """Limits enforced before any work is done on an upload."""

    max_upload_bytes: int = 10 * MiB  # Discord's own attachment ceiling for unboosted servers
    max_unzipped_bytes: int = 50 * MiB  # a real Studio export is a few hundred KiB unzipped
    max_zip_members: int = 200  # Studio ZIPs hold 1-4 CSVs
    max_days: int = 5 * 366  # five years of daily rows; Studio offers at most 365 days
    # Bounds on the work a file can ask for, whatever its size, each reached in well under a
    # second: the largest real exports (a year of posts or of hourly activity) have a few tens
    # of thousands of cells.
    max_cells: int = 100_000  # cells read, empty ones included, across the upload's files
    max_markup: int = 400_000  # XML tags in a workbook's parts (a cell takes two to six)
    max_text_chars: int = 10_000_000  # characters in a workbook's shared strings

    def check_size(self, filename: str, size: int) -> None:
        """Refuse an oversized upload before a byte of it is downloaded or read."""
        if size > self.max_upload_bytes:
            raise ImportFileError(
                f"the file is {size / MiB:.1f} MiB; the limit is "
                f"{self.max_upload_bytes // MiB} MiB. Export a shorter date range.",
                file=filename,
            )


@dataclass
class ParsedFile:
    """One recognised file (or ZIP member) turned into tidy frames.

    ``daily`` and ``posts`` follow ``bot.analytics.model``; ``audience`` holds snapshots with no
    history (gender, territories, active hours); ``notes`` are assumptions and disagreements the
    import summary must mention; ``skipped`` says what was left out and why; ``empty`` marks a
    recognised file whose rows hold no values, so an upload of nothing else can say so.
    """

    name: str
    format: str
    daily: pd.DataFrame = field(default_factory=empty_daily)
    posts: pd.DataFrame = field(default_factory=empty_posts)
    audience: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    handle: str | None = None
    empty: bool = False


@dataclass
class ParsedUpload:
    """Everything one uploaded file (a CSV, an XLSX or a ZIP of them) contributed."""

    files: list[ParsedFile]
    daily: pd.DataFrame
    posts: pd.DataFrame
    received_at: datetime

    @property
    def notes(self) -> list[str]:
        return [note for parsed in self.files for note in parsed.notes]

    @property
    def skipped(self) -> list[str]:
        return [item for parsed in self.files for item in parsed.skipped]

    @property
    def audience(self) -> dict[str, dict[str, float]]:
        """Snapshots with no history (gender, territories, active hours), first file wins."""
        merged: dict[str, dict[str, float]] = {}
        for parsed in self.files:
            for key, shares in parsed.audience.items():
                merged.setdefault(key, shares)
        return merged
