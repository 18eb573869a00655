"""The application commands the bot syncs: how Discord stores them and what it refuses.

Bulk overwrites (``PUT .../commands``) are checked like Discord: names, descriptions, option
order and nesting, choices, sizes; a bad command set gets 50035 with Discord's error paths.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from typing import Any

from tests.discord_server.errors import FormErrors
from tests.discord_server.limits import (
    COMMAND_NAME_RE,
    LOCALES,
    MAX_CHOICES,
    MAX_COMMAND_SIZE,
    MAX_COMMANDS,
    OPTION_TYPES,
)
from tests.discord_server.models import JSON, Snowflakes

# Interaction context types: a server, the bot's own DM, other DMs and group DMs.
GUILD, BOT_DM, PRIVATE_CHANNEL = 0, 1, 2


class SyncedCommands:
    """The application commands the bot synced (global and per guild), as Discord stores them."""

    def __init__(self) -> None:
        self.global_commands: dict[str, JSON] = {}
        self.guild_commands: dict[int, dict[str, JSON]] = defaultdict(dict)
        #: how many bulk-overwrite PUTs happened, keyed "global" or by guild id
        self.put_counts: Counter[str | int] = Counter()

    def names(self, guild_id: int | None = None) -> set[str]:
        """Global command names, or the names of one guild's commands."""
        return set(
            self.global_commands if guild_id is None else self.guild_commands.get(guild_id, {})
        )

    def get(self, name: str, guild_id: int | None = None) -> JSON | None:
        """The command a user in ``guild_id`` sees as ``name`` (guild command, else global)."""
        if guild_id is not None and name in self.guild_commands.get(guild_id, {}):
            return self.guild_commands[guild_id][name]
        return self.global_commands.get(name)

    def offered_in_dms(self, name: str) -> bool:
        """Whether Discord lists the global command ``name`` in DMs: its interaction contexts
        (0 server, 1 the bot's DM, 2 other DMs) when set, else the older ``dm_permission``."""
        cmd = self.global_commands[name]
        contexts = cmd.get("contexts")
        if contexts is not None:
            return bool(set(contexts) & {BOT_DM, PRIVATE_CHANNEL})
        return cmd.get("dm_permission") is not False

    def scope(self, guild_id: int | None) -> dict[str, JSON]:
        return self.global_commands if guild_id is None else self.guild_commands[guild_id]

    def store(self, guild_id: int | None, body: JSON, ids: Snowflakes, app_id: int) -> JSON:
        """Upsert one command; a command keeps its id when re-synced under the same name."""
        existing = self.scope(guild_id).get(body["name"])
        cmd = {"type": 1, "default_member_permissions": None, "nsfw": False, **copy.deepcopy(body)}
        cmd["id"] = existing["id"] if existing else str(ids.next())
        cmd["application_id"], cmd["version"] = str(app_id), str(ids.next())
        if guild_id is not None:
            cmd["guild_id"] = str(guild_id)
        self.scope(guild_id)[cmd["name"]] = cmd
        return cmd

    def replace(
        self, guild_id: int | None, bodies: list[JSON], ids: Snowflakes, app_id: int
    ) -> list[JSON]:
        """Bulk overwrite: the scope holds exactly ``bodies`` afterwards."""
        old = dict(self.scope(guild_id))
        self.scope(guild_id).clear()
        out = []
        for body in bodies:
            if body["name"] in old:
                self.scope(guild_id)[body["name"]] = old[body["name"]]
            out.append(self.store(guild_id, body, ids, app_id))
        return out


def command_size(cmd: JSON) -> int:
    total = len(cmd.get("name", "")) + len(cmd.get("description", ""))
    for opt in cmd.get("options") or []:
        total += command_size(opt)
        total += sum(
            len(str(c.get("name", ""))) + len(str(c.get("value", "")))
            for c in opt.get("choices") or []
        )
    return total


def check_name(errors: FormErrors, path: list[str | int], name: str) -> None:
    if not COMMAND_NAME_RE.match(name) or name != name.lower():
        errors.add(
            [*path, "name"],
            "APPLICATION_COMMAND_INVALID_NAME",
            f"Command name is invalid: {name!r}",
        )


