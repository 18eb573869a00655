"""XLSX workbooks read as a stream of XML, within the upload's budget.

A workbook is a ZIP of XML parts; a few kilobytes of it can describe millions of empty cells,
strings or styles, and a general reader builds an object for each before anything can be
checked. This reader follows only what an import needs (sheet names, shared strings, which
styles are dates, cell values) and counts before it builds: the markup of every part is counted
in bulk before any part is parsed, every cell is charged before it is read, and cells past the
column limit are never built. Tags are matched by local name (a file may prefix them, ``x:c``);
the XML parser never sees a DOCTYPE (``refuse_doctypes`` runs first, and it refuses one too).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from bot.analytics.formats._read import (
    CHUNK,
    MAX_COLUMNS,
    ZIP_ERRORS,
    Budget,
    Sheet,
    cell_text,
    refuse_doctypes,
)
from bot.analytics.formats._table import base_name
from bot.analytics.formats.base import ImportFileError, ImportProblem

MAX_SHEETS = 50
MAX_FORMATS = 64_000  # Excel's own limit on a workbook's cell formats
MAX_CELL_CHARS = 32_767  # what Excel itself lets a cell hold
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"
_WORKSHEET = "/worksheet"

Start = Callable[[str, dict[str, str]], None]
End = Callable[[str], None]
Text = Callable[[str], None]


def _local(tag: str) -> str:
    """``x:c`` -> ``c``: the name without whatever prefix the file gave the namespace."""
    return tag.rpartition(":")[2]


def _column(reference: str) -> int:
    """``AB12`` -> 28: the column number of a cell reference."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


class _Part:
    """Streams one XML part of the workbook through expat, charging its markup to the budget."""

    def __init__(self, archive: zipfile.ZipFile, name: str, budget: Budget) -> None:
        self._archive = archive
        self._name = name
        self._budget = budget

    def parse(
        self, path: str, start: Start, end: End | None = None, text: Text | None = None
    ) -> None:
        try:
            info = self._archive.getinfo(path)
        except KeyError:
            raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=self._name) from None
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            with self._archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except ImportFileError:
            raise  # a ValueError itself: must not be reworded as damage below
        except (expat.ExpatError, *ZIP_ERRORS) as exc:
            raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=self._name) from exc

    def _doctype(self, *_args: object) -> None:
        raise ImportFileError(ImportProblem.XLSX_UNSAFE, file=self._name)


class _Relations:
    """``xl/_rels/workbook.xml.rels``: relationship id -> (type, part path)."""

    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            self.targets[attrs["Id"]] = (attrs.get("Type", ""), posixpath.normpath(path))

    def of_type(self, suffix: str) -> str | None:
        return next((path for kind, path in self.targets.values() if kind.endswith(suffix)), None)


class _Book:
    """``xl/workbook.xml``: the sheets in order, and which calendar dates count from."""

    def __init__(self, name: str) -> None:
        self._name = name
        self.sheets: list[tuple[str, str]] = []  # (title, relationship id)
        self.epoch = WINDOWS_EPOCH

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "sheet":
            if len(self.sheets) >= MAX_SHEETS:
                raise ImportFileError(
                    ImportProblem.TOO_MANY_SHEETS, file=self._name, limit=MAX_SHEETS
                )
            # r:id, whatever prefix the file gave the relationships namespace
            relation = next((v for k, v in attrs.items() if k.endswith(":id")), "")
            self.sheets.append((attrs.get("name", ""), relation))
        elif local == "workbookPr" and attrs.get("date1904", "").casefold() in {"1", "true"}:
            self.epoch = MAC_EPOCH


