"""Names written as markup reach the browser view as text (issue 12, finding 2): on the
served board `Wu[/]` does not stop the tab, `[white on white]` hides nothing and an
`[@click=...]` name is the literal string, in the real `kiosk serve`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from tests.browser.served_page import Tab, served
from tests.browser.test_serve import BOARD_KEYS, SIGN_IN, sign_in
from tests.cli.cli_helpers import install_demo, invoke

NOW = "2026-11-27T09:00:00"
HOSTILE = {
    "1012": "Wu[/]",
    "1013": "[@click=app.suspend_process]Li[/]",
    "1014": "[white on white]Hidden",
}
pytestmark = pytest.mark.slow


def test_markup_names_on_the_served_board_are_literal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    install_demo(data)
    for staff_id, name in HOSTILE.items():
        added = invoke(data, "staff", "add", staff_id, name, "--shift", "A", "--rest-day", "sun")
        assert added.exit_code == 0, added.stderr
        assert invoke(data, "punch", staff_id, "--at", "2026-11-27T07:50").exit_code == 0

    async def look(url: str) -> str:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{url}/ws?width=160&height=45", origin=url) as ws,
        ):
            await ws.send_json(["resize", {"width": 160, "height": 45}])
            opened = Tab(ws)
            await opened.wait_for(SIGN_IN)
            mark = await sign_in(opened, "L001", "1234")
            await opened.wait_for(BOARD_KEYS, since=mark)
            for name in HOSTILE.values():
                await opened.wait_for(name, since=mark)
            await opened.type("\r")  # "click" the row: nothing runs, the tab stays
            await opened.settle(1.0)
            return opened.seen(mark)

    with served(data, NOW) as url:
        seen = asyncio.run(look(url))
    assert all(name in seen for name in HOSTILE.values())
