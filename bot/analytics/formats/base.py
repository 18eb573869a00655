"""What every format parser returns, and the one error an import may raise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import pandas as pd

from bot.analytics.model import empty_daily, empty_posts

MiB = 1024 * 1024


class ImportProblem(StrEnum):
    """Why a file was refused; bot/render/problems.py words each, with the error's facts."""

    TOO_LARGE = "too_large"  # size, limit (bytes)
    EMPTY_FILE = "empty_file"
    NOT_XLSX = "not_xlsx"
    NO_SHEETS = "no_sheets"
    NESTED_ZIP = "nested_zip"
    NOTHING_READABLE = "nothing_readable"  # found (member names), accepted (format labels)
    NO_VALUES = "no_values"  # files (names), count
    SHIFTED_CELLS = "shifted_cells"
    TOO_MANY_CELLS = "too_many_cells"  # limit
    TOO_MUCH_MARKUP = "too_much_markup"  # limit
    TOO_MUCH_TEXT = "too_much_text"  # limit
    UNPACKS_TOO_LARGE = "unpacks_too_large"  # size, limit (bytes, as the headers declare)
    UNPACKS_BEYOND_LIMIT = "unpacks_beyond_limit"  # limit (bytes)
    ZIP_UNREADABLE = "zip_unreadable"
    ZIP_TOO_MANY_FILES = "zip_too_many_files"  # count, limit
    ZIP_PASSWORD = "zip_password"
    ZIP_SIZE_FALSE = "zip_size_false"
    ZIP_DAMAGED = "zip_damaged"
    INVALID_TEXT = "invalid_text"  # encoding
    NOT_TEXT = "not_text"
    BINARY = "binary"
    TOO_MANY_COLUMNS = "too_many_columns"  # limit
    VALUE_TOO_LONG = "value_too_long"  # limit
    CSV_UNREADABLE = "csv_unreadable"  # detail (the CSV reader's own words)
    TOO_MANY_ROWS = "too_many_rows"  # limit
    XLSX_UNREADABLE = "xlsx_unreadable"
    XLSX_UNSAFE = "xlsx_unsafe"
    XLSX_UNSAFE_PART = "xlsx_unsafe_part"  # part (the workbook part's path)
    TOO_MANY_SHEETS = "too_many_sheets"  # limit
    CELL_TOO_LONG = "cell_too_long"  # limit
    FORMULA = "formula"  # formula (its start)
    TOO_MANY_FORMATS = "too_many_formats"  # limit
    TOO_MANY_TEXTS = "too_many_texts"  # limit
    # A sheet's contents; ``column`` is a column's name as the file writes it, ``value`` a cell.
    SHARE_UNLABELLED = "share_unlabelled"  # column
    LISTED_TWICE = "listed_twice"  # label
    BAD_HOUR = "bad_hour"  # value
    NOT_WHOLE_NUMBER = "not_whole_number"  # column, value
    NOT_A_SHARE = "not_a_share"  # column, value
    FUTURE_DAY = "future_day"  # day, received (UTC, YYYY-MM-DD HH:MM)
    NEGATIVE_FOLLOWERS = "negative_followers"  # value
    DAY_REPEATED = "day_repeated"  # day, earlier, later (row numbers)
    TOO_MANY_DAYS = "too_many_days"  # count, limit
    RAGGED_ROW = "ragged_row"  # count (cells), width (columns)
    MIXED_DATE_ORDER = "mixed_date_order"  # column
    AMBIGUOUS_DATE_ORDER = "ambiguous_date_order"  # column, first, second
    MIXED_LANGUAGES = "mixed_languages"  # column, value, language, other (language codes)
    NOT_A_DATE = "not_a_date"  # column, value
    BAD_YEAR = "bad_year"  # column, year, value
    NOT_A_DAY = "not_a_day"  # column, value, year
    NO_YEAR = "no_year"  # column, value
    SOME_YEARS = "some_years"  # column
    DATES_OUT_OF_ORDER = "dates_out_of_order"  # column, value
    # Why a sheet was not recognised, or holds nothing to import.
    EMPTY_SHEET = "empty_sheet"
    MISSING_COLUMN = "missing_column"  # missing (date | followers), names, found (headers)
    UNTRANSLATED_EXPORT = "untranslated_export"  # headers, expected
    UNRECOGNISED_SHEET = "unrecognised_sheet"  # cells (the first row's)
    NO_ROWS = "no_rows"
    NO_VALUES_YET = "no_values_yet"  # days


