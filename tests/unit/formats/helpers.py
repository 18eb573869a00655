"""Fixture builders: files made byte for byte as TikTok's exports make them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import openpyxl
import pandas as pd

from bot.analytics.formats import ImportLimits, ParsedUpload, parse_upload

RECEIVED = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
EXPORT_EPOCH = 1795255200  # 2026-11-21 10:00 UTC

FOLLOWER_HISTORY = ("Date", "Followers", "Difference in followers from previous day")
OVERVIEW = ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares")
CONTENT = (
    "Time", "Video title", "Video link", "Post time",
    "Total likes", "Total comments", "Total shares", "Total views",
)  # fmt: skip


def studio_csv(header: Sequence[object], *rows: Sequence[object]) -> bytes:
    """Studio's CSV exactly: UTF-8 with BOM, every field quoted, LF, no final newline."""
    lines = [",".join(f'"{cell}"' for cell in row) for row in (header, *rows)]
    return ("\ufeff" + "\n".join(lines)).encode("utf-8")


def text_csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def zip_bytes(
    members: Iterable[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, list[list[object]]], *, as_text: bool = True) -> bytes:
    """A workbook; with ``as_text`` every cell is stored as text, numbers included."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c)
                cell.value = str(value) if as_text else value
                if as_text:
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse(
    name: str,
    data: bytes,
    *,
    received_at: datetime = RECEIVED,
    limits: ImportLimits | None = None,
) -> ParsedUpload:
    if limits is None:
        return parse_upload(name, data, received_at=received_at)
    return parse_upload(name, data, received_at=received_at, limits=limits)


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def column(upload: ParsedUpload, metric: str) -> dict[str, object]:
    """A daily column as {"YYYY-MM-DD": value or None}, easy to compare with hand-made truth."""
    series = upload.daily[metric]
    return {
        f"{stamp:%Y-%m-%d}": (None if pd.isna(value) else int(value))
        for stamp, value in series.items()
    }


SPREADSHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def raw_xlsx(
    sheets: list[bytes],
    *,
    shared: bytes | None = None,
    styles: bytes | None = None,
    sheet_entries: int | None = None,
) -> bytes:
    """A minimal XLSX, written part by part so that every part can be crafted."""
    entries = sheet_entries or len(sheets)
    types = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>',
    ]
    for number in range(1, len(sheets) + 1):
        types.append(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
    rels = [
        f'<Relationship Id="rId{number}" Type="{_DOC_REL}/worksheet" '
        f'Target="worksheets/sheet{(number - 1) % len(sheets) + 1}.xml"/>'
        for number in range(1, entries + 1)
    ]
    if shared is not None:
        rels.append(
            f'<Relationship Id="rIdS" Type="{_DOC_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        types.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    if styles is not None:
        rels.append(f'<Relationship Id="rIdT" Type="{_DOC_REL}/styles" Target="styles.xml"/>')
        types.append(
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
        )
    listed = "".join(
        f'<sheet name="S{number}" sheetId="{number}" r:id="rId{number}"/>'
        for number in range(1, entries + 1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            f'org/package/2006/content-types">{"".join(types)}</Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {SPREADSHEET_NS} {_REL_NS}>'
            f"<sheets>{listed}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
            f"{''.join(rels)}</Relationships>",
        )
        for number, sheet in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", sheet)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
    return buffer.getvalue()


def sheet_xml(rows: bytes, dimension: str = "A1") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {SPREADSHEET_NS}>'
        f'<dimension ref="{dimension}"/><sheetData>'.encode()
        + rows
        + b"</sheetData></worksheet>"
    )
