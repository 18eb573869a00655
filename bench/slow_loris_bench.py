"""Slow-header benchmark of the built-in web server.

Opens ``--sockets`` connections on loopback that each send a request line and then one header
byte every half second, never finishing the headers (a "slow loris"), for at most ``--cap``
seconds. Prints how long the server let them hold their sockets, and how long ``/healthz``
took to answer while they did. Target: every slow socket cut off within the header timeout
(10 s) plus a second; /healthz under 100 ms throughout.

Run: python -m bench.slow_loris_bench [--sockets 300] [--cap 30]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import aiohttp

from bot.web import WebServer


async def _healthy() -> dict[str, str]:
    return {"database": "ok"}


async def _slow(port: int, cap: float) -> float:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\n")
        while time.monotonic() - started < cap:
            writer.write(b"X")
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1024), 0.5) == b"":
                    break
            except TimeoutError:
                continue
    except ConnectionError:
        pass
    finally:
        writer.close()
    return time.monotonic() - started


async def main(sockets: int, cap: float) -> None:
    server = WebServer("127.0.0.1", 0, health=_healthy)
    await server.start()
    assert server.port is not None
    try:
        slow = [asyncio.create_task(_slow(server.port, cap)) for _ in range(sockets)]
        await asyncio.sleep(1)
        async with aiohttp.ClientSession() as client:
            started = time.monotonic()
            async with client.get(f"http://127.0.0.1:{server.port}/healthz") as response:
                status = response.status
            health_ms = (time.monotonic() - started) * 1000
        held = sorted(await asyncio.gather(*slow))
    finally:
        await server.stop()
    print(f"{sockets} slow sockets, cap {cap:.0f} s")
    print(f"  held: median {held[len(held) // 2]:.1f} s, longest {held[-1]:.1f} s")
    print(f"  /healthz meanwhile: {status} in {health_ms:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=300)
    parser.add_argument("--cap", type=float, default=30.0)
    args = parser.parse_args()
    asyncio.run(main(args.sockets, args.cap))
