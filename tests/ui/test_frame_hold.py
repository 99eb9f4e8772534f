"""A scan holds the frames from its Enter to its outcome (screens/frame_hold.py), on
Textual's private batch counter (`App._begin_batch` / `_end_batch`, `_batch_count`): these
break if Textual changes them. The result is painted once, in one frame; the home screen is
not laid out under it (screens/base.py) and is again when shown (its clock, its field)."""

from __future__ import annotations

from textual.widgets import Input

from screens.home import HomeScreen
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, settle


async def test_a_hold_batches_frames_until_released_once(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = harness.app
        assert app._batch_count == 0
        app.frames.hold()
        app.frames.hold()  # a second scan's Enter keeps the first hold
        assert app._batch_count == 1 and app.frames.held
        app.frames.release()
        app.frames.release()  # the deadline after the outcome: nothing more to end
        assert app._batch_count == 0 and not app.frames.held


async def test_a_hold_ends_by_itself_at_its_deadline(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = harness.app
        app.frames.hold()
        await pilot.pause(app.frames.SECONDS * 3)
        assert app._batch_count == 0 and not app.frames.held


async def test_a_scan_ends_its_hold_and_the_home_is_laid_out_again(
    harness: KioskHarness,
) -> None:
    harness.at("09:40")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1003"))
        app = harness.app
        assert isinstance(app.screen, ResultScreen)
        assert app._batch_count == 0 and not app.frames.held
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.layout_skipped
        assert home.query_one("#scan", Input).value == ""
        assert app._batch_count == 0
