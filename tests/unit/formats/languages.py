"""Dates written the way CLDR writes them in each language TikTok offers, for the tests."""

from __future__ import annotations

import unicodedata
from datetime import date

from babel import Locale
from babel.dates import format_date

# Language as the issue lists it -> (CLDR locale, pattern Studio's screen would use).
WRITTEN: dict[str, tuple[str, str]] = {
    "Arabic": ("ar", "d MMMM"),
    "Arabic (Levant)": ("ar_SY", "d MMMM"),
    "Bengali": ("bn", "d MMMM"),
    "Burmese": ("my", "d MMMM"),
    "Cebuano": ("ceb", "d MMMM"),
    "Chinese (simplified)": ("zh_Hans", "d MMMM"),
    "Chinese (traditional)": ("zh_Hant", "d MMMM"),
    "Czech": ("cs", "d MMMM"),
    "Danish": ("da", "d MMMM"),
    "Dutch": ("nl", "d MMMM"),
    "English (US)": ("en_US", "MMMM d"),
    "English (day-first)": ("en_GB", "d MMMM"),
    "Filipino": ("fil", "d MMMM"),
    "Finnish": ("fi", "d MMMM"),
    "French": ("fr", "d MMMM"),
    "German": ("de", "d MMMM"),
    "Greek": ("el", "d MMMM"),
    "Hebrew": ("he", "d MMMM"),
    "Hindi": ("hi", "d MMMM"),
    "Hungarian": ("hu", "MMMM d."),
    "Indonesian": ("id", "d MMMM"),
    "Italian": ("it", "d MMMM"),
    "Japanese": ("ja", "d MMMM"),
    "Javanese": ("jv", "d MMMM"),
    "Khmer": ("km", "d MMMM"),
    "Korean": ("ko", "d MMMM"),
    "Malay": ("ms", "d MMMM"),
    "Norwegian": ("nb", "d MMMM"),
    "Polish": ("pl", "d MMMM"),
    "Portuguese": ("pt", "d MMMM"),
    "Romanian": ("ro", "d MMMM"),
    "Russian": ("ru", "d MMMM"),
    "Spanish": ("es", "d MMMM"),
    "Swedish": ("sv", "d MMMM"),
    "Thai": ("th", "d MMMM"),
    "Turkish": ("tr", "d MMMM"),
    "Ukrainian": ("uk", "d MMMM"),
    "Urdu": ("ur", "d MMMM"),
    "Vietnamese": ("vi", "d MMMM"),
}


# CLDR numbering systems with decimal digits of their own, by the Unicode name of their zero.
_ZEROS = {
    "arab": "ARABIC-INDIC DIGIT ZERO",
    "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO",  # Persian and Urdu
    "beng": "BENGALI DIGIT ZERO",
    "deva": "DEVANAGARI DIGIT ZERO",
    "khmr": "KHMER DIGIT ZERO",
    "mymr": "MYANMAR DIGIT ZERO",
    "thai": "THAI DIGIT ZERO",
}


def native_digits(locale: str) -> dict[int, str] | None:
    """ASCII digit -> the locale's native digit (CLDR's "native" numbering system), or None
    when those are Latin (or, like Chinese hanidec, not decimal digits)."""
    system = Locale.parse(locale).other_numbering_systems.get("native", "latn")
    if system not in _ZEROS:
        return None
    zero = ord(unicodedata.lookup(_ZEROS[system]))
    return {ord(str(digit)): chr(zero + digit) for digit in range(10)}


NATIVE = {language for language, (locale, _) in WRITTEN.items() if native_digits(locale)}


def written(day: date, language: str, *, native: bool = False) -> str:
    """``day`` as the language writes a day and month, in native digits if asked."""
    locale, pattern = WRITTEN[language]
    text = format_date(day, pattern, locale=locale)
    digits = native_digits(locale) if native else None
    return text.translate(digits) if digits else text
