"""Bytes to rows of text: ZIPs within limits, text in the encodings exports use, CSV and XLSX.

Everything here treats the upload as hostile: sizes are checked before work, decompressed
bytes are counted as they come (a ZIP's headers may lie), and every failure of the readers
underneath becomes an ``ImportFileError`` that says what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import lzma
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from bot.analytics.formats._table import base_name
from bot.analytics.formats.base import ImportFileError, ImportLimits, ImportProblem

MAX_COLUMNS = 100  # the widest real export (Business Suite) has about 25
CHUNK = 64 * 1024
_BATCH_ROWS = 64
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, or a password-protected workbook
_XML_PARTS = (".xml", ".rels", ".vml")
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    KeyError,
)


@dataclass(frozen=True)
class Sheet:
    """Rows of text as a spreadsheet shows them: ``rows[i]`` is row ``i + 1``."""

    name: str  # for messages
    names: tuple[str, ...]  # what detection may look at: the file's name, the sheet's title
    rows: list[list[str]]


class Budget:
    """What an upload may still unpack to and ask the readers to build (bytes, cells, markup,
    text); one per upload, so threads never share it. Everything is charged before the work
    it stands for is done."""

    def __init__(self, limits: ImportLimits) -> None:
        self.left = limits.max_unzipped_bytes
        self.limit = limits.max_unzipped_bytes
        self.limits = limits
        self.cells = limits.max_cells
        self.markup = limits.max_markup
        self.text = limits.max_text_chars

    def spend_cells(self, name: str, count: int = 1) -> None:
        self.cells -= count
        if self.cells < 0:
            raise ImportFileError(
                ImportProblem.TOO_MANY_CELLS, file=name, limit=self.limits.max_cells
            )

    def spend_markup(self, name: str, count: int) -> None:
        self.markup -= count
        if self.markup < 0:
            raise ImportFileError(
                ImportProblem.TOO_MUCH_MARKUP, file=name, limit=self.limits.max_markup
            )

    def spend_text(self, name: str, count: int) -> None:
        self.text -= count
        if self.text < 0:
            raise ImportFileError(
                ImportProblem.TOO_MUCH_TEXT, file=name, limit=self.limits.max_text_chars
            )

    def check_declared(self, name: str, declared: int) -> None:
        if declared > self.left:
            raise ImportFileError(
                ImportProblem.UNPACKS_TOO_LARGE, file=name, size=declared, limit=self.limit
            )

    def spend(self, name: str, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise ImportFileError(ImportProblem.UNPACKS_BEYOND_LIMIT, file=name, limit=self.limit)


def is_zip(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGIC)


def is_legacy_excel(data: bytes) -> bool:
    return data.startswith(_OLE_MAGIC)


def open_zip(name: str, data: bytes, limits: ImportLimits, budget: Budget) -> zipfile.ZipFile:
    """The archive, once its member count and declared sizes are within limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise ImportFileError(ImportProblem.ZIP_UNREADABLE, file=name) from exc
    if len(infos) > limits.max_zip_members:
        raise ImportFileError(
            ImportProblem.ZIP_TOO_MANY_FILES,
            file=name,
            count=len(infos),
            limit=limits.max_zip_members,
        )
    budget.check_declared(name, sum(info.file_size for info in infos))
    return archive


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: Budget
) -> bytes:
    """A member's bytes, counted as they are decompressed rather than as the header claims."""
    if info.flag_bits & 0x1:
        raise ImportFileError(ImportProblem.ZIP_PASSWORD, file=name)
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                budget.spend(name, len(chunk))
                if size > info.file_size:
                    raise ImportFileError(ImportProblem.ZIP_SIZE_FALSE, file=name)
                parts.append(chunk)
    except ImportFileError:
        raise  # a ValueError itself: must not be reworded as damage below
    except ZIP_ERRORS as exc:
        raise ImportFileError(ImportProblem.ZIP_DAMAGED, file=name) from exc
    return b"".join(parts)


def is_workbook(archive: zipfile.ZipFile) -> bool:
    return "xl/workbook.xml" in archive.namelist()


