"""parse_upload: limits, ZIPs, encodings, merging, and every bad input it must refuse clearly."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest

from bot.analytics.formats import ImportLimits
from bot.analytics.formats._read import Budget, open_zip, read_member
from bot.render.problems import import_problem
from tests.unit.formats.refusals import refused, worded

from .helpers import (
    CONTENT,
    FOLLOWER_HISTORY,
    OVERVIEW,
    column,
    parse,
    studio_csv,
    xlsx_bytes,
    zip_bytes,
)

HISTORY = studio_csv(
    FOLLOWER_HISTORY, ("November 18", "1000", "5"), ("November 19", "1004", "4")
)  # fmt: skip
OVERVIEW_CSV = studio_csv(OVERVIEW, ("November 19", "300", "9", "20", "1", "2"))


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("cp1252", b""),
    ],
)
def test_encodings(encoding: str, bom: bytes) -> None:
    text = "Date;Followers;Notes\n2026-11-19;1204;café crème\n"
    upload = parse("log.csv", bom + text.encode(encoding))
    assert column(upload, "followers") == {"2026-11-19": 1204}


# --- ZIPs --------------------------------------------------------------------------------


def test_zip_members_are_dispatched_and_merged() -> None:
    data = zip_bytes([("FollowerHistory.csv", HISTORY), ("Overview.csv", OVERVIEW_CSV)])
    upload = parse("Followers_GlowLab.Studio (1).zip", data)
    assert {parsed.handle for parsed in upload.files} == {"glowlab.studio"}
    assert column(upload, "followers") == {"2026-11-18": 1000, "2026-11-19": 1004}
    assert column(upload, "views") == {"2026-11-18": None, "2026-11-19": 300}
    assert [f.name for f in upload.files] == [
        "Followers_GlowLab.Studio (1).zip/FollowerHistory.csv",
        "Followers_GlowLab.Studio (1).zip/Overview.csv",
    ]


def test_unknown_members_are_noted_and_macos_metadata_ignored() -> None:
    data = zip_bytes(
        [
            ("FollowerHistory.csv", HISTORY),
            ("__MACOSX/._FollowerHistory.csv", b"\x00\x05junk"),
            ("notes.csv", b"what,ever\n1,2\n"),
            ("logo.png", b"\x89PNG"),
        ]
    )
    upload = parse("Followers_x.zip", data)
    assert [f.format for f in upload.files] == [
        "tiktok_studio_follower_history",
        "unrecognised",
        "unrecognised",
    ]
    assert len(worded(upload.skipped)) == 2


def test_zip_without_any_export_lists_what_is_accepted() -> None:
    with refused(r"holds no export.*notes\.csv.*It accepts"):
        parse("stuff.zip", zip_bytes([("notes.csv", b"what,ever\n1,2\n")]))


def test_nested_zip_is_refused() -> None:
    inner = zip_bytes([("FollowerHistory.csv", HISTORY)])
    with refused("another ZIP"):
        parse("outer.zip", zip_bytes([("inner.zip", inner)]))
    with refused("another ZIP"):
        parse("outer.zip", zip_bytes([("inner.csv", inner)]))  # renamed, caught by its bytes


def test_xlsx_inside_a_zip_is_read() -> None:
    workbook = xlsx_bytes({"FollowerHistory": [list(FOLLOWER_HISTORY), ["November 19", "77", "1"]]})
    upload = parse("Followers_x.zip", zip_bytes([("FollowerHistory.xlsx", workbook)]))
    assert column(upload, "followers") == {"2026-11-19": 77}


def test_truncated_zip() -> None:
    data = zip_bytes([("FollowerHistory.csv", HISTORY)])
    with refused("not a readable ZIP"):
        parse("Followers_x.zip", data[: len(data) // 2])


def test_too_many_members() -> None:
    data = zip_bytes([(f"f{i}.csv", b"a") for i in range(5)])
    with refused("holds 5 files"):
        parse("x.zip", data, limits=ImportLimits(max_zip_members=4))


def test_zip_bomb_by_declared_size() -> None:
    data = zip_bytes([("Overview.csv", b"0" * 2_000_000)])
    with refused(r"would unpack to 1\.9 MiB"):
        parse("x.zip", data, limits=ImportLimits(max_unzipped_bytes=1_000_000))


def _lie_about_size(data: bytes, size: int) -> bytes:
    """The same ZIP with both headers claiming ``size`` uncompressed bytes."""
    patched = bytearray(data)
    struct.pack_into("<I", patched, 22, size)  # local file header
    central = patched.rfind(b"PK\x01\x02")
    struct.pack_into("<I", patched, central + 24, size)  # central directory
    return bytes(patched)


def test_zip_bomb_lying_in_its_headers() -> None:
    bomb = _lie_about_size(zip_bytes([("Overview.csv", b"0" * 5_000_000)]), 100)
    with refused("sizes are false"):
        parse("x.zip", bomb, limits=ImportLimits(max_unzipped_bytes=1_000_000))


def test_several_members_together_over_the_budget() -> None:
    members = [(f"f{i}.csv", b"0" * 400_000) for i in range(3)]
    with refused("would unpack"):
        parse("x.zip", zip_bytes(members), limits=ImportLimits(max_unzipped_bytes=1_000_000))


def test_bytes_are_counted_as_they_are_decompressed() -> None:
    """Defence in depth: the budget is spent on what comes out, not on what headers claim."""
    data = zip_bytes([("Overview.csv", b"0" * 300_000)])
    limits = ImportLimits(max_unzipped_bytes=1_000_000)
    budget = Budget(limits)
    archive = open_zip("x.zip", data, limits, budget)
    budget.left = 100_000  # as if earlier members had used the rest
    with refused("unpacks to more than"):
        read_member(archive, archive.infolist()[0], "x.zip/Overview.csv", budget)


def test_password_protected_member() -> None:
    data = bytearray(zip_bytes([("FollowerHistory.csv", HISTORY)], zipfile.ZIP_STORED))
    struct.pack_into("<H", data, 6, 1)  # local header: encrypted flag
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, 1)
    with refused("password"):
        parse("Followers_x.zip", bytes(data))


# --- merging -----------------------------------------------------------------------------


def test_first_value_wins_and_a_disagreement_is_noted() -> None:
    other = studio_csv(FOLLOWER_HISTORY, ("November 19", "1010", "6"), ("November 20", "1011", "1"))
    data = zip_bytes([("FollowerHistory.csv", HISTORY), ("FollowerHistory (1).csv", other)])
    upload = parse("Followers_x.zip", data)
    assert column(upload, "followers") == {
        "2026-11-18": 1000,
        "2026-11-19": 1004,
        "2026-11-20": 1011,
    }
    assert any(
        "1 value disagrees" in note and "1,010 here, 1,004 there" in note
        for note in worded(upload.notes)
    )


def test_posts_are_deduplicated_by_id() -> None:
    row = (
        "November 21",
        "t",
        "https://www.tiktok.com/@x/video/123456",
        "November 3",
        "1",
        "2",
        "3",
        "4",
    )
    later = (
        "November 21",
        "t2",
        "https://www.tiktok.com/@x/video/123456",
        "November 3",
        "5",
        "6",
        "7",
        "8",
    )
    data = zip_bytes(
        [("Content.csv", studio_csv(CONTENT, row)), ("b/Content.csv", studio_csv(CONTENT, later))]
    )
    upload = parse("Content_x.zip", data)
    assert upload.posts["post_id"].tolist() == ["123456"]
    assert upload.posts["views"].tolist() == [4]


# --- bad input ---------------------------------------------------------------------------


def test_random_bytes() -> None:
    with refused("not text"):
        parse("data.csv", bytes(range(256)) * 4)


def test_empty_file() -> None:
    with refused("empty"):
        parse("data.csv", b"")
    with refused("empty"):
        parse("data.csv", b"\xef\xbb\xbf\n\n")


NO_DAYS_YET = studio_csv(
    FOLLOWER_HISTORY, ("November 18", "undefined", "undefined"), ("November 19", "undefined", "0")
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("FollowerHistory.csv", studio_csv(FOLLOWER_HISTORY), "a header but no rows"),
        ("FollowerHistory.csv", NO_DAYS_YET, "2 days but no values"),
        ("log.csv", b"date,followers,views\n2026-11-18,,\n2026-11-19,-,n/a\n", "2 days but no"),
        ("log.xlsx", xlsx_bytes({"Log": [["Date", "Followers"]]}), "log.xlsx: holds nothing"),
        ("Followers_x.zip", zip_bytes([("FollowerHistory.csv", NO_DAYS_YET)]), "holds nothing"),
    ],
)
def test_an_upload_without_values_is_nothing_to_import(
    name: str, data: bytes, message: str
) -> None:
    with refused("nothing to import") as caught:
        parse(name, data)
    assert message in import_problem(caught.value)
    assert caught.value.file == name


def test_a_zip_imports_its_members_with_values_and_notes_the_empty_ones() -> None:
    data = zip_bytes([("FollowerHistory.csv", NO_DAYS_YET), ("Overview.csv", OVERVIEW_CSV)])
    upload = parse("Followers_x.zip", data)
    assert column(upload, "views") == {"2026-11-19": 300}
    assert upload.daily["followers"].isna().all()
    (skipped,) = worded(upload.skipped)
    assert skipped.startswith("Followers_x.zip/FollowerHistory.csv: has 2 days but no values")


def test_upload_over_the_size_limit_is_refused_before_any_work() -> None:
    with refused("the limit is 1 MiB"):
        parse("data.csv", b"x" * (2**20 + 1), limits=ImportLimits(max_upload_bytes=2**20))


def test_legacy_excel() -> None:
    with refused(r"old \.xls"):
        parse("book.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("followers,views\n10,2\n", "has no date column.*headers found: `followers`, `views`"),
        ("Date,Views\n2026-11-19,2\n", "has no followers column.*headers found: `Date`, `Views`"),
        ("what,is,this\n1,2,3\n", "not an export this bot can read.*It accepts"),
    ],
)
def test_unrecognised_sheets_say_what_is_missing(text: str, message: str) -> None:
    with refused(message):
        parse("log.csv", text.encode())


@pytest.mark.parametrize(
    ("text", "message", "row"),
    [
        ("date,followers\n2026-11-18,5\n2026-11-19,-5\n", "cannot be negative", 3),
        ("date,followers\n2026-11-23,5\n", "in the future", 2),
        ("date,followers\n2026-11-18,5\n2026-11-18,6\n", "appears in rows 2 and 3", 3),
        ("date,followers\n2026-11-18,5\n2026-11-19,lots\n", "whole number, not `lots`", 3),
        ("date,followers\n2026-11-18,5\nyesterday,6\n", "not a date", 3),
        ("date,followers\n2026-11-18,5,7\n", "more cells than the header", 2),
    ],
)
def test_bad_rows_name_their_row(text: str, message: str, row: int) -> None:
    with refused(message) as caught:
        parse("log.csv", text.encode())
    assert caught.value.row == row
    assert caught.value.file == "log.csv"


def test_next_day_is_not_the_future_for_creators_east_of_utc() -> None:
    upload = parse("log.csv", b"date,followers\n2026-11-22,5\n")
    assert column(upload, "followers") == {"2026-11-22": 5}


def test_same_day_twice_with_the_same_values_is_kept_once() -> None:
    upload = parse("log.csv", b"date,followers\n2026-11-18,5\n2026-11-19,6\n2026-11-18,5\n")
    assert column(upload, "followers") == {"2026-11-18": 5, "2026-11-19": 6}


def test_more_days_than_the_limit() -> None:
    rows = "".join(f"2026-11-{d:02d},{d}\n" for d in range(1, 11))
    with refused("holds 10 days; at most 9"):
        parse("log.csv", ("date,followers\n" + rows).encode(), limits=ImportLimits(max_days=9))


def test_formula_cell_names_file_and_row() -> None:
    rows: list[list[object]] = [["Date", "Followers"], [datetime(2026, 11, 19), "=B1+1"]]
    with refused("formula") as caught:
        parse("log.xlsx", xlsx_bytes({"Log": rows}, as_text=False))
    assert (caught.value.file, caught.value.row) == ("log.xlsx", 2)


def test_damaged_workbook() -> None:
    data = xlsx_bytes({"Log": [["Date", "Followers"]]})
    broken = zip_bytes([(n, b"<not xml" if n.endswith(".xml") else d) for n, d in _members(data)])
    with refused("XLSX"):
        parse("log.xlsx", broken)


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
)
EXTERNAL = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
BARE_DOCTYPE = b'<?xml version="1.0"?>\n<!DOCTYPE worksheet>\n'


def _with_prolog(data: bytes, part: str, prolog: bytes) -> bytes:
    """The workbook with ``prolog`` put in front of ``part``'s root element."""
    return zip_bytes((n, prolog + d if n == part else d) for n, d in _members(data))


