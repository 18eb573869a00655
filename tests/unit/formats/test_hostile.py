"""Crafted files that ask for unbounded work are refused before the work, in plain words.

Small versions of the files ``bench/hostile_bench.py`` builds: the limits are lowered so that
each crosses them with a few thousand entries, and every refusal is checked for what it says.
The same files within the limits parse, so the limits (not a failure) are what refuse them.
"""

from __future__ import annotations

import time

from bot.analytics.formats import ImportLimits
from bot.render.problems import import_problem
from tests.unit.formats.refusals import refused

from .helpers import SPREADSHEET_NS, column, parse, raw_xlsx, sheet_xml, zip_bytes

SMALL = ImportLimits(max_cells=1_000, max_markup=5_000, max_text_chars=2_000)
HEADER = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Followers</t></is></c></row>'
)
ROW_2 = b'<row r="2"><c r="A2" t="inlineStr"><is><t>2026-11-19</t></is></c><c r="B2"><v>500</v></c>'


def _book(rows: bytes, *, shared: bytes | None = None, styles: bytes | None = None) -> bytes:
    return raw_xlsx([sheet_xml(rows)], shared=shared, styles=styles)


def _refused(name: str, data: bytes, limits: ImportLimits = SMALL) -> str:
    started = time.perf_counter()
    with refused() as caught:
        parse(name, data, limits=limits)
    assert time.perf_counter() - started < 2.0  # the target for any crafted file
    return import_problem(caught.value)


def test_the_crafted_workbook_shape_parses_within_the_limits() -> None:
    upload = parse("log.xlsx", _book(HEADER + ROW_2 + b"</row>"), limits=SMALL)
    assert column(upload, "followers") == {"2026-11-19": 500}


def test_empty_cells_far_past_the_last_column_are_skipped_not_built() -> None:
    """Excel keeps formatted empty cells; those past the column limit cost nothing."""
    far = b"".join(b'<c r="%s2" s="0"/>' % name for name in (b"CW", b"ZZ", b"XFD"))
    upload = parse("log.xlsx", _book(HEADER + ROW_2 + far + b"</row>"), limits=SMALL)
    assert column(upload, "followers") == {"2026-11-19": 500}


def test_a_value_past_the_column_limit_is_refused() -> None:
    far = b'<c r="XFD2"><v>1</v></c>'
    message = _refused("log.xlsx", _book(HEADER + ROW_2 + far + b"</row>"))
    assert message == "log.xlsx, row 2: has more than 100 columns"


def test_a_row_of_empty_cells_beyond_the_cell_limit_is_refused() -> None:
    rows = HEADER + b'<row r="2">' + b"<c/>" * 1_200 + b"</row>"
    message = _refused("log.xlsx", _book(rows))
    assert message.startswith("log.xlsx: has more than 1,000 cells (empty ones count too)")


def test_markup_beyond_the_limit_is_refused_before_parsing() -> None:
    rows = HEADER + b'<row r="2">' + b"<c/>" * 6_000 + b"</row>"
    message = _refused("log.xlsx", _book(rows))
    assert message.startswith("log.xlsx: has far more inside than any export (over 5,000 ")


def test_too_many_shared_strings_are_refused() -> None:
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(1_100))
    shared = f"<sst {SPREADSHEET_NS}>".encode() + strings + b"</sst>"
    message = _refused("log.xlsx", _book(HEADER + ROW_2 + b"</row>", shared=shared))
    assert message.startswith("log.xlsx: holds more than 1,000 different texts")


def test_shared_strings_longer_than_the_text_limit_are_refused() -> None:
    strings = b"".join(b"<si><t>" + b"x" * 500 + b"</t></si>" for _ in range(5))
    shared = f"<sst {SPREADSHEET_NS}>".encode() + strings + b"</sst>"
    message = _refused("log.xlsx", _book(HEADER + ROW_2 + b"</row>", shared=shared))
    assert message.startswith("log.xlsx: holds more than 2,000 characters of text")


def test_more_cell_formats_than_excel_allows_are_refused() -> None:
    styles = (
        f'<styleSheet {SPREADSHEET_NS}><cellXfs count="65000">'.encode()
        + b'<xf numFmtId="14"/>' * 65_000
        + b"</cellXfs></styleSheet>"
    )
    message = _refused("log.xlsx", _book(HEADER + ROW_2 + b"</row>", styles=styles), ImportLimits())
    assert message.startswith("log.xlsx: has more than 64,000 cell formats")


def test_a_lying_dimension_pads_nothing() -> None:
    data = raw_xlsx([sheet_xml(HEADER + ROW_2 + b"</row>", dimension="A1:XFD1048576")])
    assert column(parse("log.xlsx", data, limits=SMALL), "followers") == {"2026-11-19": 500}


def test_a_row_numbered_past_the_row_limit_is_refused_without_padding() -> None:
    far = b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    message = _refused("log.xlsx", _book(HEADER + ROW_2 + b"</row>" + far))
    assert message == "log.xlsx: has more than 43,920 rows"


def test_one_sheet_listed_many_times_is_read_once_then_refused() -> None:
    data = raw_xlsx([sheet_xml(HEADER + ROW_2 + b"</row>")], sheet_entries=3)
    message = _refused("log.xlsx", data)
    assert message.startswith("log.xlsx: is not a readable XLSX workbook")


def test_a_csv_line_of_many_fields_is_refused_before_it_is_split() -> None:
    data = b"date,followers\n" + b"ab," * 5_000
    message = _refused("log.csv", data)
    assert message.startswith("log.csv: has more than 1,000 cells (empty ones count too)")


def test_a_csv_row_wider_than_the_column_limit_is_refused_at_that_row() -> None:
    data = b"date,followers\n2026-11-19,5\n" + b"1," * 150 + b"\n"
    assert _refused("log.csv", data) == "log.csv, row 3: has more than 100 columns"


def test_a_csv_field_longer_than_any_export_is_refused_in_plain_words() -> None:
    data = b'date,followers\n"' + b"x" * 200_000 + b'",1\n'
    message = _refused("log.csv", data, ImportLimits())
    assert message.startswith("log.csv, row 2: has a value longer than 131,072 characters")


def test_the_cell_limit_is_shared_by_every_member_of_a_zip() -> None:
    member = b"date,followers\n" + b"2026-11-19,5\n" * 300
    data = zip_bytes([(f"sheet{n}.csv", member) for n in range(3)])
    message = _refused("Followers_x.zip", data)
    assert message.startswith("Followers_x.zip/sheet1.csv: has more than 1,000 cells")
