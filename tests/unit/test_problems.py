"""What the domain refuses, worded: every problem code has its sentence, with its facts in it."""

from __future__ import annotations

import pytest

from bot.analytics.formats.base import ImportFileError, ImportProblem, MiB
from bot.analytics.handles import InvalidHandle, normalise_handle
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
    "accepted": "TikTok Studio ZIPs",
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
