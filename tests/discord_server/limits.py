"""Discord's limits and the checks that enforce them on what the bot sends.

Messages (content, embeds, files, components), autocomplete choices, the callback types each
interaction type takes and the sizes of commands; a breach is answered with Discord's 50035
"Invalid Form Body" (or 413 for a file) and recorded as a violation.
"""

from __future__ import annotations

import re
from typing import Any

from tests.discord_server.errors import DiscordAPIError, FormErrors
from tests.discord_server.models import JSON, FakeFile, walk_components

MIB = 1024 * 1024

# Interaction types, and the callback types Discord accepts for each that this server models
# (modals and activities are not: the bot opens neither).
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    APPLICATION_COMMAND: frozenset({4, 5}),
    MESSAGE_COMPONENT: frozenset({4, 5, 6, 7}),
    AUTOCOMPLETE: frozenset({8}),
}
OPTION_TYPES = {
    1: "SUB_COMMAND", 2: "SUB_COMMAND_GROUP", 3: "STRING", 4: "INTEGER", 5: "BOOLEAN", 6: "USER",
    7: "CHANNEL", 8: "ROLE", 9: "MENTIONABLE", 10: "NUMBER", 11: "ATTACHMENT",
}  # fmt: skip

# Discord's limits.
MAX_CONTENT, MAX_EMBEDS, MAX_EMBED_TOTAL, MAX_FIELDS = 2000, 10, 6000, 25
EMBED_TEXT_LIMITS = {"title": 256, "description": 4096}
FIELD_LIMITS = {"name": 256, "value": 1024}
MAX_FOOTER, MAX_AUTHOR = 2048, 256
MAX_FILES, MAX_FILE_SIZE = 10, 10 * MIB
ATTACHMENT_SIZE_LIMIT = 10 * MIB  # what a user may upload in a server without boosts
MAX_CHOICES, MAX_COMMANDS, MAX_COMMAND_SIZE = 25, 100, 4000
COMMAND_NAME_RE = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
#: The locales Discord takes in ``name_localizations`` and ``description_localizations``.
LOCALES = frozenset(
    [
        "id",
        "da",
        "de",
        "en-GB",
        "en-US",
        "es-ES",
        "es-419",
        "fr",
        "hr",
        "it",
        "lt",
        "hu",
        "nl",
        "no",
        "pl",
        "pt-BR",
        "ro",
        "fi",
        "sv-SE",
        "vi",
        "tr",
        "cs",
        "el",
        "bg",
        "ru",
        "uk",
        "hi",
        "th",
        "zh-CN",
        "ja",
        "zh-TW",
        "ko",
    ]
)
MAX_SAFE_INTEGER = 2**53
TRUE_VALUES = ("1", "true", "True")


def validate_embeds(embeds: list[JSON], errors: FormErrors) -> None:
    errors.max_len(["embeds"], len(embeds), MAX_EMBEDS)
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in EMBED_TEXT_LIMITS.items():
            size = len(embed.get(key) or "")
            errors.max_len(["embeds", i, key], size, limit)
            total += size
        fields = embed.get("fields") or []
        errors.max_len(["embeds", i, "fields"], len(fields), MAX_FIELDS)
        for j, fld in enumerate(fields):
            for key, limit in FIELD_LIMITS.items():
                size = len(str(fld.get(key) or ""))
                if size == 0:  # discord.py lets "" through; Discord does not
                    errors.add(
                        ["embeds", i, "fields", j, key],
                        "BASE_TYPE_REQUIRED",
                        "This field is required",
                    )
                errors.max_len(["embeds", i, "fields", j, key], size, limit)
                total += size
        for key, sub, limit in (("footer", "text", MAX_FOOTER), ("author", "name", MAX_AUTHOR)):
            size = len(str((embed.get(key) or {}).get(sub) or ""))
            errors.max_len(["embeds", i, key, sub], size, limit)
            total += size
    if total > MAX_EMBED_TOTAL:
        errors.add(
            ["embeds"],
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}",
        )


def validate_components(components: list[JSON], errors: FormErrors) -> None:
    errors.max_len(["components"], len(components), 5)
    custom_ids: set[str] = set()
    for comp in walk_components(components):
        cid = comp.get("custom_id")
        if cid is not None:
            errors.between(["components", "custom_id"], len(cid), 1, 100)
            if cid in custom_ids:
                errors.add(
                    ["components"], "COMPONENT_CUSTOM_ID_DUPLICATED", f"Duplicate custom id {cid}"
                )
            custom_ids.add(cid)
        if comp.get("type") == 1:
            errors.between(["components", "components"], len(comp.get("components") or []), 1, 5)
        if comp.get("type") == 2:
            errors.max_len(["components", "label"], len(comp.get("label") or ""), 80)


def validate_message(data: JSON, files: list[FakeFile], *, creating: bool) -> None:
    """Discord's limits on content, embeds, files and components (raises DiscordAPIError)."""
    errors = FormErrors()
    content = data.get("content")
    errors.max_len(["content"], len(str(content or "")), MAX_CONTENT)
    embeds = data.get("embeds") or []
    validate_embeds(embeds, errors)
    errors.max_len(["files"], len(files), MAX_FILES)
    components = data.get("components") or []
    validate_components(components, errors)
    errors.raise_if_any("message over Discord's limits")
    for f in files:
        if f.size > MAX_FILE_SIZE:
            why = f"file {f.filename} has {f.size} bytes (max 10 MiB)"
            raise DiscordAPIError(413, 40005, "Request entity too large", violation=why)
    if creating and not (
        content or embeds or files or components or data.get("poll") or data.get("sticker_ids")
    ):
        raise DiscordAPIError(400, 50006, "Cannot send an empty message", violation="empty message")


def validate_choices(choices: Any) -> None:
    errors = FormErrors()
    if not isinstance(choices, list):
        errors.add(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required")
    else:
        errors.max_len(["data", "choices"], len(choices), MAX_CHOICES)
        for i, choice in enumerate(choices):
            errors.between(
                ["data", "choices", i, "name"], len(str(choice.get("name") or "")), 1, 100
            )
            if isinstance(choice.get("value"), str):
                errors.max_len(["data", "choices", i, "value"], len(choice["value"]), 100)
    errors.raise_if_any("invalid autocomplete choices")
