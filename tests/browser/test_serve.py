"""The lead's screens served to a browser: every tab signs in, and tabs writing at once
(with the kiosk's own command beside them) lose and double nothing."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from kiosk.i18n import Translator
from tests.browser.served_page import Tab, served
from tests.cli.cli_helpers import day_events, install_demo
from tests.store.store_support import child_env

NOW = "2026-11-27T09:00:00"
SIGN_IN = "负责人模式"
BOARD_KEYS = "F4 仪容检查"
STAFF_PROMPT = Translator("zh").t("home.prompt")  # what the kiosk's scan screen says
pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    install_demo(folder)
    return folder


@asynccontextmanager
async def tab(url: str) -> AsyncIterator[Tab]:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url}/ws?width=100&height=30", origin=url) as ws,
    ):
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        opened = Tab(ws)
        await opened.wait_for(SIGN_IN)
        yield opened


async def sign_in(opened: Tab, who: str, pin: str) -> int:
    mark = await opened.type(who, "\r")
    await opened.settle(0.3)
    await opened.type(pin, "\r")
    return mark


def test_the_page_is_served_and_a_tab_opens_on_the_sign_in(data_dir: Path) -> None:
    with served(data_dir, NOW) as url:
        with urllib.request.urlopen(url + "/", timeout=5) as page:
            html = page.read().decode("utf-8")
            assert page.status == 200
        assert f"ws://{url.removeprefix('http://')}/ws" in html

        async def visit() -> str:
            async with tab(url) as opened:
                await opened.settle()
                return opened.seen()

        seen = asyncio.run(visit())
    assert SIGN_IN in seen
    assert BOARD_KEYS not in seen  # no board before a PIN
    assert STAFF_PROMPT not in seen  # and no staff check-in at all


@pytest.mark.parametrize("public", [None, "http://desk-1.hospital.lan:8080"])
def test_listening_on_every_address_the_page_names_a_reachable_host(
    data_dir: Path, public: str | None
) -> None:
    """With --host 0.0.0.0 the page must not send office PCs to ws://0.0.0.0/...."""
    extra = ["--host", "0.0.0.0", *(["--public-url", public] if public else [])]
    with served(data_dir, NOW, *extra) as url, urllib.request.urlopen(url + "/") as page:
        html = page.read().decode("utf-8")
    port = url.rsplit(":", 1)[1]
    expected = public or f"http://{socket.gethostname()}:{port}"
    assert f"ws://{expected.removeprefix('http://')}/ws" in html
    assert "0.0.0.0" not in html


def test_without_a_lead_pin_a_tab_shows_nothing_and_with_it_the_board(data_dir: Path) -> None:
    async def visit(url: str) -> None:
        async with tab(url) as opened:
            staff = await sign_in(opened, "1001", "1001")  # staff, with their right PIN
            await opened.wait_for("不是部门负责人", since=staff)
            wrong = await sign_in(opened, "L001", "0000")  # the ID field is ready again
            await opened.wait_for("密码错误", since=wrong)
            await opened.settle()
            assert BOARD_KEYS not in opened.seen()
            right = await opened.type("1234", "\r")
            await opened.wait_for(BOARD_KEYS, since=right)

    with served(data_dir, NOW) as url:
        asyncio.run(visit(url))


def test_two_tabs_and_the_kiosk_command_write_at_once_and_lose_nothing(data_dir: Path) -> None:
    for sid in ("1001", "1002"):
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "punch", sid],
            env=child_env("2026-11-27T07:55:00"),
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr

    async def check_two_at_once(url: str) -> None:
        async with tab(url) as first, tab(url) as second:
            for opened in (first, second):
                mark = await sign_in(opened, "L001", "1234")
                await opened.wait_for(BOARD_KEYS, since=mark)
                await opened.type("f5")  # the queue: checked in, not yet inspected
                await opened.settle()
            await second.type("down")
            await second.settle(0.3)
            marks = [await opened.type("f4") for opened in (first, second)]
            for opened, mark in zip((first, second), marks, strict=True):
                await opened.wait_for("F2", since=mark)
            kiosk = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "punch"]
            punches = [
                await asyncio.create_subprocess_exec(
                    *kiosk, sid, env=child_env(NOW), stdout=asyncio.subprocess.DEVNULL
                )
                for sid in ("1007", "1008", "1010")
            ]
            await asyncio.gather(*(opened.type(" ", "f2") for opened in (first, second)))
            for opened in (first, second):
                await opened.settle(1.5)
            assert [await p.wait() for p in punches] == [0, 0, 0]

    with served(data_dir, NOW) as url:
        asyncio.run(check_two_at_once(url))

    events = day_events(data_dir)
    checks = Counter(e["staff_id"] for e in events if e["type"] == "appearance_check")
    assert checks == Counter({"1001": 1, "1002": 1})
    punched = Counter(e["staff_id"] for e in events if e["type"] == "punch")
    assert punched == Counter({"1001": 1, "1002": 1, "1007": 1, "1008": 1, "1010": 1})
    assert len({e["id"] for e in events}) == len(events)
