"""What the domain refuses, worded: every problem code has its sentence, with its facts in it."""

from __future__ import annotations

import pytest

from bot.analytics.formats.base import FileNote, ImportFileError, ImportNote, ImportProblem, MiB
from bot.analytics.handles import InvalidHandle, normalise_handle
from bot.render.file_notes import file_note
from bot.render.problems import import_problem, invalid_handle, nothing_imported

# Every fact any problem carries, so that each code can be worded from one set.
FACTS: dict[str, int | str | tuple[str, ...]] = {
    "size": 12 * MiB,
    "limit": 10 * MiB,
    "count": 1_500,
    "width": 9,
    "column": "Date",
    "value": "31/02",
    "label": "Female",
    "day": "2026-11-19",
    "received": "2026-11-18 09:30",
    "earlier": "4",
    "later": "7",
    "first": "3",
    "second": "4",
    "language": "ro",
    "other": "fr",
    "year": "1890",
    "encoding": "UTF-16-LE",
    "detail": "line contains NUL",
    "part": "xl/worksheets/sheet1.xml",
    "formula": "=SUM(B2:B9)",
    "found": ("notes.csv",),
    "missing": "date",
    "names": ("date", "day", "datum"),
    "headers": ("Fecha", "Seguidores"),
    "expected": ("Date", "New followers"),
    "cells": ("Week", "Reach"),
    "days": 3,
    "files": ("Overview.csv",),
}


@pytest.mark.parametrize("problem", list(ImportProblem))
def test_every_problem_is_worded_with_its_facts(problem: ImportProblem) -> None:
    worded = import_problem(ImportFileError(problem, file="log.csv", row=3, **FACTS))
    assert worded.startswith("log.csv, row 3: ")
    reason = worded.removeprefix("log.csv, row 3: ")
    assert reason and "{" not in reason  # neither a placeholder nor the facts left raw


def test_limits_are_worded_as_the_member_reads_them() -> None:
    rows = ImportFileError(ImportProblem.TOO_MANY_ROWS, file="a.csv", limit=43_920)
    assert import_problem(rows) == "a.csv: has more than 43,920 rows"
    size = ImportFileError(ImportProblem.TOO_LARGE, file="big.zip", size=12 * MiB, limit=10 * MiB)
    assert nothing_imported(size) == (
        "Nothing was imported: big.zip: the file is 12.0 MiB; the limit is 10 MiB. "
        "Export a shorter date range."
    )


def test_a_count_of_files_decides_the_verb() -> None:
    one = ImportFileError(ImportProblem.NO_VALUES, file="x.zip", files=("Overview.csv",))
    two = ImportFileError(ImportProblem.NO_VALUES, file="x.zip", files=("a.csv", "b.csv"))
    assert "Overview.csv has a header but no values" in import_problem(one)
    assert "a.csv, b.csv have a header but no values" in import_problem(two)


def test_languages_are_named_not_coded() -> None:
    mixed = ImportFileError(
        ImportProblem.MIXED_LANGUAGES, row=5, column="Date", value="2 martie", language="ro",
        other="fr",
    )  # fmt: skip
    assert import_problem(mixed) == (
        "row 5: `Date` holds `2 martie`, a month in Romanian, while the column's other dates "
        "are in French: export the file again in one language"
    )


def test_an_invalid_handle_names_what_was_typed() -> None:
    with pytest.raises(InvalidHandle) as caught:
        normalise_handle("  not a handle!  ")
    assert caught.value.text == "not a handle!"
    assert invalid_handle(caught.value) == (
        "`not a handle!` is not a TikTok username: use 2-24 letters, digits, underscores or "
        "periods, like `@glowlab.studio`."
    )


NOTE_FACTS: dict[str, int | str | tuple[str, ...]] = {
    "headers": ("Fecha", "Seguidores"),
    "section": "FollowerHistory",
    "source": "zip_export",
    "at": "2026-11-21 10:00",
    "days": 12,
    "since_ok": 3,
    "since_days": 12,
    "until_ok": 11,
    "until_days": 12,
    "count": 2,
    "known": 30,
    "row": 7,
    "earlier": ("Overview.csv",),
    "metric": "views",
    "day": "2026-11-19",
    "here": 1_010,
    "there": 1_004,
    "rows": 1,
    "columns": ("Notes", "Owner"),
}


@pytest.mark.parametrize("code", list(ImportNote))
def test_every_file_note_is_worded_with_its_facts(code: ImportNote) -> None:
    refusal = ImportFileError(ImportProblem.NO_ROWS, file="Overview.csv")
    worded = file_note(FileNote(code, "Overview.csv", NOTE_FACTS, refusal=refusal))
    assert worded and "{" not in worded


def test_file_notes_read_as_the_import_summary_words_them() -> None:
    viewers = FileNote(ImportNote.VIEWERS_NOT_STORED, "Viewers.csv", {"rows": 1})
    assert file_note(viewers) == (
        "Viewers.csv: viewer counts (1 row) are people who watched, not video views or "
        "followers, so they are not stored; upload Overview for daily views."
    )
    empty = ImportFileError(ImportProblem.NO_VALUES_YET, file="Overview.csv", days=1_200)
    assert file_note(FileNote(ImportNote.NOTHING_IN_IT, "Overview.csv", refusal=empty)) == (
        "Overview.csv: has 1,200 days but no values in them (only blank or `undefined`, which "
        "TikTok writes for days it has no data for yet): there is nothing to import. Export "
        "again once the numbers are in."
    )
    counted = FileNote(
        ImportNote.YEARS_COUNTED_BACK,
        "Overview.csv",
        {"source": "upload", "at": "2027-01-03 09:00"},
    )
    assert file_note(counted) == (
        "Dates had no year; years were counted back from the upload time, 2027-01-03 09:00 UTC."
    )