def decode(name: str, data: bytes) -> str:
    """Text in what exports use: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", data[2:]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", data[2:]
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8" or body is not data:
            raise ImportFileError(
                ImportProblem.INVALID_TEXT, file=name, encoding=encoding.upper()
            ) from None
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(ImportProblem.NOT_TEXT, file=name) from None
    if "\x00" in text:
        raise ImportFileError(ImportProblem.BINARY, file=name)
    return text


def _delimiter(text: str) -> str:
    """Comma unless the first lines plainly use semicolons or tabs (European Excel, TSV).

    Several lines are looked at because a hand-kept sheet may start with a title line.
    """
    head = text[:4096].split("\n", 10)[:10]
    counts = {sep: sum(line.count(sep) for line in head) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _lines(text: str, name: str, delimiter: str, budget: Budget) -> Iterator[str]:
    """The text line by line, ends kept (old Mac files end lines with CR alone); each line's
    cells (at most its delimiters plus one) are charged to ``budget`` before the CSV reader
    builds them, so a line of millions of fields is refused, not split.

    Sliced lazily rather than through ``io.StringIO``, whose one-call copy of a 10 MiB text
    holds the GIL long enough to stall the event loop of the thread that awaits this one.
    """
    end_of_line = "\n" if "\n" in text else "\r"
    start = 0
    while start < len(text):
        end = text.find(end_of_line, start)
        end = len(text) if end == -1 else end + 1
        line = text[start:end]
        budget.spend_cells(name, line.count(delimiter) + 1)
        yield line
        start = end


def read_csv(name: str, text: str, max_rows: int, budget: Budget) -> Sheet:
    delimiter = _delimiter(text)
    reader = csv.reader(_lines(text, name, delimiter, budget), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        # In short batches: one C call over a 10 MiB file would hold the GIL for ~100 ms and
        # stall the bot's event loop while this runs in a worker thread.
        while (batch := list(islice(reader, _BATCH_ROWS))) and len(rows) <= max_rows:
            widest = max(map(len, batch))
            if widest > MAX_COLUMNS:
                at = len(rows) + next(n for n, row in enumerate(batch, 1) if len(row) == widest)
                raise ImportFileError(
                    ImportProblem.TOO_MANY_COLUMNS, file=name, row=at, limit=MAX_COLUMNS
                )
            rows += batch
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ImportFileError(
                ImportProblem.VALUE_TOO_LONG,
                file=name,
                row=reader.line_num,
                limit=csv.field_size_limit(),
            ) from exc
        raise ImportFileError(
            ImportProblem.CSV_UNREADABLE, file=name, row=reader.line_num, detail=str(exc)
        ) from exc
    if len(rows) > max_rows:
        raise ImportFileError(ImportProblem.TOO_MANY_ROWS, file=name, limit=max_rows)
    return Sheet(name=name, names=(base_name(name),), rows=rows)


def cell_text(value: object) -> str:
    """A cell as text: sheets may hold numbers and dates where exports hold text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _RootReached(Exception):
    """The root element has begun: past the prolog, where a DTD would have to be."""


class _Prolog:
    """A parser target that stops at the root element: only the prolog is looked at."""

    def start(self, _tag: str, _attrs: dict[str, str]) -> None:
        raise _RootReached


def refuse_doctypes(name: str, data: bytes) -> None:
    """Refuse a workbook whose XML declares a DOCTYPE or entities.

    Excel never writes one; a DTD is how entity-expansion ("billion laughs") and external-entity
    attacks reach an XML reader, so such a file is treated as hostile rather than read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.casefold().endswith(_XML_PARTS):
                    _check_prolog(name, archive, info)
    except ImportFileError:
        raise  # a ValueError itself: must not be reworded as damage below
    except ZIP_ERRORS as exc:
        raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=name) from exc


def _check_prolog(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    parser = DefusedXMLParser(target=_Prolog(), forbid_dtd=True)
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                parser.feed(chunk)
        parser.close()
    except _RootReached:
        return
    except DefusedXmlException as exc:
        raise ImportFileError(
            ImportProblem.XLSX_UNSAFE_PART, file=name, part=info.filename
        ) from exc
    except ParseError as exc:
        raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=name) from exc