def _localizations(errors: FormErrors, path: list[str | int], value: Any) -> dict[str, Any]:
    """A localizations map: null, or an object keyed by locales Discord knows."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(path, "BASE_TYPE_BAD_TYPE", "Must be an object.")
        return {}
    for locale in value:
        if locale not in LOCALES:
            errors.add([*path, locale], "LOCALE_INVALID", f"Invalid locale {locale!r}")
    return {k: v for k, v in value.items() if k in LOCALES}


def check_localizations(
    errors: FormErrors, path: list[str | int], item: JSON, *, names_are_text: bool = False
) -> None:
    """Translated names follow the name rule (choices: 1-100 characters), descriptions 1-100."""
    names = _localizations(errors, [*path, "name_localizations"], item.get("name_localizations"))
    for locale, name in names.items():
        p = [*path, "name_localizations", locale]
        if not isinstance(name, str):
            errors.add(p, "BASE_TYPE_BAD_TYPE", "Must be a string.")
        elif names_are_text:
            errors.between(p, len(name), 1, 100)
        elif not COMMAND_NAME_RE.match(name) or name != name.lower():
            errors.add(p, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")
    if names_are_text:
        return
    descriptions = _localizations(
        errors, [*path, "description_localizations"], item.get("description_localizations")
    )
    for locale, text in descriptions.items():
        p = [*path, "description_localizations", locale]
        errors.between(p, len(text) if isinstance(text, str) else 0, 1, 100)


def _localized_duplicates(errors: FormErrors, path: list[str | int], items: list[Any]) -> None:
    """Two options (or two commands) may not share a name in any language."""
    for locale in LOCALES:
        seen: set[str] = set()
        for i, item in enumerate(items):
            name = (item.get("name_localizations") or {}).get(locale) or item.get("name")
            if name in seen:
                errors.add(
                    [*path, i, "name_localizations", locale],
                    "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                    f"Duplicate name {name!r} in {locale}",
                )
            seen.add(name)


def validate_options(options: Any, path: list[str | int], errors: FormErrors, depth: int) -> None:
    if not isinstance(options, list):
        errors.add(path, "BASE_TYPE_BAD_TYPE", "Must be an array.")
        return
    errors.max_len(path, len(options), 25)
    if len({o.get("type") in (1, 2) for o in options}) > 1:
        errors.add(
            path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands mix with options"
        )
    names: set[str] = set()
    if all(isinstance(o, dict) for o in options):
        _localized_duplicates(errors, path, options)
    seen_optional = False
    for i, opt in enumerate(options):
        p = [*path, i]
        name, otype = opt.get("name", ""), opt.get("type")
        check_name(errors, p, name)
        check_localizations(errors, p, opt)
        if name in names:
            errors.add(
                [*p, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Duplicate name"
            )
        names.add(name)
        errors.between([*p, "description"], len(opt.get("description") or ""), 1, 100)
        if otype not in OPTION_TYPES:
            errors.add(
                [*p, "type"], "BASE_TYPE_CHOICES", f"Value must be one of {sorted(OPTION_TYPES)}."
            )
        if otype in (1, 2):
            inner = opt.get("options") or []
            mixed = otype == 2 and any(o.get("type") != 1 for o in inner)
            if mixed or depth > (0 if otype == 2 else 1):
                errors.add(
                    p, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Invalid sub-command nesting"
                )
            validate_options(inner, [*p, "options"], errors, depth + 1)
            continue
        if opt.get("required") and seen_optional:
            msg = "Required options must be placed before non-required options"
            errors.add([*p, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", msg)
        seen_optional = seen_optional or not opt.get("required")
        choices = opt.get("choices") or []
        errors.max_len([*p, "choices"], len(choices), MAX_CHOICES)
        if choices and opt.get("autocomplete"):
            errors.add(
                [*p, "autocomplete"], "AUTOCOMPLETE_WITH_CHOICES", "Autocomplete with choices"
            )
        for j, choice in enumerate(choices):
            errors.between([*p, "choices", j, "name"], len(str(choice.get("name", ""))), 1, 100)
            check_localizations(errors, [*p, "choices", j], choice, names_are_text=True)
            if isinstance(choice.get("value"), str):
                errors.max_len([*p, "choices", j, "value"], len(choice["value"]), 100)


def check_access(errors: FormErrors, path: list[str | int], cmd: JSON) -> None:
    """Where a command is offered and to whom, typed as Discord requires."""
    contexts = cmd.get("contexts")
    known = (GUILD, BOT_DM, PRIVATE_CHANNEL)
    if contexts is not None and (
        not isinstance(contexts, list) or not all(c in known for c in contexts)
    ):
        errors.add([*path, "contexts"], "BASE_TYPE_CHOICES", f"Value must be one of {known}.")
    permissions = cmd.get("default_member_permissions")
    whole = isinstance(permissions, int) and not isinstance(permissions, bool)
    if permissions is not None and not (whole or str(permissions).isdigit()):
        errors.add(
            [*path, "default_member_permissions"],
            "BASE_TYPE_BAD_TYPE",
            "Must be a permission bit set.",
        )
    if not isinstance(cmd.get("dm_permission", True), bool):
        errors.add([*path, "dm_permission"], "BASE_TYPE_BAD_TYPE", "Must be a boolean.")


def validate_commands(bodies: Any) -> None:
    """Light validation of application commands, with Discord-style error paths."""
    errors = FormErrors()
    if not isinstance(bodies, list) or not all(isinstance(b, dict) for b in bodies):
        errors.add([], "BASE_TYPE_BAD_TYPE", "Must be an array of objects.")
        errors.raise_if_any("invalid application commands")
        return
    errors.max_len([], sum(1 for b in bodies if b.get("type", 1) == 1), MAX_COMMANDS)
    seen: set[tuple[int, str]] = set()
    for i, cmd in enumerate(bodies):
        ctype, name = cmd.get("type", 1), cmd.get("name", "")
        if ctype == 1:
            check_name(errors, [i], name)
            check_localizations(errors, [i], cmd)
            errors.between([i, "description"], len(cmd.get("description") or ""), 1, 100)
            validate_options(cmd.get("options") or [], [i, "options"], errors, 0)
            if command_size(cmd) > MAX_COMMAND_SIZE:
                errors.add(
                    [i], "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)"
                )
        else:
            errors.between([i, "name"], len(name), 1, 32)
        check_access(errors, [i], cmd)
        if ctype != 1:
            _localizations(errors, [i, "name_localizations"], cmd.get("name_localizations"))
        if (ctype, name) in seen:
            errors.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Duplicate name {name}")
        seen.add((ctype, name))
    _localized_duplicates(errors, [], [b for b in bodies if b.get("type", 1) == 1])
    errors.raise_if_any("invalid application commands")