class _Strings:
    """``xl/sharedStrings.xml``: each ``<si>``'s text (rich-text runs joined, phonetic hints
    left out), bounded in total characters."""

    def __init__(self, name: str, budget: Budget) -> None:
        self._name = name
        self._budget = budget
        self.items: list[str] = []
        self._parts: list[str] | None = None
        self._in_text = False
        self._phonetic = 0

    def start(self, tag: str, _attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "si":
            self._parts = []
        elif local == "rPh":
            self._phonetic += 1
        elif local == "t" and self._parts is not None and not self._phonetic:
            self._in_text = True

    def end(self, tag: str) -> None:
        local = _local(tag)
        if local == "si" and self._parts is not None:
            self.items.append("".join(self._parts))
            self._parts = None
        elif local == "rPh":
            self._phonetic -= 1
        elif local == "t":
            self._in_text = False

    def text(self, data: str) -> None:
        if self._in_text and self._parts is not None:
            self._budget.spend_text(self._name, len(data))
            self._parts.append(data)


class _Styles:
    """``xl/styles.xml``: which cell formats show a number as a date (or a duration)."""

    def __init__(self) -> None:
        self._codes: dict[int, str] = {}
        self._formats: list[int] = []
        self._in_cell_formats = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "numFmt" and attrs.get("numFmtId", "").isdigit():
            self._codes[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            self._in_cell_formats = True
        elif local == "xf" and self._in_cell_formats:
            number = attrs.get("numFmtId", "0")
            self._formats.append(int(number) if number.isdigit() else 0)

    def end(self, tag: str) -> None:
        if _local(tag) == "cellXfs":
            self._in_cell_formats = False

    def kinds(self) -> dict[int, bool]:
        """Style index -> True for a duration, False for a date; others absent."""
        found = {}
        for index, number in enumerate(self._formats):
            code = self._codes.get(number, BUILTIN_FORMATS.get(number, ""))
            if code and is_date_format(code):
                found[index] = is_timedelta_format(code)
        return found


class _Cells:
    """One worksheet's ``<sheetData>``: rows of text, ``rows[i]`` is row ``i + 1``."""

    def __init__(
        self,
        label: str,
        budget: Budget,
        strings: list[str],
        dates: dict[int, bool],
        epoch: datetime,
        max_rows: int,
    ) -> None:
        self._label = label
        self._budget = budget
        self._strings = strings
        self._dates = dates
        self._epoch = epoch
        self._max_rows = max_rows
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._next_column = 1
        self._column = 0
        self._type = "n"
        self._style = -1
        self._value: list[str] = []
        self._formula: list[str] | None = None
        self._collect: list[str] | None = None  # what character data goes into, if anything
        self._phonetic = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "c":
            self._budget.spend_cells(self._label)
            reference = attrs.get("r")
            self._column = _column(reference) if reference else self._next_column
            self._next_column = self._column + 1
            self._type = attrs.get("t", "n")
            style = attrs.get("s", "")
            self._style = int(style) if style.isdigit() else -1
            self._value = []
            self._formula = None
        elif local == "row":
            self._start_row(attrs.get("r", ""))
        elif local == "v" or (local == "t" and not self._phonetic):
            self._collect = self._value
        elif local == "f":
            self._formula = []
            self._collect = self._formula
        elif local == "rPh":
            self._phonetic += 1

    def _start_row(self, number_text: str) -> None:
        number = int(number_text) if number_text.isdigit() else len(self.rows) + 1
        if number > self._max_rows:
            raise ImportFileError(
                ImportProblem.TOO_MANY_ROWS, file=self._label, limit=self._max_rows
            )
        if number <= len(self.rows):
            raise ImportFileError(
                ImportProblem.XLSX_UNREADABLE, file=self._label
            )  # rows out of order
        self.rows.extend([] for _ in range(number - 1 - len(self.rows)))
        self._row = []
        self.rows.append(self._row)
        self._next_column = 1

    def end(self, tag: str) -> None:
        local = _local(tag)
        if local in {"v", "t", "f"}:
            self._collect = None
        elif local == "rPh":
            self._phonetic -= 1
        elif local == "c":
            self._end_cell()

    def text(self, data: str) -> None:
        if self._collect is not None:
            self._collect.append(data)
            if sum(map(len, self._collect)) > MAX_CELL_CHARS:
                raise ImportFileError(
                    ImportProblem.CELL_TOO_LONG,
                    file=self._label,
                    row=len(self.rows),
                    limit=MAX_CELL_CHARS,
                )

    def _end_cell(self) -> None:
        if self._formula is not None:
            shown = ("=" + "".join(self._formula))[:40]
            raise ImportFileError(
                ImportProblem.FORMULA, file=self._label, row=len(self.rows), formula=shown
            )
        value = self._text("".join(self._value))
        if not value:
            return  # an empty (perhaps formatted) cell: nothing to build, wherever it is
        if self._row is None:
            raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=self._label)
        if self._column > MAX_COLUMNS:
            raise ImportFileError(
                ImportProblem.TOO_MANY_COLUMNS,
                file=self._label,
                row=len(self.rows),
                limit=MAX_COLUMNS,
            )
        self._row.extend([""] * (self._column - 1 - len(self._row)))
        if len(self._row) >= self._column:
            raise ImportFileError(
                ImportProblem.XLSX_UNREADABLE, file=self._label
            )  # cells out of order
        self._row.append(value)

    def _text(self, raw: str) -> str:
        """The cell as the sheet shows it, by its type."""
        kind = self._type
        if kind == "s":
            try:
                return self._strings[int(raw)]
            except (ValueError, IndexError):
                raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=self._label) from None
        if kind in {"inlineStr", "str", "e"}:
            return raw
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(raw.strip(), raw)
        if kind == "d":
            try:
                return cell_text(datetime.fromisoformat(raw.strip()))
            except ValueError:
                return raw
        return self._number(raw.strip())

    def _number(self, raw: str) -> str:
        if not raw:
            return ""
        try:
            number: float = float(raw) if any(c in raw for c in ".eE") else int(raw)
        except ValueError:
            raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=self._label) from None
        duration = self._dates.get(self._style)
        if duration is None:
            return cell_text(number)
        try:
            moment = from_excel(number, self._epoch, timedelta=duration)
        except (ValueError, OverflowError):
            return cell_text(number)
        return str(moment) if isinstance(moment, timedelta) else cell_text(moment)


