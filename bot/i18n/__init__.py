"""Which language a reply is written in, and the translated wording for it.

Each reply is written in one language: the member's Discord language for an answer to a command,
the server's language for what the schedule posts. The language is a context variable, set where
the interaction or the delivery starts (``use_locale``/``speak``), so the renderers that write
the sentences stay plain functions; tasks and worker threads started from there inherit it.

Every sentence goes through ``_`` (or ``ngettext`` where a count decides the form); wording kept
in constants is marked with ``N_`` and translated where it is used. Catalogs are gettext ``.po``
files in ``<locale dir>/<Discord locale>/LC_MESSAGES/bot.po`` (``bot/locale`` for the ones that
ship with the bot), read with Babel.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "bot"
ENGLISH = "en-US"

#: The languages the bot is written in: Discord's locale code -> Babel's (CLDR) locale.
#: English is the source text; its dates keep the fixed patterns below ("22 Nov 2026", with
#: US English's month abbreviations: "Sep", not the British "Sept").
LANGUAGES: dict[str, str] = {
    ENGLISH: "en_US",
    "es-ES": "es_ES",
    "pt-BR": "pt_BR",
    "fr": "fr",
    "de": "de",
    "id": "id",
    "ja": "ja",
    "ko": "ko",
    "vi": "vi",
    "tr": "tr",
}

#: Discord locales that read another one's catalog (beyond a language's own, e.g. ``de``).
SHARED: dict[str, str] = {"es-419": "es-ES", "en-GB": ENGLISH}

#: Fixed date patterns by Discord locale and skeleton, where the CLDR skeleton would change
#: what the language's readers already see ("Mon 23 Nov 2026", not "Mon, 23 Nov 2026").
DATE_PATTERNS: dict[str, dict[str, str]] = {
    ENGLISH: {"yMMMd": "d MMM y", "MMMd": "d MMM", "yMMMEd": "EEE d MMM y"},
}


def language(locale: str | None) -> str:
    """The language part of a Discord locale: ``es-419`` -> ``es``."""
    return (locale or "").split("-")[0].lower()


def display_name(locale: str) -> str:
    """A language by its own name, as its speakers look for it: ``Deutsch``,
    ``Español (España)``, ``English``."""
    babel = "en" if language(locale) == "en" else LANGUAGES.get(locale, locale.replace("-", "_"))
    name = Locale.parse(babel).get_display_name() or locale
    return name[:1].upper() + name[1:]


@dataclass
class Catalogs:
    """The translated catalogs in one directory, compiled once each in memory."""

    directory: Path = LOCALE_DIR
    _compiled: dict[str, NullTranslations] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def path(self, locale: str) -> Path:
        return self.directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"

    def available(self) -> list[str]:
        """The languages replies can be written in: English, then those with a catalog."""
        return [ENGLISH, *(loc for loc in LANGUAGES if loc != ENGLISH and self.path(loc).is_file())]

    def supported(self, locale: str | None) -> str:
        """``locale`` when it has a catalog; else the catalog its readers share (``es-419``
        reads ``es-ES``, ``de-AT`` reads ``de``); else English. Portuguese is written apart:
        only ``pt-BR`` reads Brazil's catalog."""
        available = self.available()
        if locale in available:
            return locale
        shared = SHARED.get(locale or "", language(locale))
        return shared if shared in available else ENGLISH

    def find(self, text: str) -> str | None:
        """The available language ``text`` names, by its Discord code (``de``) or its own name
        (``Deutsch``); None when the bot does not write in it."""
        wanted = text.strip().casefold()
        return next(
            (
                loc
                for loc in self.available()
                if wanted in (loc.casefold(), display_name(loc).casefold())
            ),
            None,
        )

    def translations(self, locale: str) -> NullTranslations:
        """The catalog for ``locale``; English is the source text."""
        if locale not in self._compiled:
            self._compiled[locale] = self._compile(locale)
        return self._compiled[locale]

    def _compile(self, locale: str) -> NullTranslations:
        path = self.path(locale)
        if locale == ENGLISH or not path.is_file():
            return NullTranslations()
        with path.open("rb") as source:
            catalog = read_po(source, locale=LANGUAGES.get(locale, locale.replace("-", "_")))
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(compiled, domain=DOMAIN)


#: The catalogs that ship with the bot.
PACKAGED = Catalogs()


@dataclass(frozen=True)
class _Reply:
    locale: str
    catalogs: Catalogs


_ENGLISH_REPLY = _Reply(ENGLISH, PACKAGED)
_REPLY: ContextVar[_Reply | None] = ContextVar("reply_locale", default=None)


def _reply() -> _Reply:
    return _REPLY.get() or _ENGLISH_REPLY


def current_locale() -> str:
    """The Discord locale the current reply is written in."""
    return _reply().locale


def babel_locale() -> Locale:
    """The CLDR locale whose conventions the current reply's numbers and dates follow."""
    return Locale.parse(LANGUAGES.get(current_locale(), LANGUAGES[ENGLISH]))


def speak(locale: str | None, catalogs: Catalogs = PACKAGED) -> None:
    """Write the rest of the current task's replies in ``locale`` (English when unsupported)."""
    _REPLY.set(_Reply(catalogs.supported(locale), catalogs))


@contextmanager
def use_locale(locale: str | None, catalogs: Catalogs = PACKAGED) -> Iterator[None]:
    """Write the replies inside the block in ``locale`` (English when unsupported)."""
    token = _REPLY.set(_Reply(catalogs.supported(locale), catalogs))
    try:
        yield
    finally:
        _REPLY.reset(token)


def supported(locale: str | None) -> str:
    """The language a reply for ``locale`` is written in with the packaged catalogs."""
    return PACKAGED.supported(locale)


def _translations() -> NullTranslations:
    reply = _reply()
    return reply.catalogs.translations(reply.locale)


def _(message: str) -> str:
    """``message`` in the current reply's language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a sentence that fits the count ``n`` in the current reply's language."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same words used elsewhere."""
    return _translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark wording kept in a constant for the catalog; ``_`` translates it where it is used."""
    return message