Fact = int | str | tuple[str, ...]


class ImportNote(StrEnum):
    """What an import reports about a file beside its figures (a note) or instead of some of
    them (a skip); bot/render/problems.py words each with the note's facts."""

    HEADERS_BY_POSITION = "headers_by_position"  # headers, section
    HEADERS_GUESSED = "headers_guessed"  # headers
    YEARS_COUNTED_BACK = "years_counted_back"  # source (an ExportTime), at (YYYY-MM-DD HH:MM)
    DIFFERENCE_UNCHECKED = "difference_unchecked"
    DIFFERENCE_EITHER = "difference_either"
    DIFFERENCE_SINCE = "difference_since"  # days (checked)
    DIFFERENCE_UNTIL = "difference_until"  # days (checked)
    DIFFERENCE_IGNORED = "difference_ignored"  # since_ok, since_days, until_ok, until_days
    TITLES_REALIGNED = "titles_realigned"  # count (rows)
    POSTS_AT_MIDNIGHT = "posts_at_midnight"
    POST_TIMES_UTC = "post_times_utc"
    NET_DIFFERS = "net_differs"  # count, known (days), row
    VALUES_DISAGREE = "values_disagree"  # count, earlier (files), metric, day, here, there
    # Skips: what was left out, and why.
    VIEWERS_NOT_STORED = "viewers_not_stored"  # rows
    COLUMNS_NOT_IMPORTED = "columns_not_imported"  # columns
    VIDEOS_WITHOUT_LINK = "videos_without_link"  # count, row
    RUNNING_TOTALS = "running_totals"  # columns
    NOT_CSV_OR_XLSX = "not_csv_or_xlsx"
    REFUSED = "refused"  # a ZIP member that could not be read: its ``refusal``
    NOTHING_IN_IT = "nothing_in_it"  # a ZIP member with no values: its ``refusal``


class ExportTime(StrEnum):
    """Where the moment yearless dates are counted back from came from."""

    UPLOAD = "upload"  # a file that names no export time
    ZIP_NAMES_NONE = "zip_names_none"  # a ZIP whose name gives no export time
    ZIP_EXPORT = "zip_export"  # the Overview ZIP name's export time
    ZIP_AFTER_UPLOAD = "zip_after_upload"  # a ZIP name's export time after the upload: unused


@dataclass(frozen=True)
class FileNote:
    """One note or skip about one file: a code, the facts it is worded from, and for a file
    left out because it could not be read, the refusal itself."""

    code: ImportNote
    file: str
    facts: dict[str, Fact] = field(default_factory=dict)
    refusal: ImportFileError | None = None


class ImportFileError(ValueError):
    """A file that cannot be imported: which file (and row), and why.

    ``problem`` is an ``ImportProblem`` with its ``facts``; bot/render/problems.py words it.
    It is the only exception an import lets out: arbitrary bytes raise this or nothing.
    """

    def __init__(
        self,
        problem: ImportProblem,
        *,
        file: str | None = None,
        row: int | None = None,
        **facts: Fact,
    ) -> None:
        self.problem = problem
        self.file = file
        self.row = row
        self.facts = facts
        where = file or ""
        if row is not None:
            where = f"{where}, row {row}" if where else f"row {row}"
        message = f"{problem} {facts}" if facts else str(problem)
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
                ImportProblem.TOO_LARGE, file=filename, size=size, limit=self.max_upload_bytes
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
    notes: list[FileNote] = field(default_factory=list)
    skipped: list[FileNote] = field(default_factory=list)
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
    def notes(self) -> list[FileNote]:
        return [note for parsed in self.files for note in parsed.notes]

    @property
    def skipped(self) -> list[FileNote]:
        return [item for parsed in self.files for item in parsed.skipped]

    @property
    def audience(self) -> dict[str, dict[str, float]]:
        """Snapshots with no history (gender, territories, active hours), first file wins."""
        merged: dict[str, dict[str, float]] = {}
        for parsed in self.files:
            for key, shares in parsed.audience.items():
                merged.setdefault(key, shares)
        return merged