def _measure(archive: zipfile.ZipFile, name: str, budget: Budget) -> None:
    """Charge every XML part's markup, cell formats and shared strings to the budget, counted
    in bulk on the compressed stream's output before any part is parsed: a workbook beyond the
    limits is refused at the speed of unzipping, without building a thing."""
    formats = strings = 0
    try:
        for info in archive.infolist():
            if not info.filename.casefold().endswith((".xml", ".rels")):
                continue
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    # Every tag begins with "<"; a split at a chunk's end undercounts by one.
                    budget.spend_markup(name, chunk.count(b"<"))
                    formats += chunk.count(b"<xf ") + chunk.count(b"<xf>")
                    strings += chunk.count(b"<si>")
    except ImportFileError:
        raise  # a ValueError itself: must not be reworded as damage below
    except ZIP_ERRORS as exc:
        raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=name) from exc
    if formats > MAX_FORMATS:
        raise ImportFileError(ImportProblem.TOO_MANY_FORMATS, file=name, limit=MAX_FORMATS)
    if strings > budget.limits.max_cells:  # more texts than cells to show them in
        raise ImportFileError(
            ImportProblem.TOO_MANY_TEXTS, file=name, limit=budget.limits.max_cells
        )


def read_workbook(
    name: str, data: bytes, archive: zipfile.ZipFile, budget: Budget, max_rows: int
) -> list[Sheet]:
    """Every worksheet as text; a formula anywhere is an error, since its value is not stored
    reliably (the cached result may be stale or absent).

    The caller has checked the workbook's ZIP against the limits (``open_zip``) first.
    """
    refuse_doctypes(name, data)
    _measure(archive, name, budget)
    part = _Part(archive, name, budget)
    relations = _Relations()
    book = _Book(name)
    part.parse("xl/_rels/workbook.xml.rels", relations.start)
    part.parse("xl/workbook.xml", book.start)
    strings = _Strings(name, budget)
    if path := relations.of_type(_SHARED_STRINGS):
        part.parse(path, strings.start, strings.end, strings.text)
    styles = _Styles()
    if path := relations.of_type(_STYLES):
        part.parse(path, styles.start, styles.end)
    dates = styles.kinds()
    sheets: list[Sheet] = []
    seen: set[str] = set()
    for title, relation in book.sheets:
        kind, path = relations.targets.get(relation, ("", ""))
        if not kind.endswith(_WORKSHEET):
            continue  # a chart sheet or a dialog sheet: no cells
        if path in seen:
            raise ImportFileError(ImportProblem.XLSX_UNREADABLE, file=name)  # one part listed twice
        seen.add(path)
        label = name if len(book.sheets) == 1 else f"{name} (sheet {title})"
        cells = _Cells(label, budget, strings.items, dates, book.epoch, max_rows)
        part.parse(path, cells.start, cells.end, cells.text)
        sheets.append(Sheet(name=label, names=(base_name(name), title), rows=cells.rows))
    return sheets
