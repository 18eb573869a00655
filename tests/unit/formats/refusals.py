"""Refused uploads, checked by the sentence a member reads (the error words nothing itself)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.analytics.formats import ImportFileError
from bot.analytics.formats.base import FileNote
from bot.render.file_notes import file_note
from bot.render.problems import import_problem


@contextmanager
def refused(pattern: str = "") -> Iterator[pytest.ExceptionInfo[ImportFileError]]:
    """The block raises ``ImportFileError`` whose English wording matches ``pattern``."""
    with pytest.raises(ImportFileError) as caught:
        yield caught
    assert re.search(pattern, import_problem(caught.value)), import_problem(caught.value)


def worded(notes: list[FileNote]) -> list[str]:
    """The notes or skips of an upload as the import summary words them in English."""
    return [file_note(note) for note in notes]
