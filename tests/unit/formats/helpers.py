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
