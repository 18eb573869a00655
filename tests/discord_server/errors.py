"""Discord's error answers: the exception a route raises, and 50035's error tree.

Kept apart so every part of the server can raise them without importing the routes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web

JSON = dict[str, Any]


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py treats the body as text.
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


class DiscordAPIError(Exception):
    """Raised inside a route handler: becomes Discord's error response.

    ``violation`` says why the bot broke a rule; None for normal conditions (injected faults).
    """

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        violation: str | None = None,
        errors: JSON | None = None,
        headers: Mapping[str, str] | None = None,
        extra: JSON | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message = status, code, message
        self.violation = violation
        self.errors = errors
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def response(self) -> web.Response:
        body: JSON = {"message": self.message, "code": self.code, **self.extra}
        if self.errors:
            body["errors"] = self.errors
        return json_response(body, self.status, self.headers)


class FormErrors:
    """Collects "Invalid Form Body" (50035) errors keyed by field path, as Discord reports them."""

    def __init__(self) -> None:
        self.tree: JSON = {}

    def add(self, path: Iterable[str | int], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: Iterable[str | int], size: int, limit: int) -> None:
        if size > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def between(self, path: Iterable[str | int], size: int, low: int, high: int) -> None:
        if not low <= size <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def raise_if_any(self, why: str) -> None:
        if self.tree:
            raise DiscordAPIError(400, 50035, "Invalid Form Body", violation=why, errors=self.tree)
