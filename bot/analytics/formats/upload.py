"""One upload to frames: a CSV, an XLSX or a Studio ZIP, each member found and parsed, their
daily rows and posts merged into one upload. Pure and thread-safe: no clock reads (the caller
passes ``received_at``), no shared mutable state.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import zip_longest
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from bot.analytics.formats import _business, sheet
from bot.analytics.formats._daily import no_daily
from bot.analytics.formats._posts import no_posts
from bot.analytics.formats._read import (
    Budget,
    Sheet,
    decode,
    is_legacy_excel,
    is_workbook,
    is_zip,
    open_zip,
    read_csv,
    read_member,
)
from bot.analytics.formats._table import (
    Context,
    FormatSpec,
    Table,
    base_name,
    normalise_key,
    stem,
)
from bot.analytics.formats._xlsx import read_workbook
from bot.analytics.formats.base import (
    ExportTime,
    FileNote,
    ImportFileError,
    ImportLimits,
    ImportNote,
    ImportProblem,
    ParsedFile,
    ParsedUpload,
)
from bot.analytics.formats.catalog import FORMATS, UNRECOGNISED
from bot.analytics.handles import InvalidHandle, normalise_handle
from bot.analytics.model import DAILY_METRICS, POST_COLUMNS

_HEADER_SEARCH_ROWS = 10  # a sheet may have a title or blank rows above its header
_ROWS_PER_DAY = 24  # FollowerActivity has one row per hour
_MEMBER_TYPES = {".csv", ".tsv", ".txt", ".xlsx", ""}
_WORKBOOK_TYPES = {".xlsx", ".xlsm"}
_OVERVIEW_ZIP = re.compile(r"^overview_\d{4}-\d{2}-\d{2}_(\d{9,13})_(.+)$", re.IGNORECASE)
_SECTION_ZIP = re.compile(r"^(?:overview|followers|viewers|content)_(.+)$", re.IGNORECASE)
DEFAULT_LIMITS = ImportLimits()  # frozen, so one shared default is safe


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _handle(text: str) -> str | None:
    try:
        return normalise_handle(text)
    except InvalidHandle:
        return None


def _zip_context(name: str, received: datetime, limits: ImportLimits) -> Context:
    """Handle and export moment from a Studio ZIP name, e.g.
    ``Overview_2026-08-23_1795255200_glowlab.studio (1).zip`` (date = window start)."""
    export_at, source, handle = received, ExportTime.ZIP_NAMES_NONE, None
    if match := _OVERVIEW_ZIP.match(stem(name)):
        seconds = int(match[1])
        moment = datetime.fromtimestamp(seconds / 1000 if seconds > 10**11 else seconds, UTC)
        if moment <= received + timedelta(days=1):
            export_at = moment
            source = ExportTime.ZIP_EXPORT
        else:
            source = ExportTime.ZIP_AFTER_UPLOAD
        handle = _handle(match[2])
    elif match := _SECTION_ZIP.match(stem(name)):
        handle = _handle(match[1])
    return Context(received, export_at, source, limits, handle)


def _keys(row: Sequence[str]) -> tuple[str, ...]:
    keys = [normalise_key(cell) for cell in row]
    while keys and not keys[-1]:
        keys.pop()
    return tuple(keys)


def _locate(found: Sheet) -> tuple[FormatSpec, int] | None:
    """The format and header row, looking a few rows down past titles and blank rows."""
    for index, row in enumerate(found.rows[:_HEADER_SEARCH_ROWS]):
        keys = _keys(row)
        if not keys:
            continue
        for spec in FORMATS:
            if any(spec.detect(name, keys) for name in found.names):
                return spec, index
    return None


def _unrecognised(found: Sheet) -> ImportFileError:
    """Why nothing matched: a half-recognisable sheet says which column it lacks."""
    rows = enumerate(found.rows[:_HEADER_SEARCH_ROWS])
    headers = [(index, row) for index, row in rows if _keys(row)]
    if not headers:
        return ImportFileError(ImportProblem.EMPTY_SHEET, file=found.name)
    for index, row in headers:
        if missing := sheet.missing_column(found.name, index + 1, _keys(row), tuple(row)):
            return missing
    index, row = headers[0]
    if untranslated := _business.untranslated(found.name, row, found.rows[index + 1 : index + 4]):
        return untranslated
    return ImportFileError(
        ImportProblem.UNRECOGNISED_SHEET,
        file=found.name,
        cells=tuple(cell.strip()[:40] for cell in row[:12] if cell.strip()),
    )


def _tabulate(found: Sheet, spec: FormatSpec, index: int) -> Table:
    """The rows below the header, stripped, blank rows left out, numbered as the sheet shows.

    Worked column by column (C-level maps and numpy masks), not row by row.
    """
    row = found.rows[index]
    keys = _keys(row)
    width = len(keys)
    rest = found.rows[index + 1 :]
    transposed = list(zip_longest(*rest, fillvalue=""))
    transposed += [("",) * len(rest)] * (width - len(transposed))
    columns = [np.array(list(map(str.strip, cells)), dtype=object) for cells in transposed]
    filled = np.logical_or.reduce([column != "" for column in columns])
    numbers = np.arange(index + 2, index + 2 + len(rest), dtype=np.int64)[filled]
    columns = [column[filled] for column in columns]
    if len(columns) > width and not spec.ragged:
        shifted = np.logical_or.reduce([column != "" for column in columns[width:]])
        if shifted.any():
            raise ImportFileError(
                ImportProblem.SHIFTED_CELLS,
                file=found.name,
                row=int(numbers[int(np.argmax(shifted))]),
            )
        columns = columns[:width]
    return Table(found.name, tuple(row[:width]), keys, tuple(columns), numbers)


def _has_values(parsed: ParsedFile) -> bool:
    return (
        bool(parsed.daily.notna().to_numpy().any())
        or not parsed.posts.empty
        or bool(parsed.audience)
    )


def _parse_sheet(found: Sheet, context: Context, *, optional: bool) -> ParsedFile:
    """One sheet parsed; unrecognised or without values, it is an error, or a note when
    ``optional`` (a ZIP's other members may still hold data)."""
    located = _locate(found)
    if located is None:
        error = _unrecognised(found)
        if not optional:
            raise error
        return _unrecognised_file(found.name, error)
    spec, index = located
    table = _tabulate(found, spec, index)
    parsed = spec.parse(table, context) if len(table) else None
    if parsed is None or (not parsed.daily.empty and not _has_values(parsed)):
        refusal = (
            ImportFileError(ImportProblem.NO_ROWS, file=found.name)
            if parsed is None
            else ImportFileError(
                ImportProblem.NO_VALUES_YET, file=found.name, days=len(parsed.daily)
            )
        )
        if not optional:
            raise refusal
        parsed = ParsedFile(
            name=found.name,
            format=spec.name,
            daily=no_daily(),
            posts=no_posts(),
            skipped=[FileNote(ImportNote.NOTHING_IN_IT, found.name, refusal=refusal)],
            empty=True,
        )
    parsed.handle = context.handle
    return parsed


def _require_values(name: str, files: Sequence[ParsedFile]) -> None:
    """Refuse an upload whose recognised files all lack values: it would import nothing."""
    empty = [parsed.name.rsplit("/", 1)[-1] for parsed in files if parsed.empty]
    if empty and all(parsed.empty or parsed.format == UNRECOGNISED for parsed in files):
        raise ImportFileError(ImportProblem.NO_VALUES, file=name, files=tuple(empty))


def _parse_workbook(
    name: str,
    data: bytes,
    archive: zipfile.ZipFile,
    context: Context,
    budget: Budget,
    *,
    optional: bool,
) -> list[ParsedFile]:
    """Every recognised sheet; ``archive`` is the workbook's ZIP, already checked by limits."""
    budget.spend(name, sum(info.file_size for info in archive.infolist()))
    sheets = read_workbook(name, data, archive, budget, context.limits.max_days * _ROWS_PER_DAY)
    parsed = [_parse_sheet(found, context, optional=True) for found in sheets]
    if not optional and all(item.format == UNRECOGNISED for item in parsed):
        raise (
            _unrecognised(sheets[0])
            if sheets
            else ImportFileError(ImportProblem.NO_SHEETS, file=name)
        )
    if not optional:
        _require_values(name, parsed)
    return parsed


def _parse_archive(
    name: str, archive: zipfile.ZipFile, context: Context, budget: Budget
) -> list[ParsedFile]:
    """Every member of a ZIP of exports; nested ZIPs are refused, unknown members noted."""
    files: list[ParsedFile] = []
    for info in archive.infolist():
        member = base_name(info.filename)
        if not member or info.filename.endswith("/") or info.filename.startswith("__MACOSX/"):
            continue  # folders (and nameless entries) and the metadata macOS leaves behind
        if member.startswith("."):
            continue  # .DS_Store, ._resource forks
        shown = f"{name}/{member}"
        suffix = PurePosixPath(member).suffix.casefold()
        if suffix == ".zip":
            raise ImportFileError(ImportProblem.NESTED_ZIP, file=shown)
        if suffix not in _MEMBER_TYPES:
            files.append(_unrecognised_file(shown))
            continue
        content = read_member(archive, info, shown, budget)
        if is_zip(content):
            inner = open_zip(shown, content, context.limits, budget)
            if not is_workbook(inner):
                raise ImportFileError(ImportProblem.NESTED_ZIP, file=shown)
            files += _parse_workbook(shown, content, inner, context, budget, optional=True)
        else:
            text = decode(shown, content)
            found = read_csv(shown, text, context.limits.max_days * _ROWS_PER_DAY, budget)
            files.append(_parse_sheet(found, context, optional=True))
    if all(parsed.format == UNRECOGNISED for parsed in files):
        raise ImportFileError(
            ImportProblem.NOTHING_READABLE,
            file=name,
            found=tuple(parsed.name.rsplit("/", 1)[-1] for parsed in files),
        )
    _require_values(name, files)
    return files


def _merge_daily(files: Sequence[ParsedFile]) -> pd.DataFrame:
    """Per day and metric the first file's value; a later file that disagrees gets a note."""
    frames = [parsed for parsed in files if not parsed.daily.empty]
    if not frames:
        return no_daily()
    merged = frames[0].daily.copy(deep=False)  # copy-on-write: cheap, and the file's stays its own
    for position, parsed in enumerate(frames[1:], start=1):
        frame = parsed.daily
        common = merged.index.intersection(frame.index)
        kept, other = merged.loc[common], frame.loc[common]
        clash = (kept.notna() & other.notna() & (kept != other).fillna(False)).to_numpy()
        if clash.any():
            at_day, at_metric = (int(axis[0]) for axis in np.nonzero(clash))
            day, metric = common[at_day], merged.columns[at_metric]
            parsed.notes.append(
                FileNote(
                    ImportNote.VALUES_DISAGREE,
                    parsed.name,
                    {
                        "count": int(clash.sum()),
                        "earlier": tuple(item.name for item in frames[:position]),
                        "metric": str(metric),
                        "day": f"{day:%Y-%m-%d}",
                        "here": int(other[metric].iloc[at_day]),
                        "there": int(kept[metric].iloc[at_day]),
                    },
                )
            )
        merged = merged.combine_first(frame)[list(DAILY_METRICS)]
    return merged


def _merge_posts(files: Sequence[ParsedFile]) -> pd.DataFrame:
    """One row per post id, each field from the first file that gave it."""
    frames = [parsed.posts for parsed in files if not parsed.posts.empty]
    if not frames:
        return no_posts()
    if len(frames) == 1:
        return frames[0].copy(deep=False)
    posts = pd.concat(frames, ignore_index=True)
    return posts.groupby("post_id", sort=False).first().reset_index()[list(POST_COLUMNS)]


def _unrecognised_file(name: str, refusal: ImportFileError | None = None) -> ParsedFile:
    """A ZIP member left out: unreadable (``refusal`` says why) or not a CSV or XLSX at all."""
    skipped = (
        FileNote(ImportNote.NOT_CSV_OR_XLSX, name)
        if refusal is None
        else FileNote(ImportNote.REFUSED, name, refusal=refusal)
    )
    return ParsedFile(
        name=name, format=UNRECOGNISED, daily=no_daily(), posts=no_posts(), skipped=[skipped]
    )


def parse_upload(
    name: str, data: bytes, *, received_at: datetime, limits: ImportLimits = DEFAULT_LIMITS
) -> ParsedUpload:
    """Everything one uploaded file holds, or an ``ImportFileError`` saying what to fix.

    ``received_at`` is when the upload arrived (naive means UTC): it bounds future dates and,
    without an Overview ZIP's export time, anchors the years Studio leaves out.
    """
    received = _utc(received_at)
    shown = base_name(name)
    limits.check_size(shown, len(data))
    if not data:
        raise ImportFileError(ImportProblem.EMPTY_FILE, file=shown)
    budget = Budget(limits)
    plain = Context(received, received, ExportTime.UPLOAD, limits)
    suffix = PurePosixPath(shown).suffix.casefold()
    if is_zip(data):
        archive = open_zip(shown, data, limits, budget)
        if is_workbook(archive):
            files = _parse_workbook(shown, data, archive, plain, budget, optional=False)
        else:
            files = _parse_archive(shown, archive, _zip_context(shown, received, limits), budget)
    elif is_legacy_excel(data) or suffix in _WORKBOOK_TYPES:
        raise ImportFileError(ImportProblem.NOT_XLSX, file=shown)
    else:
        rows = read_csv(shown, decode(shown, data), limits.max_days * _ROWS_PER_DAY, budget)
        files = [_parse_sheet(rows, plain, optional=False)]
    return ParsedUpload(
        files=files,
        daily=_merge_daily(files),
        posts=_merge_posts(files),
        received_at=received_at,
    )
