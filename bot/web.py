"""The bot's built-in web server: TikTok's OAuth redirect and a health check.

aiohttp's access log prints every request line, query string included, and TikTok's redirect
carries the authorization code there: the server runs without one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.config import CALLBACK_PATH
from bot.render.tiktok import browser_page
from bot.tiktok.oauth import Page

log = logging.getLogger(__name__)

Health = Callable[[], Awaitable[dict[str, str]]]
Callback = Callable[[dict[str, str]], Awaitable[Page]]


class WebServer:
    """Serves ``/healthz`` always and ``/tiktok/callback`` when TikTok is configured."""

    def __init__(
        self, host: str, port: int, *, health: Health, callback: Callback | None = None
    ) -> None:
        self.host, self._port = host, port
        self._health, self._callback = health, callback
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        if self._callback is not None:
            app.router.add_get(CALLBACK_PATH, self._tiktok_callback)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._port)
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1]) if addresses else self._port
        log.info("Web server listening on http://%s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        state = await self._health()
        healthy = all(value == "ok" for value in state.values())
        return web.json_response(state, status=200 if healthy else 503)

    async def _tiktok_callback(self, request: web.Request) -> web.Response:
        assert self._callback is not None
        page = await self._callback(dict(request.query))
        return web.Response(
            text=browser_page(page.title, page.text),
            status=page.status,
            content_type="text/html",
            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
        )
