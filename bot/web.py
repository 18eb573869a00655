"""The bot's built-in web server: a health check always, and each source's OAuth redirect.

aiohttp's access log prints every request line, query string included, and a redirect carries
the authorization code there: the server runs without one.

It faces strangers: every connection must send its request within ``HEADER_TIMEOUT`` (the
first request's deadline runs from the moment it connects, so headers sent a byte at a time
do not hold a socket), requests are small and bodiless, and no response names the software.
"""

from __future__ import annotations

import asyncio
import errno
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.render.tiktok import browser_page
from bot.tiktok.oauth import Page

log = logging.getLogger(__name__)

Health = Callable[[], Awaitable[dict[str, str]]]
Callback = Callable[[dict[str, str]], Awaitable[Page]]

# Seconds a connection may take to deliver a whole request (and may then stay idle).
HEADER_TIMEOUT = 10.0
# Seconds spent reading and discarding a body nobody asked for before the socket is closed.
BODY_TIMEOUT = 2.0
# The largest request body read, in bytes: no route takes one.
MAX_BODY = 1024
# The request line (TikTok's redirect carries a code and a state) and each header, in bytes.
MAX_LINE = 4096
MAX_HEADERS = 32
SERVER_NAME = "netfollowers-bot"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "Referrer-Policy": "no-referrer",
}
# What asyncio reports when accept() fails for want of file descriptors or memory.
OUT_OF_RESOURCES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
# Seconds between two log lines about the same shortage.
SHORTAGE_LOG_EVERY = 60.0


class WebServer:
    """Serves ``/healthz`` always and, for each configured source, the path its platform
    redirects browsers to after consent (``/tiktok/callback`` for TikTok)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        health: Health,
        callbacks: Mapping[str, Callback] | None = None,
        header_timeout: float = HEADER_TIMEOUT,
    ) -> None:
        self.host, self._port = host, port
        self._header_timeout = header_timeout
        self._health, self._callbacks = health, dict(callbacks or {})
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._shortage_logged_at: float | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/healthz", self._healthz)
        for path, callback in self._callbacks.items():
            app.router.add_get(path, _consent_page(callback))
        app.on_response_prepare.append(_harden)
        self._runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            keepalive_timeout=self._header_timeout,
            lingering_time=BODY_TIMEOUT,
            max_line_size=MAX_LINE,
            max_field_size=MAX_LINE,
            max_headers=MAX_HEADERS,
            logger=_StrangersLog(log),
        )
        await self._runner.setup()
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(self._loop_exception)
        site = web.TCPSite(self._runner, self.host, self._port)
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1]) if addresses else self._port
        log.info("Web server listening on http://%s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._loop is not None:
            self._loop.set_exception_handler(None)
            self._loop = None

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """asyncio logs a traceback each time accept() fails for want of file descriptors (and
        tries again every second): one line a minute says the same."""
        error = context.get("exception")
        if not (isinstance(error, OSError) and error.errno in OUT_OF_RESOURCES):
            loop.default_exception_handler(context)
            return
        now = loop.time()
        if self._shortage_logged_at is None or now - self._shortage_logged_at >= SHORTAGE_LOG_EVERY:
            self._shortage_logged_at = now
            log.error(
                "The web server cannot accept connections: %s (new ones wait until some close)",
                error.strerror,
            )

    async def _healthz(self, _request: web.Request) -> web.Response:
        state = await self._health()
        healthy = all(value == "ok" for value in state.values())
        return web.json_response(state, status=200 if healthy else 503)


def _consent_page(callback: Callback) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The handler for one source's redirect: its callback decides the page shown."""

    async def handle(request: web.Request) -> web.Response:
        page = await callback(dict(request.query))
        return web.Response(
            text=browser_page(page.title, page.text),
            status=page.status,
            content_type="text/html",
            headers={"Cache-Control": "no-store"},
        )

    return handle


class _StrangersLog(logging.LoggerAdapter[logging.Logger]):
    """aiohttp logs a traceback for every malformed request: a stranger's junk, not a fault
    here, and a flood of them once filled the disk. Those become one debug line each; errors
    in the handlers keep their traceback."""

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        error = kwargs.get("exc_info")
        if isinstance(error, HttpProcessingError):
            kwargs["exc_info"] = None
            msg = f"{msg}: {type(error).__name__}"
        return msg, kwargs

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(kwargs.get("exc_info"), HttpProcessingError):
            level = logging.DEBUG
        super().log(level, msg, *args, **kwargs)


async def _harden(_request: web.Request, response: web.StreamResponse) -> None:
    """Every response: no software version, and pages that cannot be framed, sniffed or made to
    load anything."""
    response.headers["Server"] = SERVER_NAME
    response.headers.update(SECURITY_HEADERS)
