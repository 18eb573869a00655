"""Which language a reply is written in, and the translated wording for it.

Each reply is written in one language: the member's Discord language for an answer to a command,
the server's language for what the schedule posts. The language is a context variable, set where
the interaction or the delivery starts (``use_locale``/``speak``), so the renderers that write
the sentences stay plain functions; tasks and worker threads started from there inherit it.

Every sentence goes through ``_`` (or ``ngettext`` where a count decides the form); wording kept
in constants is marked with ``N_`` and translated where it is used. Catalogs are gettext ``.po``
files in ``bot/locale/<language>/LC_MESSAGES/bot.po``, read with Babel.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "bot"
ENGLISH = "en-US"

_LOCALE: ContextVar[str] = ContextVar("reply_locale", default=ENGLISH)


def current_locale() -> str:
    """The Discord locale the current reply is written in."""
    return _LOCALE.get()


def speak(locale: str | None) -> None:
    """Write the rest of the current task's replies in ``locale`` (English when unsupported)."""
    _LOCALE.set(supported(locale))


@contextmanager
def use_locale(locale: str | None) -> Iterator[None]:
    """Write the replies inside the block in ``locale`` (English when unsupported)."""
    token = _LOCALE.set(supported(locale))
    try:
        yield
    finally:
        _LOCALE.reset(token)


def supported(locale: str | None) -> str:
    """``locale`` when a catalog exists for it (or for its language), else English."""
    if not locale:
        return ENGLISH
    for candidate in (locale, locale.split("-")[0]):
        if (LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.po").is_file():
            return candidate
    return ENGLISH


@functools.cache
def translations(locale: str) -> NullTranslations:
    """The catalog for ``locale``, compiled once in memory; English is the source text."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if locale == ENGLISH or not path.is_file():
        return NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=locale.replace("-", "_"))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _(message: str) -> str:
    """``message`` in the current reply's language."""
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a sentence that fits the count ``n`` in the current reply's language."""
    return translations(current_locale()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same words used elsewhere."""
    return translations(current_locale()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark wording kept in a constant for the catalog; ``_`` translates it where it is used."""
    return message
