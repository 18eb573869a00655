"""Hostile-upload benchmark.

Builds crafted files that the size limit accepts (in a temporary folder) and parses each the way
``/upload`` does (``parse_upload``), each in a fresh subprocess so that one file's memory cannot
hide another's. For each file it prints the outcome, the wall time of the parse, and the peak
memory: the child's peak resident set size during the parse (Linux's VmHWM, reset just before
it through ``/proc/self/clear_refs``) minus its resident size just before, i.e. what the parse
added on top of the interpreter, pandas and the file's bytes already held.
Targets: every crafted file parsed or refused in under 2 s and under 150 MB.

Then fairness: one guild floods the worker pool with parses of the slowest crafted file while
another guild runs a trivial job; it prints how long the trivial job waited in one shared queue
(a plain pool of the same threads, as the bot had before) and in the bot's pool (``Workers``).
Target: the other guild waits under 0.25 s.

Run: python -m bench.hostile_bench [--only NAME ...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from bot.analytics.formats import parse_upload
from bot.analytics.formats.base import ImportFileError
from bot.workers import WORKER_THREADS, Workers, working_for
from tests.unit.formats.helpers import SPREADSHEET_NS, raw_xlsx, sheet_xml

RECEIVED = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
LIMIT = 10 * 1024 * 1024  # the upload size limit
TARGET_SECONDS = 2.0
TARGET_MB = 150.0

_HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Followers</t></is></c></row>'
)
_DATA_ROW = (
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>2026-11-19</t></is></c>'
    b'<c r="B2"><v>500</v></c></row>'
)


def xlsx_wide_row() -> bytes:
    """One row of 3 million empty cells: 13 KB zipped."""
    return raw_xlsx([sheet_xml(b'<row r="1">' + b"<c/>" * 3_000_000 + b"</row>")])


def xlsx_shared_strings() -> bytes:
    """2.2 million distinct shared strings (50 MiB unzipped), one cell using the first."""
    strings = b"".join(b"<si><t>%d</t></si>" % i for i in range(2_200_000))
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {SPREADSHEET_NS} count="2200000" '
        'uniqueCount="2200000">'.encode()
        + strings
        + b"</sst>"
    )
    return raw_xlsx([sheet_xml(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], shared=shared)


def xlsx_styles() -> bytes:
    """A styles part with 2 million cell formats, on a two-row sheet."""
    xfs = b'<xf numFmtId="14"/>' * 2_000_000
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {SPREADSHEET_NS}>'
        '<cellXfs count="2000000">'.encode()
        + xfs
        + b"</cellXfs></styleSheet>"
    )
    return raw_xlsx([sheet_xml(_HEADER_ROW + _DATA_ROW)], styles=styles)


def xlsx_dimension() -> bytes:
    """A sheet claiming to span every row and column Excel has, holding two rows."""
    return raw_xlsx([sheet_xml(_HEADER_ROW + _DATA_ROW, dimension="A1:XFD1048576")])


def xlsx_far_rows() -> bytes:
    """Rows numbered up to Excel's last, with nothing between them."""
    far = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in (2, 1_048_576))
    return raw_xlsx([sheet_xml(_HEADER_ROW + far)])


def xlsx_far_columns() -> bytes:
    """Many rows, each with one value in Excel's last column."""
    rows = b"".join(
        b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(1, 40_000)
    )
    return raw_xlsx([sheet_xml(rows)])


def xlsx_many_cells() -> bytes:
    """3,900 rows of 100 empty cells: within the markup budget, past the cell budget."""
    rows = b"".join(b'<row r="%d">' % n + b"<c/>" * 100 + b"</row>" for n in range(1, 3_901))
    return raw_xlsx([sheet_xml(rows)])


def xlsx_sheet_repeated() -> bytes:
    """One 30,000-cell sheet listed 40 times in the workbook."""
    row = b"".join(b"<c><v>%d</v></c>" % c for c in range(10))
    rows = b"".join(b'<row r="%d">' % n + row + b"</row>" for n in range(1, 3_001))
    return raw_xlsx([sheet_xml(rows)], sheet_entries=40)


