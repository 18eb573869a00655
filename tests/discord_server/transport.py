"""HTTP plumbing: one handler for every request, the route match, bodies, errors and the CDN.

The gateway upgrade on ``/`` is handed to the gateway; ``/api/v10/...`` goes to a route of the
table in ``rest.py``; ``/attachments/...`` serves the files the bot sent or a user uploaded.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from tests.discord_server.errors import DiscordAPIError, json_response
from tests.discord_server.models import JSON, FakeFile, RecordedRequest, Violation

API_PREFIX = "/api/v10"
CDN_PREFIX = "/attachments/"


@dataclass
class Ctx:
    """What a route handler gets: the request, its path parameters, body and files."""

    request: web.Request
    params: dict[str, str]
    body: Any
    files: list[FakeFile]

    @property
    def query(self) -> Mapping[str, str]:
        return self.request.query

    @property
    def data(self) -> JSON:
        return self.body if isinstance(self.body, dict) else {}

    def int_param(self, name: str) -> int:
        value = self.params[name]
        if not value.isdigit():
            raise DiscordAPIError(
                404, 0, "404: Not Found", violation=f"{name} {value!r} is no snowflake"
            )
        return int(value)


Handler = Callable[[Ctx], Awaitable[Any]]


@dataclass
class Route:
    """One entry of the route table."""

    method: str
    template: str
    regex: re.Pattern[str]
    handler: Handler
    auth: bool  # needs "Authorization: Bot ..." and counts against the global rate limit


class TransportMixin:
    """FakeDiscord's HTTP side: record each request, match a route, turn errors into answers."""

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path == "/" and request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._gateway(request)
        body, files = await self._read_body(request)
        is_api = path.startswith(API_PREFIX + "/")
        api_path = path[len(API_PREFIX) :] if is_api else path
        files_seen = [(f.filename, f.size) for f in files]
        record = RecordedRequest(
            request.method, api_path, dict(request.query), body, files_seen, time.monotonic()
        )
        self.requests.append(record)
        try:
            response = await self._route(request, record, body, files, is_api=is_api)
        except DiscordAPIError as exc:
            if exc.violation is not None:
                self._violate(exc, record)
            response = exc.response()
        record.status = response.status
        return response

    def _violate(self, exc: DiscordAPIError, record: RecordedRequest) -> None:
        match = re.match(r"^/(?:interactions/(\d+)|webhooks/\d+/([^/]+))", record.path)
        interaction = None
        if match:
            interaction = (
                self._by_id.get(int(match[1])) if match[1] else self._by_token.get(match[2])
            )
        iid = interaction.id if interaction else None
        violation = Violation(
            exc.code, exc.message, exc.violation or "", record.method, record.path, iid
        )
        self.violations.append(violation)
        if interaction is not None:
            interaction.violations.append(violation)
            interaction._changed()

    async def _read_body(self, request: web.Request) -> tuple[Any, list[FakeFile]]:
        if not request.content_type.startswith("multipart/"):
            raw = await request.read()
            try:
                return (json.loads(raw) if raw else None), []
            except ValueError:
                return raw.decode(errors="replace"), []
        payload: Any = None
        files: list[FakeFile] = []
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader):
                continue
            raw = bytes(await part.read())
            if part.name == "payload_json":
                payload = json.loads(raw)
            elif part.name and part.name.startswith("files["):
                files.append(FakeFile(part.filename or "file", raw))
        described = (
            (payload.get("data") or payload).get("attachments") or []
            if isinstance(payload, dict)
            else []
        )
        for i, f in enumerate(files):  # payload_json "attachments" name/describe files[i] by id i
            for att in described:
                if str(att.get("id")) == str(i):
                    f.filename = att.get("filename") or f.filename
                    f.description = att.get("description")
        return payload, files

    async def _route(
        self,
        request: web.Request,
        record: RecordedRequest,
        body: Any,
        files: list[FakeFile],
        *,
        is_api: bool,
    ) -> web.StreamResponse:
        path, method = record.path, request.method
        if not is_api and method == "GET" and path.startswith(CDN_PREFIX):
            return self._serve_cdn(path)
        route, params, path_known = None, {}, False
        for candidate in self._routes if is_api else []:
            match = candidate.regex.match(path)
            path_known = path_known or match is not None
            if match and candidate.method == method:
                route, params = candidate, match.groupdict()
                break
        if route is None:
            self.unknown_routes.append(record)
            status = 405 if path_known else 404
            message = "405: Method Not Allowed" if path_known else "404: Not Found"
            return json_response({"message": message, "code": 0}, status)
        record.route = f"{route.method} {route.template}"
        interruption = self._interruption(method, path)
        if interruption is not None and interruption.release is not None:
            interruption.arrived.set()
            await interruption.release.wait()
        elif interruption is not None and request.transport is not None:
            request.transport.close()
            return web.Response(status=204)
        lost = self._apply_faults(method, path)
        if route.auth:
            auth = request.headers.get("Authorization", "")
            if not auth.startswith("Bot ") or (
                self.token is not None and auth != f"Bot {self.token}"
            ):
                raise DiscordAPIError(401, 0, "401: Unauthorized")
            self._check_global_limit()
        result = await route.handler(Ctx(request, params, body, files))
        if lost is not None:
            raise lost
        if isinstance(result, web.StreamResponse):
            return result
        return web.Response(status=204) if result is None else json_response(result)

    def _serve_cdn(self, path: str) -> web.Response:
        match = re.match(r"^/attachments/\d+/(\d+)/", path)
        f = self._cdn.get(int(match[1])) if match else None
        if f is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(
            body=f.data, headers={"Content-Type": f.content_type or "application/octet-stream"}
        )
