"""Month names in the languages TikTok's interface offers, from CLDR (through Babel).

Studio writes dates in the language of the creator's screen. Each language gets one table
of its month names: format (genitive) and stand-alone forms, wide and abbreviated, from the
language and all its regional variants (so Levantine `أيلول` sits beside `سبتمبر`). Tables are
built on first use and cached: a file in English never pays for Burmese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from babel import Locale, localedata

# Detection order (English first: most files are in it). CLDR codes; Norwegian is "nb".
LANGUAGES = (
    "en", "ar", "bn", "my", "ceb", "zh", "cs", "da", "nl", "fil", "fi", "fr", "de", "el",
    "he", "hi", "hu", "id", "it", "ja", "jv", "km", "ko", "ms", "nb", "pl", "pt", "ro",
    "ru", "es", "sv", "th", "tr", "uk", "ur", "vi",
)  # fmt: skip
_ALSO = {"nb": ("nn", "no")}  # Norwegian: Nynorsk's names too
# CLDR spells Vietnamese months with digits (`tháng 6`); Studio also writes the words.
VIETNAMESE_WORDS = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
_HEBREW_IN = "ב"  # Hebrew writes "16 בספטמבר": "in September"
_ACCENTS = re.compile("[\u0300-\u036f]")  # combining accents of Latin, Greek and Cyrillic
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))


@cache
def _folding() -> dict[int, str | None]:
    """Every decimal digit (Arabic-Indic, Persian, Devanagari, Bengali, Thai, Khmer, Myanmar,
    ...) to its ASCII digit; direction marks and the Arabic comma dropped."""
    table: dict[int, str | None] = {
        code: str(unicodedata.decimal(chr(code)))
        for code in range(0x80, 0x10000)
        if unicodedata.decimal(chr(code), None) is not None
    }
    table.update(_DIRECTION_MARKS)
    table[ord("،")] = " "
    return table


def ascii_digits(text: str) -> str:
    """Text with every decimal digit in ASCII (and without direction marks)."""
    return text.translate(_folding())


def fold(text: str) -> str:
    """Text as matched: case, accents, Unicode form and the digit system do not matter; dots
    and commas are spaces. Whitespace is left for the caller to collapse."""
    text = unicodedata.normalize("NFD", ascii_digits(text).casefold())
    text = _ACCENTS.sub("", text)
    return unicodedata.normalize("NFC", text).replace(".", " ").replace(",", " ")


def key(text: str) -> str:
    """One cell or name as matched, with spacing collapsed."""
    return " ".join(fold(text).split())


def _variants(language: str) -> list[str]:
    prefixes = (language, *_ALSO.get(language, ()))
    return [code for code in localedata.locale_identifiers() if code.split("_")[0] in prefixes]


@cache
def month_names(language: str) -> Mapping[str, int]:
    """Month number by name (as ``key`` gives it) in one language, every variant merged."""
    names: dict[str, int] = {}
    for code in _variants(language):
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, text in months[context][width].items():
                    names.setdefault(key(text), number)
    if language == "vi":
        for word, number in VIETNAMESE_WORDS.items():
            names.setdefault(key(f"tháng {word}"), number)
    if language == "he":
        names.update({key(_HEBREW_IN + name): number for name, number in list(names.items())})
    return MappingProxyType(names)


def language_of(words: set[str]) -> str | None:
    """The first language whose month names include every one of ``words``."""
    return next((code for code in LANGUAGES if words <= month_names(code).keys()), None)


def best_language(words: list[str]) -> str:
    """The language that reads the most of ``words`` (for saying which cell failed)."""
    return max(LANGUAGES, key=lambda code: sum(word in month_names(code) for word in words))
