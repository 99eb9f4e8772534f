"""The served page in a real browser: headless Chromium signs a lead in and records a check.

What the browser did is read back from the store (a wrong PIN counted, an appearance check
recorded by the lead), and screenshots of the sign-in and the board are kept in the test's
folder. Skipped where Chromium is not installed; `.ci/run` installs Debian's package.
"""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.store.pins import PIN_FAILURES
from kiosk.store.site import Store
from tests.browser.chromium import chromium_page, chromium_path
from tests.browser.served_page import served
from tests.cli.cli_helpers import day_events, install_demo
from tests.store.store_support import child_env

NOW = "2026-11-27T09:00:00"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed"),
]


async def eventually(done: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the browser's keys never reached the store"
        await asyncio.sleep(0.2)


def painted(png: bytes) -> bool:
    """A screenshot of a drawn screen, not a blank page: a real PNG with a dialog's worth
    of colours (a byte count is no measure: without CJK fonts the page compresses small)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16) or []
    return image.width > 400 and len(colours) >= 8


def pin_failures(data_dir: Path, staff_id: str) -> int:
    rows = Store(data_dir).pins.rows(PIN_FAILURES)
    return next((int(r["count"]) for r in rows if r["staff_id"] == staff_id), 0)


def test_a_lead_signs_in_and_records_a_check_from_chromium(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    install_demo(data_dir)
    punched = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "punch", "1001"],
        env=child_env("2026-11-27T07:55:00"),
        capture_output=True,
        timeout=60,
    )
    assert punched.returncode == 0, punched.stderr

    async def visit(url: str) -> tuple[bytes, bytes]:
        async with chromium_page(url) as page:
            await asyncio.sleep(2)
            start_panel = await page.screenshot(tmp_path / "start.png")
            await page.click(550, 350)  # textual-serve's start panel: the app starts
            # The app starts in its own process: on a busy machine that takes a while, and
            # keys typed before the sign-in is drawn are lost. So wait until the page shows
            # something other than the start panel and has stopped changing.
            deadline = time.monotonic() + 40
            sign_in = start_panel
            while time.monotonic() < deadline:
                await asyncio.sleep(1)
                shot = await page.screenshot(tmp_path / "sign-in.png")
                settled = shot == sign_in and shot != start_panel and painted(shot)
                sign_in = shot
                if settled:
                    break
            # a click into the ID field gives the terminal (and the field) the keyboard: on
            # a busy machine the page may have drawn the app before it took the focus
            await page.click(550, 223)
            await asyncio.sleep(0.5)
            await page.type("L001", "enter", "0000", "enter")
            await eventually(lambda: pin_failures(data_dir, "L001") == 1)
            await page.type("1234", "enter")
            await asyncio.sleep(2)
            board = await page.screenshot(tmp_path / "board.png")
            await page.type("f4", " ", "f2")  # the first row (1002 李娜, li before zhang)
            await eventually(
                lambda: any(e["type"] == "appearance_check" for e in day_events(data_dir))
            )
            return sign_in, board

    with served(data_dir, NOW) as url:
        sign_in, board = asyncio.run(visit(url))

    (check,) = [e for e in day_events(data_dir) if e["type"] == "appearance_check"]
    assert (check["staff_id"], check["by"]) == ("1002", "L001")
    assert len(check["failed"]) == 1
    assert pin_failures(data_dir, "L001") == 0  # the right PIN cleared the count
    assert sign_in != board and painted(sign_in) and painted(board)  # two painted screens
