"""Finding 2 of issue 15, on the faces: a wall-clock jump is said in words on the home
status line and on the lead's board (the app, its real services, a FixedClock)."""

from __future__ import annotations

from datetime import datetime

from kiosk.clock import FixedClock
from screens.lead.day_end import DayEndScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, settle, until
from tests.ui.lead_ui import open_board, text_of


def jump(harness: KioskHarness, when: str) -> None:
    clock = harness.clock
    assert isinstance(clock, FixedClock)
    clock.jump(datetime.fromisoformat(when).replace(tzinfo=clock.tz))


async def test_the_home_status_line_and_the_board_warn_of_a_jump(
    harness_en: KioskHarness,
) -> None:
    harness = harness_en
    harness.at("11:51")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Clock jumped" not in text_of(pilot.app.screen, "#status")
        jump(harness, "2026-11-28T11:51")
        pilot.app.screen.read_status()  # type: ignore[attr-defined]
        await until(pilot, lambda: "Clock jumped" in text_of(pilot.app.screen, "#status"))
        status = text_of(pilot.app.screen, "#status")
        assert "⚠ Clock jumped 24 h forward" in status
        assert "no day is closed by itself" in status
        board = await open_board(pilot)
        await until(pilot, lambda: "Clock jumped" in text_of(board, "#clock"))
        assert board.query_one("#clock").has_class("shown")
    assert not harness.services.day_close.is_closed(datetime(2026, 11, 27).date())


async def test_the_board_says_nothing_of_the_clock_when_it_is_right(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await settle(pilot)
        assert text_of(board, "#clock") == ""
        assert not board.query_one("#clock").has_class("shown")


async def test_a_lead_says_the_time_is_right_on_the_day_end_screen_and_closes_resume(
    harness_en: KioskHarness,
) -> None:
    harness = harness_en
    harness.at("11:51")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = await open_board(pilot)
        jump(harness, "2026-11-27T12:30")  # 39 minutes ahead of real time
        await pilot.press("f11")
        await settle(pilot)
        day_end = pilot.app.screen
        assert isinstance(day_end, DayEndScreen) and day_end is not board
        assert "F7: the time shown is right" in text_of(day_end, "#clock")
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("f2")  # yes
        await settle(pilot)
        assert not harness.services.clock_watch.read().jumped
        assert text_of(day_end, "#clock") == ""
