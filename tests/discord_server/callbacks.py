"""The bot's side of an interaction: the initial callback, follow-ups and webhook edits.

Discord's rules are enforced here: one initial response within 3 s (40060, 10062), callback types
that fit the interaction, follow-ups only after it and within the token's 15 minutes.
"""

from __future__ import annotations

import time

from tests.discord_server.errors import DiscordAPIError, FormErrors
from tests.discord_server.interactions import InteractionRecord
from tests.discord_server.limits import (
    ALLOWED_CALLBACKS,
    TRUE_VALUES,
    validate_choices,
    validate_message,
)
from tests.discord_server.models import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    JSON,
    SETTABLE_FLAGS,
    FakeMessage,
)
from tests.discord_server.transport import Ctx


class CallbacksMixin:
    """FakeDiscord's interaction callback and webhook routes."""

    async def _h_callback(self, ctx: Ctx) -> JSON | None:
        record = self._by_id.get(ctx.int_param("interaction_id"))
        if record is None or record.token != ctx.params["token"]:
            raise DiscordAPIError(
                404, 10062, "Unknown interaction", violation="unknown interaction or token"
            )
        if record.callbacks:
            text = "Interaction has already been acknowledged."
            raise DiscordAPIError(400, 40060, text, violation="second initial response")
        elapsed = time.monotonic() - record.dispatched_at
        if elapsed > self.interaction_deadline:
            why = f"initial response after {elapsed:.2f}s (limit {self.interaction_deadline}s)"
            raise DiscordAPIError(404, 10062, "Unknown interaction", violation=why)
        ctype, data = ctx.data.get("type"), ctx.data.get("data") or {}
        if not isinstance(ctype, int) or ctype not in ALLOWED_CALLBACKS.get(
            record.type, frozenset()
        ):
            errors = FormErrors()
            errors.add(
                ["type"],
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Invalid for interaction type {record.type}",
            )
            why = f"callback type {ctype} for interaction type {record.type}"
            raise DiscordAPIError(
                400, 50035, "Invalid Form Body", violation=why, errors=errors.tree
            )
        msg: FakeMessage | None = None
        if ctype == 4:
            validate_message(data, ctx.files, creating=True)
            flags = int(data.get("flags") or 0) & (SETTABLE_FLAGS | FLAG_EPHEMERAL)
            msg = self._interaction_message(record, data, ctx.files, flags, 20)
        elif ctype == 5:
            flags = FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL)
            msg = self._interaction_message(record, {}, [], flags, 20)
        elif ctype in (6, 7):
            msg = record.source_message
            if msg is None:
                raise DiscordAPIError(
                    400, 50035, "Invalid Form Body", violation="message update without a message"
                )
            if ctype == 7:
                self._apply_edit(msg, data, ctx.files)
        elif ctype == 8:
            validate_choices(data.get("choices"))
            record.choices = list(data["choices"])
        record.callbacks.append((ctype, data))
        record.original = msg or record.original
        record._changed(msg if ctype in (4, 7) else None)
        if ctx.query.get("with_response") not in TRUE_VALUES:
            return None
        interaction: JSON = {"id": str(record.id), "type": record.type}
        if msg is None or ctype == 6:
            return {"interaction": interaction}
        interaction |= {
            "response_message_id": str(msg.id),
            "response_message_loading": ctype == 5,
            "response_message_ephemeral": msg.ephemeral,
        }
        return {
            "interaction": interaction,
            "resource": {"type": ctype, "message": self._message_payload(msg)},
        }

    def _webhook_record(self, ctx: Ctx) -> InteractionRecord:
        if ctx.int_param("app_id") != self.application_id:
            raise DiscordAPIError(
                404, 10015, "Unknown Webhook", violation="webhook of another application"
            )
        record = self._by_token.get(ctx.params["token"])
        if record is None:
            raise DiscordAPIError(
                404, 10015, "Unknown Webhook", violation="unknown interaction token"
            )
        if time.monotonic() - record.dispatched_at > self.token_lifetime:
            raise DiscordAPIError(
                401, 50027, "Invalid Webhook Token", violation="token older than 15 minutes"
            )
        if not record.callbacks:
            raise DiscordAPIError(
                404, 10015, "Unknown Webhook", violation="follow-up before the initial response"
            )
        return record

    def _webhook_message(self, ctx: Ctx, record: InteractionRecord) -> FakeMessage:
        target = ctx.params["message_id"]
        candidates = (
            [record.original] if target == "@original" else [*record.followups, record.original]
        )
        wanted = None if target == "@original" else target
        msg = next(
            (m for m in candidates if m is not None and (wanted is None or str(m.id) == wanted)),
            None,
        )
        if msg is None or msg.deleted:
            raise DiscordAPIError(
                404, 10008, "Unknown Message", violation=f"webhook message {target} does not exist"
            )
        return msg

    async def _h_followup(self, ctx: Ctx) -> JSON | None:
        record = self._webhook_record(ctx)
        data = ctx.data
        validate_message(data, ctx.files, creating=True)
        original = record.original
        if original is not None and original.loading and not original.deleted:
            # Discord: the first follow-up after a "thinking" deferral completes the loading
            # message, and the deferral already decided whether it is ephemeral.
            self._apply_edit(original, {k: v for k, v in data.items() if k != "flags"}, ctx.files)
            msg = original
        else:
            flags = int(data.get("flags") or 0) & (SETTABLE_FLAGS | FLAG_EPHEMERAL)
            msg = self._interaction_message(record, data, ctx.files, flags, 0)
        record.followups.append(msg)
        record._changed(msg)
        return self._message_payload(msg) if ctx.query.get("wait") in TRUE_VALUES else None

    async def _h_webhook_get(self, ctx: Ctx) -> JSON:
        return self._message_payload(self._webhook_message(ctx, self._webhook_record(ctx)))

    async def _h_webhook_edit(self, ctx: Ctx) -> JSON:
        record = self._webhook_record(ctx)
        msg = self._webhook_message(ctx, record)
        self._apply_edit(msg, ctx.data, ctx.files)
        record.edits.append((ctx.params["message_id"], ctx.data))
        record._changed(msg)
        return self._message_payload(msg)

    async def _h_webhook_delete(self, ctx: Ctx) -> None:
        record = self._webhook_record(ctx)
        self._webhook_message(ctx, record).deleted = True
        record._changed()
