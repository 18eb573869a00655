"""What a user may run, and the options they give, checked against the synced command schema.

A test's mistake (an unknown option, a wrong type, a value outside the schema's range or choices,
a command the user could not see) raises ``AssertionError`` before anything reaches the bot.
"""

from __future__ import annotations

from typing import Any

from tests.discord_server.limits import MAX_SAFE_INTEGER, OPTION_TYPES
from tests.discord_server.models import JSON, FakeChannel, FakeFile, FakeGuild, Perm, id_of


class OptionsMixin:
    """FakeDiscord's command lookup and option building for ``invoke`` and ``autocomplete``."""

    def _find_command(self, guild_id: int | None, path: str) -> tuple[JSON, list[JSON], list[JSON]]:
        tokens = path.strip().lstrip("/").split()
        cmd = self.commands.get(tokens[0], guild_id) if tokens else None
        if cmd is None or cmd.get("type", 1) != 1:
            visible = sorted(
                self.commands.names() | (self.commands.names(guild_id) if guild_id else set())
            )
            raise AssertionError(f"/{path} is not a synced slash command here; synced: {visible}")
        node, chain = cmd, []
        for tok in tokens[1:]:
            subs = {o["name"]: o for o in node.get("options") or [] if o.get("type") in (1, 2)}
            if tok not in subs:
                raise AssertionError(
                    f"/{path}: no sub-command {tok!r} in {node['name']!r}; has {sorted(subs)}"
                )
            node = subs[tok]
            chain.append(node)
        leaf = node.get("options") or []
        groups = [o["name"] for o in leaf if o.get("type") in (1, 2)]
        if groups:
            raise AssertionError(f"/{path} is a group: pick a sub-command among {groups}")
        return cmd, chain, leaf

    def _check_command_access(
        self,
        cmd: JSON,
        path: str,
        guild: FakeGuild | None,
        channel: FakeChannel,
        user_id: int,
    ) -> None:
        contexts = cmd.get("contexts")
        if guild is None:
            if (
                cmd.get("guild_id")
                or cmd.get("dm_permission") is False
                or (contexts is not None and 1 not in contexts)
            ):
                raise AssertionError(f"/{path} is not available in DMs")
            return
        if contexts is not None and 0 not in contexts:
            raise AssertionError(f"/{path} is not available in guilds (contexts={contexts})")
        perms = guild.permissions_for(user_id, channel)
        if not perms & Perm.USE_APPLICATION_COMMANDS:
            raise AssertionError(
                f"user {user_id} lacks Use Application Commands in channel {channel.id}"
            )
        required = cmd.get("default_member_permissions")
        if required is None or perms & Perm.ADMINISTRATOR:
            return
        required = int(required)
        if required == 0 or perms & required != required:
            raise AssertionError(
                f"user {user_id} lacks default_member_permissions {required:#x} of /{path}: "
                "Discord would not show them the command"
            )

    @staticmethod
    def _nest(chain: list[JSON], options: list[JSON]) -> list[JSON]:
        for node in reversed(chain):
            options = [{"name": node["name"], "type": node["type"], "options": options}]
        return options

    def _build_options(
        self,
        path: str,
        schema: list[JSON],
        given: dict[str, Any],
        guild: FakeGuild | None,
        channel: FakeChannel,
        user_id: int,
        files: dict[str, bytes],
        resolved: JSON,
        *,
        focused: str | None = None,
        unchecked: bool = False,
    ) -> list[JSON]:
        by_name = {o["name"]: o for o in schema}
        unknown = [n for n in given if n not in by_name]
        if unknown:
            raise AssertionError(
                f"/{path} has no option(s) {unknown}; its options: {list(by_name)}"
            )
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in given]
        if missing and focused is None:
            raise AssertionError(f"/{path}: missing required option(s) {missing}")
        out: list[JSON] = []
        for name, value in given.items():
            opt = by_name[name]
            if name == focused:
                if not opt.get("autocomplete"):
                    raise AssertionError(f"/{path}: option {name!r} has no autocomplete")
                out.append(
                    {"name": name, "type": opt["type"], "value": str(value), "focused": True}
                )
                continue
            if unchecked and opt["type"] != 11:
                raw = value if opt["type"] in (3, 4, 5, 10) else str(id_of(value))
                out.append({"name": name, "type": opt["type"], "value": raw})
                continue
            sink: JSON = (
                resolved if focused is None else {}
            )  # autocomplete carries no resolved data
            coerced = self._option_value(path, opt, value, guild, channel, user_id, files, sink)
            out.append({"name": name, "type": opt["type"], "value": coerced})
        return out

    def _option_value(
        self,
        path: str,
        opt: JSON,
        value: Any,
        guild: FakeGuild | None,
        channel: FakeChannel,
        user_id: int,
        files: dict[str, bytes],
        resolved: JSON,
    ) -> Any:
        otype = opt["type"]
        where = f"/{path} option {opt['name']!r} ({OPTION_TYPES.get(otype)})"

        def bad(expected: str) -> AssertionError:
            return AssertionError(f"{where} expects {expected}, got {value!r}")

        if otype == 3:
            if not isinstance(value, str):
                raise bad("a str")
            low, high = opt.get("min_length", 0), opt.get("max_length", 6000)
            if not low <= len(value) <= high:
                raise bad(f"a length in {low}..{high}")
        elif otype in (4, 10):
            if isinstance(value, bool) or not isinstance(value, int if otype == 4 else int | float):
                raise bad("an int" if otype == 4 else "a number")
            low, high = (
                opt.get("min_value", -MAX_SAFE_INTEGER),
                opt.get("max_value", MAX_SAFE_INTEGER),
            )
            if not low <= value <= high:
                raise bad(f"a value in {low}..{high}")
        elif otype == 5 and not isinstance(value, bool):
            raise bad("a bool")
        elif otype in (6, 7, 8, 9):
            return self._resolve_entity(where, opt, value, guild, user_id, channel, resolved)
        elif otype == 11:
            return self._resolve_attachment(where, value, files, resolved)
        choices = opt.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            listed = {c["name"]: c["value"] for c in choices}
            raise AssertionError(
                f"{where}: {value!r} is not a choice; choices (name: value): {listed}"
            )
        return value

    def _resolve_entity(
        self,
        where: str,
        opt: JSON,
        value: Any,
        guild: FakeGuild | None,
        user_id: int,
        channel: FakeChannel,
        resolved: JSON,
    ) -> str:
        otype = opt["type"]
        try:
            target = id_of(value)
        except TypeError:
            raise AssertionError(f"{where} expects an id, got {value!r}") from None
        key = str(target)
        if otype in (8, 9) and guild is not None and target in guild.roles:
            resolved.setdefault("roles", {})[key] = guild.roles[target].to_payload()
            return key
        if otype in (6, 9) and target in self.users:
            resolved.setdefault("users", {})[key] = self.users[target].to_payload()
            if guild is not None and target in guild.members:
                perms = guild.permissions_for(target, channel)
                member = guild.members[target].to_payload(with_user=False, permissions=perms)
                del member["deaf"], member["mute"]
                resolved.setdefault("members", {})[key] = member
            return key
        if otype == 7 and guild is not None and target in guild.channels:
            ch = guild.channels[target]
            if opt.get("channel_types") and ch.type not in opt["channel_types"]:
                raise AssertionError(
                    f"{where}: channel {target} has type {ch.type}, allowed {opt['channel_types']}"
                )
            entry = {k: v for k, v in ch.to_payload().items() if k != "permission_overwrites"}
            entry["permissions"] = str(guild.permissions_for(user_id, ch))
            resolved.setdefault("channels", {})[key] = entry
            return key
        raise AssertionError(f"{where}: {target} is not a known {OPTION_TYPES[otype].lower()} here")

    def _resolve_attachment(
        self, where: str, value: Any, files: dict[str, bytes], resolved: JSON
    ) -> str:
        if isinstance(value, FakeFile):
            upload = FakeFile(value.filename, value.data, value.content_type)
        elif isinstance(value, tuple) and len(value) == 2:
            upload = FakeFile(str(value[0]), bytes(value[1]))
        elif isinstance(value, str) and value in files:
            upload = FakeFile(value, bytes(files.pop(value)))
        else:
            raise AssertionError(
                f"{where} expects a key of attachments=, a (name, bytes) pair or a FakeFile"
            )
        if upload.size > self.attachment_size_limit:
            raise AssertionError(
                f"{where}: {upload.size} bytes is over the upload limit; the client refuses it"
            )
        self._register_file(upload, channel_id=0)
        resolved.setdefault("attachments", {})[str(upload.id)] = upload.to_payload() | {
            "ephemeral": True
        }
        return str(upload.id)