@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL, BARE_DOCTYPE])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_workbook_declaring_a_doctype_is_refused_as_unsafe(part: str, prolog: bytes) -> None:
    assert openpyxl.DEFUSEDXML  # openpyxl parses through defusedxml too
    good = xlsx_bytes({"Log": [["Date", "Followers"], ["2026-11-19", "5"]]})
    assert column(parse("log.xlsx", good), "followers") == {"2026-11-19": 5}
    crafted = _with_prolog(good, part, prolog)
    with refused("refused as unsafe") as caught:
        parse("log.xlsx", crafted)
    assert caught.value.file == "log.xlsx"
    assert f"its {part} declares a DOCTYPE or entities" in import_problem(caught.value)
    with refused("refused as unsafe"):
        parse("Followers_x.zip", zip_bytes([("FollowerHistory.xlsx", crafted)]))


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def test_received_at_naive_means_utc() -> None:
    upload = parse(
        "log.csv", b"date,followers\n2026-11-22,5\n", received_at=datetime(2026, 11, 21, 10)
    )
    assert upload.received_at == datetime(2026, 11, 21, 10)
    with refused("future"):
        parse(
            "log.csv",
            b"date,followers\n2026-11-22,5\n",
            received_at=datetime(2026, 11, 20, tzinfo=UTC),
        )
