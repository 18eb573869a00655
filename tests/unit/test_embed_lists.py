"""Long lists and texts shortened for Discord's limits: by whole items or words, with a count."""

from __future__ import annotations

from bot.render.embeds import clip, fit_lines

HINT = "upload TikTok Studio's Overview export for daily views, likes, comments and shares"


def test_a_list_that_fits_is_whole() -> None:
    assert fit_lines(["a", "b"], 20) == "• a\n• b"


def test_a_long_list_drops_whole_items_and_counts_them() -> None:
    # Each line is "• " + 83 = 85 characters and the tail "• … and 2 more not shown" 24:
    # one line and the tail take 85 + 1 + 24 = 110; two lines and the tail 85 + 1 + 85 + 1 + 24
    # = 196.
    lines = [HINT, HINT, HINT]
    text = fit_lines(lines, 110)
    assert text == f"• {HINT}\n• … and 2 more not shown"
    assert len(text) <= 110
    assert fit_lines(lines, 200) == f"• {HINT}\n• {HINT}\n• … and 1 more not shown"


def test_one_item_longer_than_the_field_is_cut_between_words() -> None:
    text = fit_lines([HINT, "b"], 60)
    # 60 - 24 (tail) - 1 = 35 for the item: its words up to 34 characters, then the ellipsis
    assert text == "• upload TikTok Studio's Overview…\n• … and 1 more not shown"
    assert len(text) <= 60


def test_clip_cuts_between_words() -> None:
    assert (
        clip(HINT, 80)
        == "upload TikTok Studio's Overview export for daily views, likes, comments and…"
    )
    assert clip("x" * 30, 10) == "x" * 9 + "…"


def test_at_most_some_items_and_the_rest_counted() -> None:
    assert fit_lines(["a", "b", "c"], 100, most=2) == "• a\n• b\n• … and 1 more not shown"
