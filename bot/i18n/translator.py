"""Slash commands in the member's language: Discord shows a command's, option's and choice's
localised name and description to a member whose client is set to that language.

The English names stay canonical (they are what the bot receives); the translations come from
the same catalogs as the replies, kept apart from sentences by a context, and one Discord would
refuse falls back to English rather than failing the whole sync.
"""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n import ENGLISH, PACKAGED, Catalogs

log = logging.getLogger(__name__)

#: The catalog contexts of command wording, by what the words are.
NAME = "command name"
OPTION = "option name"
CHOICE = "choice"
DESCRIPTION = "description"

CONTEXTS: dict[Where, str] = {
    Where.command_name: NAME,
    Where.group_name: NAME,
    Where.parameter_name: OPTION,
    Where.choice_name: CHOICE,
    Where.command_description: DESCRIPTION,
    Where.group_description: DESCRIPTION,
    Where.parameter_description: DESCRIPTION,
}

#: Discord's rule for command and option names (its ``\p{L}\p{N}`` are Python's ``\w``).
NAME_RE = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
TEXT_LENGTH = (1, 100)  # descriptions and choice names


def valid(context: str, text: str) -> bool:
    """Whether Discord accepts ``text`` as the command wording of kind ``context``."""
    if context in (NAME, OPTION):
        return bool(NAME_RE.match(text)) and text == text.lower()
    return TEXT_LENGTH[0] <= len(text) <= TEXT_LENGTH[1]


class CatalogTranslator(app_commands.Translator):
    """Looks command wording up in the catalog of each language the bot speaks."""

    def __init__(self, catalogs: Catalogs = PACKAGED) -> None:
        self.catalogs = catalogs

    def lookup(self, message: str, locale: str, context: str) -> str | None:
        """The translation of ``message`` for Discord locale ``locale``, if one Discord takes."""
        language = self.catalogs.supported(locale)
        if language == ENGLISH:
            return None
        text = self.catalogs.translations(language).pgettext(context, message)
        if text == message:
            return None
        if not valid(context, text):
            log.warning("Translation %r (%s) of %r is not valid on Discord", text, locale, message)
            return None
        return text

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        kind = CONTEXTS.get(context.location)
        if kind is None:
            return None
        return self.lookup(string.message, locale.value, kind)
