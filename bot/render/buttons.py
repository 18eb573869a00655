"""The words on buttons: paging through a long list, and refusing members who did not ask."""

from __future__ import annotations

PREVIOUS = "◀ Previous"
NEXT = "Next ▶"
NOT_YOURS = "Only the member who asked can use these buttons; run the command yourself."


def page_position(number: int, total: int) -> str:
    return f"Page {number} of {total}"
