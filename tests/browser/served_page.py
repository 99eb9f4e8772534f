"""`kiosk serve` for real: the server in a child process, browser tabs as websocket clients.

A tab speaks textual-serve's protocol, as the page's JavaScript does: JSON `["stdin", ...]`
and `["resize", ...]` messages in, the app's terminal output (ANSI) out as binary frames.
What the tab "sees" is that output with the escape sequences taken out.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp

ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Z]|\x1b[=>]"
)
KIOSK = [sys.executable, "-m", "kiosk"]
KEYS = {"f2": "\x1bOQ", "f4": "\x1bOS", "f5": "\x1b[15~", "down": "\x1b[B", "escape": "\x1b"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(data_dir: Path, now: str, *extra: str) -> Iterator[str]:
    """`kiosk serve` on a free port (and `extra` options); yields its local base URL once
    the page answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_FAKE_NOW"] = now
    server = subprocess.Popen(
        [*KIOSK, "--data-dir", str(data_dir), "serve", "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    said = server.stderr.read().decode() if server.stderr else ""
                    raise AssertionError(f"kiosk serve did not answer: {said}") from exc
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Tab:
    """One browser tab on the served page."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.raw = b""

    def seen(self, since: int = 0) -> str:
        return ANSI.sub(b"", self.raw[since:]).decode("utf-8", "ignore")

    async def wait_for(self, text: str, since: int = 0, seconds: float = 20) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while text not in self.seen(since):
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(
                    f"{text!r} never appeared; the tab shows:\n{self.seen()[-2000:]}"
                )
            await self.read(min(left, 0.5))

    async def read(self, seconds: float) -> None:
        try:
            message = await self.ws.receive(timeout=seconds)
        except TimeoutError:
            return
        if message.type == aiohttp.WSMsgType.BINARY:
            self.raw += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            raise AssertionError("the server closed the tab")

    async def settle(self, seconds: float = 0.6) -> None:
        """Read whatever the app paints in the next `seconds`."""
        end = asyncio.get_running_loop().time() + seconds
        while (left := end - asyncio.get_running_loop().time()) > 0:
            await self.read(left)

    async def type(self, *keys: str) -> int:
        """Send text and named keys (f2, down, ...); returns the output mark before them."""
        mark = len(self.raw)
        for key in keys:
            await self.ws.send_json(["stdin", KEYS.get(key, key)])
        return mark
