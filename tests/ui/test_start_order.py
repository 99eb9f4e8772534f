"""What the kiosk does before its first frame, and what it leaves for after (issue 15, faster
faces: cold start, and the first scan's result). The home screen's first frame needs the
home screen only: the status line's reading (which builds the close, the sync and the
scheduler), the result screen and the punch's modules come after it, so the first scan
finds its result screen composed and the punch built. Behaviour tests: what was built and
mounted when, never a timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Static

from screens.app import KioskApp
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, make_harness, scan, settle

# Imports the kiosk's App module as `kiosk run` does, and lists what it loaded.
PROBE = """
import sys
import kiosk.cli, screens.app
watched = ("kiosk.services.punch", "kiosk.services.board", "kiosk.services.day_close",
           "kiosk.services.sync", "kiosk.services.month_so_far", "pypinyin", "qrcode", "PIL",
           "openpyxl", "psycopg")
print("LOADED", sorted(name for name in watched if name in sys.modules))
"""


def test_the_app_module_loads_nothing_the_first_frame_does_not_show() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60
    )  # fmt: skip
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


async def test_the_first_frame_comes_before_the_status_and_the_result_screen(
    tmp_path: Path,
) -> None:
    harness = make_harness(tmp_path / "data")
    seen: dict[str, object] = {}

    class Watched(KioskApp):
        def after_first_frame(self) -> None:  # what was done before the first frame
            seen["built"] = set(harness.services.built())
            seen["result"] = self.result_screen
            seen["status"] = str(self.home.query_one("#status", Static).render())
            seen["home"] = self.screen is self.home and self.home.is_mounted
            super().after_first_frame()

    app = Watched(harness.services, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not seen["built"] & {"day_close", "sync", "scheduler", "end_of_day", "punch"}
        assert seen["result"] is None and seen["status"] == "" and seen["home"]
        ready = app.result_screen
        assert isinstance(ready, ResultScreen) and ready.is_mounted  # composed, not shown
        assert app.screen is app.home
        assert {"punch", "scan", "day_close"} <= harness.services.built()
        status = str(app.home.query_one("#status", Static).render())
        assert status  # the status line was read, after the first frame

        await scan(pilot, harness.badge("1001"))
        assert app.screen is ready, "the first scan uses the screen composed at start"


async def test_a_month_line_is_not_read_for_a_result_already_gone(tmp_path: Path) -> None:
    """The month so far is read a moment after a result appears; when the person has gone
    home before then, it is not read (a 5-year kiosk read it during the next scan)."""
    harness = make_harness(tmp_path / "data")
    app = harness.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scan(pilot, harness.badge("1001"))
        result = app.screen
        assert isinstance(result, ResultScreen) and result.month_timer is not None
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.home
        assert result.month_timer is None
