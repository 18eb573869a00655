"""The REST routes the bot uses: who it is, its commands, DMs, and posts in channels.

Routes Discord has and the bot does not call are left out on purpose: a call to one shows up in
``FakeDiscord.unknown_routes`` and fails ``assert_clean``, so a new call gets a route and a test.
"""

from __future__ import annotations

import re

from tests.discord_server.commands import validate_commands
from tests.discord_server.errors import DiscordAPIError
from tests.discord_server.limits import validate_message
from tests.discord_server.models import (
    APPLICATION_FLAGS,
    JSON,
    SETTABLE_FLAGS,
    FakeChannel,
    Perm,
    id_of,
)
from tests.discord_server.transport import Ctx, Handler, Route

# IDENTIFYs Discord allows a bot per day (each shard's connection is one).
SESSION_START_TOTAL = 1000


class RestMixin:
    """FakeDiscord's REST routes; the interaction callback and webhooks are in ``callbacks.py``."""

    def _build_routes(self) -> list[Route]:
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/gateway/bot", self._h_gateway_bot),
            ("GET", "/users/@me", self._h_me),
            ("POST", "/users/@me/channels", self._h_create_dm),
            ("GET", "/users/{user_id}", self._h_user),
            ("GET", "/guilds/{guild_id}", self._h_guild),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._h_member),
            ("GET", "/oauth2/applications/@me", self._h_application),
            ("PUT", "/applications/{app_id}/commands", self._h_put_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._h_put_commands),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._h_callback),
            ("POST", "/webhooks/{app_id}/{token}", self._h_followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._h_webhook_get),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._h_webhook_edit),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self._h_webhook_delete),
            ("GET", "/channels/{channel_id}/messages", self._h_history),
            ("POST", "/channels/{channel_id}/messages", self._h_post_message),
        ]  # fmt: skip
        routes = []
        for method, template, handler in table:
            regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")
            auth = not template.startswith(("/interactions/", "/webhooks/"))
            routes.append(Route(method, template, regex, handler, auth))
        return routes

    async def _h_gateway_bot(self, ctx: Ctx) -> JSON:
        """Where to connect, how many shards to run, and the IDENTIFYs left for the day."""
        return {
            "url": self.gateway_url,
            "shards": self.recommended_shards,
            "session_start_limit": {
                "total": SESSION_START_TOTAL,
                "remaining": max(0, SESSION_START_TOTAL - self.identify_count),
                "reset_after": 24 * 3600 * 1000,
                "max_concurrency": 1,
            },
        }

    async def _h_me(self, ctx: Ctx) -> JSON:
        return self.bot_user.to_payload() | {"verified": True, "mfa_enabled": False, "email": None}

    async def _h_user(self, ctx: Ctx) -> JSON:
        user = self.users.get(ctx.int_param("user_id"))
        if user is None:
            raise DiscordAPIError(404, 10013, "Unknown User")
        return user.to_payload()

    async def _h_guild(self, ctx: Ctx) -> JSON:
        """A guild as REST gives it: its roles, none of the gateway's channels or members."""
        guild = self.guilds.get(ctx.int_param("guild_id"))
        if guild is None:
            raise DiscordAPIError(404, 10004, "Unknown Guild")
        payload = guild.to_payload(0)
        for gateway_only in ("channels", "members", "voice_states", "presences", "threads"):
            payload.pop(gateway_only)
        return payload

    async def _h_member(self, ctx: Ctx) -> JSON:
        """A guild's member; Unknown Member (10007) for a user who is not, or no longer, in it."""
        guild = self.guilds.get(ctx.int_param("guild_id"))
        if guild is None:
            raise DiscordAPIError(404, 10004, "Unknown Guild")
        member = guild.members.get(ctx.int_param("user_id"))
        if member is None:
            raise DiscordAPIError(404, 10007, "Unknown Member")
        return member.to_payload()

    async def _h_application(self, ctx: Ctx) -> JSON:
        return {
            "id": str(self.application_id), "name": self.bot_user.name, "description": "",
            "icon": None, "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
            "owner": self.owner.to_payload(), "summary": "", "verify_key": "0" * 64, "team": None,
            "flags": APPLICATION_FLAGS, "bot": self.bot_user.to_payload(),
            "approximate_guild_count": len(self.guilds), "interactions_endpoint_url": None,
            "redirect_uris": [], "tags": [], "integration_types_config": {"0": {}},
        }  # fmt: skip

    async def _h_create_dm(self, ctx: Ctx) -> JSON:
        try:
            user_id = id_of(ctx.data.get("recipient_id"))
        except TypeError:
            user_id = 0
        if user_id not in self.users or user_id == self.bot_user.id:
            raise DiscordAPIError(
                400, 50033, "Invalid Recipient(s)", violation=f"DM to unknown user {user_id}"
            )
        return self.dm_channel(user_id).to_payload() | {
            "recipients": [self.users[user_id].to_payload()]
        }

    def _command_scope(self, ctx: Ctx) -> int | None:
        if ctx.int_param("app_id") != self.application_id:
            raise DiscordAPIError(
                403, 50001, "Missing Access", violation="commands of another application"
            )
        if "guild_id" not in ctx.params:
            return None
        guild_id = ctx.int_param("guild_id")
        if guild_id not in self.guilds:
            raise DiscordAPIError(
                403, 50001, "Missing Access", violation=f"commands for unknown guild {guild_id}"
            )
        return guild_id

    async def _h_put_commands(self, ctx: Ctx) -> list[JSON]:
        scope = self._command_scope(ctx)
        validate_commands(ctx.body)
        stored = self.commands.replace(scope, ctx.body, self.snowflakes, self.application_id)
        self.commands.put_counts["global" if scope is None else scope] += 1
        return stored

    def _bot_channel(self, ctx: Ctx) -> FakeChannel:
        channel_id = ctx.int_param("channel_id")
        self._check_channel_fault(channel_id)
        channel = self.channel(channel_id)
        if channel is None:
            raise DiscordAPIError(404, 10003, "Unknown Channel")
        if channel.guild_id is not None:
            perms = self.guilds[channel.guild_id].permissions_for(self.bot_user.id, channel)
            if not perms & Perm.VIEW_CHANNEL:
                raise DiscordAPIError(403, 50001, "Missing Access")
        return channel

    async def _h_history(self, ctx: Ctx) -> list[JSON]:
        channel = self._bot_channel(ctx)
        msgs = [m for m in self._messages_by_id.values() if m.channel_id == channel.id]
        msgs = [m for m in msgs if not m.deleted and not m.ephemeral and not m.loading]
        limit = int(ctx.query.get("limit", "50"))
        return [self._message_payload(m) for m in sorted(msgs, key=lambda m: -m.id)[:limit]]

    async def _h_post_message(self, ctx: Ctx) -> JSON:
        channel = self._bot_channel(ctx)
        if channel.guild_id is not None:
            perms = self.guilds[channel.guild_id].permissions_for(self.bot_user.id, channel)
            if not perms & Perm.SEND_MESSAGES or (ctx.files and not perms & Perm.ATTACH_FILES):
                raise DiscordAPIError(403, 50013, "Missing Permissions")
        elif channel.recipient_id is not None:
            self._check_dms_open(channel.recipient_id)
        validate_message(ctx.data, ctx.files, creating=True)
        flags = int(ctx.data.get("flags") or 0) & SETTABLE_FLAGS
        msg = self._new_message(channel, ctx.data, ctx.files, flags=flags)
        if channel.recipient_id is not None:
            self.dms[channel.recipient_id].append(msg)
        else:
            self.messages[channel.id].append(msg)
        self._message_waiter.notify()
        return self._message_payload(msg)
