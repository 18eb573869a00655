"""The bot's messages as the server keeps them: their payloads, creation, edits and files.

Shared by the channel routes and the interaction routes, which differ only in who may post.
"""

from __future__ import annotations

import copy
import mimetypes
import time
from typing import TYPE_CHECKING, Any

from tests.discord_server.errors import DiscordAPIError
from tests.discord_server.limits import validate_message
from tests.discord_server.models import (
    FLAG_LOADING,
    FLAG_SUPPRESS_EMBEDS,
    JSON,
    FakeChannel,
    FakeFile,
    FakeMessage,
    iso_time,
)
from tests.discord_server.transport import CDN_PREFIX

if TYPE_CHECKING:
    from tests.discord_server.interactions import InteractionRecord


class MessagesMixin:
    """FakeDiscord's message store: what a message looks like on the wire, and how it changes."""

    def _message_payload(self, msg: FakeMessage) -> JSON:
        payload: JSON = {
            "id": str(msg.id), "channel_id": str(msg.channel_id), "type": msg.type,
            "content": msg.content, "author": self.bot_user.to_payload(),
            "embeds": copy.deepcopy(msg.embeds), "attachments": [f.to_payload() for f in msg.files],
            "components": copy.deepcopy(msg.components), "flags": msg.flags,
            "timestamp": iso_time(msg.created_at), "tts": False, "pinned": False,
            "edited_timestamp": None if msg.edited_at is None else iso_time(msg.edited_at),
            "mention_everyone": False, "mentions": [], "mention_roles": [],
        }  # fmt: skip
        if msg.guild_id is not None:
            payload["guild_id"] = str(msg.guild_id)
        if msg.webhook_id is not None:
            payload["webhook_id"] = payload["application_id"] = str(msg.webhook_id)
        if msg.interaction_id is not None and msg.interaction_user_id is not None:
            payload["interaction_metadata"] = {
                "id": str(msg.interaction_id), "type": msg.interaction_type,
                "user": self.users[msg.interaction_user_id].to_payload(),
                "authorizing_integration_owners": {"0": str(msg.guild_id or 0)},
            }  # fmt: skip
        if msg.reference is not None:
            payload["message_reference"] = msg.reference
        return payload

    def _new_message(
        self, channel: FakeChannel, data: JSON, files: list[FakeFile], **kwargs: Any
    ) -> FakeMessage:
        msg = FakeMessage(
            id=self.snowflakes.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            content=str(data.get("content") or ""),
            embeds=copy.deepcopy(data.get("embeds") or []),
            components=copy.deepcopy(data.get("components") or []),
            files=[self._register_file(f, channel.id) for f in files],
            reference=data.get("message_reference"),
            **kwargs,
        )
        self._messages_by_id[msg.id] = msg
        return msg

    def _interaction_message(
        self, record: InteractionRecord, data: JSON, files: list[FakeFile], flags: int, type: int
    ) -> FakeMessage:
        channel = self.channel(record.channel_id) or self.dm_channel(record.user_id)
        return self._new_message(
            channel, data, files, flags=flags, type=type, webhook_id=self.application_id,
            interaction_id=record.id, interaction_type=record.type,
            interaction_user_id=record.user_id,
        )  # fmt: skip

    def _apply_edit(self, msg: FakeMessage, data: JSON, files: list[FakeFile]) -> None:
        validate_message(data, files, creating=False)
        content = str(data["content"] or "") if "content" in data else msg.content
        embeds = copy.deepcopy(data["embeds"] or []) if "embeds" in data else msg.embeds
        components = (
            copy.deepcopy(data["components"] or []) if "components" in data else msg.components
        )
        kept = msg.files
        if data.get("attachments") is not None:  # existing attachments not listed are removed
            keep = {str(a.get("id")) for a in data["attachments"]}
            kept = [f for f in msg.files if str(f.id) in keep]
        if not (content or embeds or kept or files or components):
            raise DiscordAPIError(
                400, 50006, "Cannot send an empty message", violation="edit empties the message"
            )
        msg.content, msg.embeds, msg.components = content, embeds, components
        msg.files = kept + [self._register_file(f, msg.channel_id) for f in files]
        if data.get("flags") is not None:
            msg.flags = (msg.flags & ~FLAG_SUPPRESS_EMBEDS) | (
                int(data["flags"]) & FLAG_SUPPRESS_EMBEDS
            )
        msg.flags &= ~FLAG_LOADING
        msg.edited_at = time.time()
        msg.edit_count += 1

    def _register_file(self, f: FakeFile, channel_id: int) -> FakeFile:
        f.id = self.snowflakes.next()
        f.url = f"{self.base_url}{CDN_PREFIX}{channel_id}/{f.id}/{f.filename}"
        f.content_type = (
            f.content_type or mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
        )
        self._cdn[f.id] = f
        return f
