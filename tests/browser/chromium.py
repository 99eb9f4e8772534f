"""Headless Chromium (Debian's package) driven over the DevTools protocol, for the served page.

No Playwright or Selenium: the DevTools protocol is JSON over a websocket, and aiohttp (which
textual-serve brings) speaks websockets. Chromium is started with the flags this machine
needs (no sandbox as root, no background networking on a closed network).
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from tests.browser.served_page import free_port

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,700",
)
# Windows virtual key codes, as the DevTools protocol wants them for non-text keys.
KEYS = {"enter": ("Enter", 13, "\r"), "f2": ("F2", 113, ""), "f4": ("F4", 115, "")}


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        mine = self.next_id
        await self.ws.send_json({"id": mine, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive(timeout=30)).data)
            if message.get("id") == mine:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def type(self, *keys: str, pause: float = 0.4) -> None:
        """Text as typed, or a named key (enter, f2, f4); a pause after each, as a person."""
        for key in keys:
            if key in KEYS:
                name, code, text = KEYS[key]
                common = {"key": name, "code": name, "windowsVirtualKeyCode": code}
                await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
                await self.call("Input.dispatchKeyEvent", type="keyUp", **common)
            else:
                await self.call("Input.insertText", text=key)
            await asyncio.sleep(pause)

    async def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode((await self.call("Page.captureScreenshot", format="png"))["data"])
        path.write_bytes(data)
        return data


@asynccontextmanager
async def chromium_page(url: str) -> AsyncIterator[Page]:
    """A fresh headless Chromium showing `url`."""
    binary = chromium_path()
    assert binary is not None
    port = free_port()
    profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
    browser = subprocess.Popen(
        [binary, *FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page_ws = _page_websocket(port)
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(page_ws, max_msg_size=0) as ws,
        ):
            page = Page(ws)
            await page.call("Page.enable")
            await page.call("Page.navigate", url=url)
            yield page
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _page_websocket(port: int) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as answer:
                targets = json.load(answer)
            return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        except (OSError, StopIteration, ValueError):
            if time.monotonic() > deadline:
                raise AssertionError("Chromium did not open its DevTools port") from None
            time.sleep(0.1)
