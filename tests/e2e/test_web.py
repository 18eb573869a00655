"""The built-in web server facing strangers: /healthz without TikTok, no software version,
security headers, bounded requests, and sockets that send their headers a byte at a time."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

import aiohttp
import pytest

from bot.web import HEADER_TIMEOUT, WebServer
from tests.conftest import World

SLOW_SOCKETS = 100


async def test_healthz_answers_without_tiktok_and_names_no_software(world: World) -> None:
    assert len(world.bot.sources) == 0 and world.bot.web is not None
    base = f"http://127.0.0.1:{world.bot.web.port}"
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{base}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"gateway": "ok", "database": "ok"}
            headers = response.headers
        async with client.get(f"{base}/nothing-here") as missing:
            assert missing.status == 404
            missing_headers = missing.headers
    for seen in (headers, missing_headers):
        assert seen["Server"] == "netfollowers-bot"
        assert seen["X-Content-Type-Options"] == "nosniff"
        assert seen["X-Frame-Options"] == "DENY"
        assert seen["Content-Security-Policy"].startswith("default-src 'none';")
        assert "frame-ancestors 'none'" in seen["Content-Security-Policy"]


async def _healthy() -> dict[str, str]:
    return {"database": "ok"}


async def _exchange(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), 5)
    finally:
        writer.close()


def _status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


async def test_oversized_requests_are_refused_in_one_quiet_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = WebServer("127.0.0.1", 0, health=_healthy)
    await server.start()
    assert server.port is not None
    try:
        long_line = b"GET /healthz?" + b"x" * 8000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"
        many = b"".join(b"X-%d: y\r\n" % n for n in range(100))
        headers = b"GET /healthz HTTP/1.1\r\nHost: a\r\n" + many + b"\r\n"
        with caplog.at_level(logging.DEBUG, logger="bot.web"):
            assert _status(await _exchange(server.port, long_line)) == 400
            assert _status(await _exchange(server.port, headers)) == 400
        fine = b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        assert _status(await _exchange(server.port, fine)) == 200
    finally:
        await server.stop()
    logged = [(r.levelno, r.exc_info, r.getMessage()) for r in caplog.records]
    assert logged == [
        (logging.DEBUG, None, "Error handling request from 127.0.0.1: LineTooLong"),
        (logging.DEBUG, None, "Error handling request from 127.0.0.1: BadHttpMessage"),
    ]


async def _slow_loris(port: int, deadline: float) -> float:
    """Send a request's headers a byte every 0.2 s; the seconds until the server hung up."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\n")
        while time.monotonic() - started < deadline:
            writer.write(b"X")
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1024), 0.2) == b"":
                    break
            except TimeoutError:
                continue
        return time.monotonic() - started
    except ConnectionError:
        return time.monotonic() - started
    finally:
        writer.close()


async def test_slow_headers_are_cut_off_and_healthz_still_answers() -> None:
    assert HEADER_TIMEOUT <= 10
    server = WebServer("127.0.0.1", 0, health=_healthy, header_timeout=1.0)
    await server.start()
    assert server.port is not None
    try:
        slow = [asyncio.create_task(_slow_loris(server.port, 8.0)) for _ in range(SLOW_SOCKETS)]
        await asyncio.sleep(0.3)
        async with (
            aiohttp.ClientSession() as client,
            client.get(f"http://127.0.0.1:{server.port}/healthz") as response,
        ):
            assert response.status == 200
        held = await asyncio.gather(*slow)
    finally:
        await server.stop()
    # Each was cut off about a second after it connected, well before it gave up.
    assert max(held) < 3.0, sorted(held)[-5:]


# A web server in a process of its own allowed only a few file descriptors.
SCARCE_DESCRIPTORS = """
import asyncio, logging, resource, sys
from bot.web import WebServer

async def healthy():
    return {"database": "ok"}

async def main():
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))
    server = WebServer("127.0.0.1", 0, health=healthy)
    await server.start()
    print(server.port, flush=True)
    await asyncio.sleep(float(sys.argv[1]))
    await server.stop()

asyncio.run(main())
"""


async def test_running_out_of_file_descriptors_logs_one_line() -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SCARCE_DESCRIPTORS,
        "5",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    port = int(await asyncio.wait_for(child.stdout.readline(), 30))
    held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(SLOW_SOCKETS)]
    # asyncio tries accepting again every second, and fails each time.
    await asyncio.sleep(3.5)
    for _, writer in held:
        writer.close()
    _, stderr = await asyncio.wait_for(child.communicate(), 30)
    lines = stderr.decode().splitlines()
    assert lines[0].startswith("bot.web: Web server listening on http://127.0.0.1:")
    assert lines[1:] == [
        "bot.web: The web server cannot accept connections: Too many open files "
        "(new ones wait until some close)"
    ]