def csv_wide_row() -> bytes:
    """A header, then one line of 3.3 million two-letter fields."""
    return b"date,followers\n" + b"ab," * ((LIMIT - 100) // 3)


def csv_huge_field() -> bytes:
    """A quoted field of 9 MiB."""
    return b'date,followers\n"' + b"x" * (9 * 1024 * 1024) + b'",1\n'


def csv_many_cells() -> bytes:
    """Lines of 100 two-letter fields up to the size limit: 3.4 million cells."""
    line = b",".join([b"ab"] * 100) + b"\n"
    return line * ((LIMIT - 100) // len(line))


def zip_many_members() -> bytes:
    """200 CSVs of 250 KB each (50 MB unzipped), each a valid-looking 100-column sheet."""
    header = b"date,followers," + b",".join(b"c%d" % n for n in range(98)) + b"\n"
    line = b"2026-11-19,5," + b",".join([b"ab"] * 98) + b"\n"
    member = header + line * (250_000 // len(line))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(200):
            archive.writestr(f"sheet{number}.csv", member)
    return buffer.getvalue()


def zip_one_big_member() -> bytes:
    """One CSV of 49 MiB of short lines, zipped to a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("FollowerHistory.csv", b"date,followers\n" + b"1,1\n" * (49 * 1024 * 256))
    return buffer.getvalue()


CRAFTED: dict[str, tuple[str, Callable[[], bytes]]] = {
    "xlsx-wide-row": ("wide.xlsx", xlsx_wide_row),
    "xlsx-shared-strings": ("strings.xlsx", xlsx_shared_strings),
    "xlsx-styles": ("styles.xlsx", xlsx_styles),
    "xlsx-dimension": ("dimension.xlsx", xlsx_dimension),
    "xlsx-far-rows": ("far.xlsx", xlsx_far_rows),
    "xlsx-far-columns": ("columns.xlsx", xlsx_far_columns),
    "xlsx-many-cells": ("cells.xlsx", xlsx_many_cells),
    "xlsx-sheet-repeated": ("repeated.xlsx", xlsx_sheet_repeated),
    "csv-wide-row": ("wide.csv", csv_wide_row),
    "csv-huge-field": ("field.csv", csv_huge_field),
    "csv-many-cells": ("cells.csv", csv_many_cells),
    "zip-many-members": ("Followers_many.zip", zip_many_members),
    "zip-one-big-member": ("Followers_big.zip", zip_one_big_member),
}


def _status_mb(field: str) -> float:
    """A memory figure of this process from Linux's ``/proc/self/status`` (kB there)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def parse_one(path: Path, name: str) -> dict[str, object]:
    """In the child: parse one file as /upload does; the time and memory it took."""
    data = path.read_bytes()
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) restarts from now
    before = _status_mb("VmRSS")
    started = time.perf_counter()
    try:
        parsed = parse_upload(name, data, received_at=RECEIVED)
        outcome = f"parsed ({len(parsed.daily)} days)"
    except ImportFileError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _status_mb("VmHWM") - before, "outcome": outcome}


FLOODER, OTHER = 1, 2
FLOOD_JOBS = 6
FAIR_TARGET_SECONDS = 0.25


def _heavy(name: str, data: bytes) -> None:
    with contextlib.suppress(ImportFileError):
        parse_upload(name, data, received_at=RECEIVED)


async def _waits(name: str, data: bytes) -> tuple[float, float]:
    """How long another guild's trivial job waits behind a flood: one queue, then fair."""
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=WORKER_THREADS) as pool:
        flood = [loop.run_in_executor(pool, _heavy, name, data) for _ in range(FLOOD_JOBS)]
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        await loop.run_in_executor(pool, sum, [1, 2])
        shared = time.perf_counter() - started
        await asyncio.gather(*flood)
    workers = Workers()
    try:
        with working_for(FLOODER):
            fair_flood = [
                asyncio.ensure_future(workers.run(_heavy, name, data)) for _ in range(FLOOD_JOBS)
            ]
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        with working_for(OTHER):
            await workers.run(sum, [1, 2])
        fair = time.perf_counter() - started
        await asyncio.gather(*fair_flood)
    finally:
        await workers.close()
    return shared, fair


def fairness(key: str) -> bool:
    filename, build = CRAFTED[key]
    data = build()
    started = time.perf_counter()
    _heavy(filename, data)
    one = time.perf_counter() - started
    shared, fair = asyncio.run(_waits(filename, data))
    print(
        f"fairness: guild A floods {FLOOD_JOBS} parses of {key} ({one:.2f} s each alone) on "
        f"{WORKER_THREADS} threads; guild B's trivial job waited {shared:.2f} s in one shared "
        f"queue, {fair:.3f} s in the fair pool (target < {FAIR_TARGET_SECONDS} s)"
    )
    return fair < FAIR_TARGET_SECONDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CRAFTED), default=None)
    parser.add_argument(
        "--fairness",
        choices=sorted(CRAFTED),
        default="xlsx-many-cells",
        help="the crafted file one guild floods the pool with",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(parse_one(Path(args.child[0]), args.child[1])))
        return
    names = args.only or list(CRAFTED)
    print(f"{'file':<22} {'size':>9} {'seconds':>8} {'peak MB':>8}  outcome")
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for key in names:
            filename, build = CRAFTED[key]
            data = build()
            path = Path(folder) / filename
            path.write_bytes(data)
            assert len(data) <= LIMIT, (key, len(data))
            try:
                run = subprocess.run(
                    [sys.executable, "-m", "bench.hostile_bench", "--child", str(path), filename],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=args.timeout,
                )
            except subprocess.TimeoutExpired:
                failures += 1
                print(f"{key:<22} {len(data) / 1024:>7.0f}KB {'>' + str(args.timeout):>8}")
                continue
            result = json.loads(run.stdout)
            seconds, peak = float(result["seconds"]), float(result["peak_mb"])
            failures += seconds >= TARGET_SECONDS or peak >= TARGET_MB
            outcome = str(result["outcome"])
            print(
                f"{key:<22} {len(data) / 1024:>7.0f}KB {seconds:>8.2f} {peak:>8.0f}  "
                f"{outcome[:110]}"
            )
    print(f"targets: < {TARGET_SECONDS:.0f} s and < {TARGET_MB:.0f} MB each; misses: {failures}")
    if not fairness(args.fairness):
        print("fairness target missed")


if __name__ == "__main__":
    main()
