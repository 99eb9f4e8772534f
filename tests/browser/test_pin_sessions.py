"""PIN guessing from browser tabs is held per session and overall (issue 12, finding 1):
two tabs of the real `kiosk serve`, guessing in parallel across many IDs (so the per-ID
lockout never bites), each get `pin_attempts_per_session_minute` checks and then are told
to wait; the PIN checks that really happened are counted in people.json."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from kiosk.i18n import Translator
from tests.browser.served_page import served
from tests.browser.test_serve import SIGN_IN, tab
from tests.cli.cli_helpers import install_demo

NOW = "2026-11-27T09:00:00"
IDS = [f"{n}" for n in range(1001, 1012)]  # eleven staff: one more than a session may try
WRONG = "密码错误"
SESSION_FULL = Translator("zh").t("error.pin_session_throttled")
pytestmark = pytest.mark.slow


def failures(data: Path) -> dict[str, int]:
    stored = json.loads((data / "people.json").read_text("utf-8"))
    return {r["staff_id"]: r["count"] for r in stored.get("pin_failures", {}).values()}


async def guess_through(url: str) -> list[str]:
    """One tab: a wrong PIN for each ID in turn; what the tab said each time."""
    said = []
    async with tab(url) as opened:
        for sid in IDS:
            mark = await opened.type(sid, "\r")
            await opened.settle(0.2)
            await opened.type("0000", "\r")
            for _ in range(40):
                await opened.settle(0.25)
                seen = opened.seen(mark)
                if WRONG in seen or SESSION_FULL in seen:
                    break
            said.append("full" if SESSION_FULL in opened.seen(mark) else "wrong")
            mark = await opened.type("escape")  # a fresh sign-in for the next ID
            await opened.wait_for(SIGN_IN, since=mark)
    return said


def test_each_browser_session_gets_its_share_of_pin_checks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    install_demo(data)

    async def two_tabs(url: str) -> list[list[str]]:
        return list(await asyncio.gather(guess_through(url), guess_through(url)))

    with served(data, NOW) as url:
        first, second = asyncio.run(two_tabs(url))
    assert first == second == ["wrong"] * 10 + ["full"]
    counted = failures(data)
    assert sum(counted.values()) == 20  # ten real checks per tab, no more
    assert "1011" not in counted  # the eleventh was refused before any check
    assert max(counted.values()) == 2  # never near one ID's lockout: the session limit held
