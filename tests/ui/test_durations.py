"""Durations on the kiosk's screens read as hours and minutes (issue 13, point 9).

One format everywhere, Translator.minutes: '6小时5分钟' / '45分钟' in Chinese (no spaces),
'6 h 5 min' in English; never '365 分钟' on one line and '6小时53分钟' on the next.
"""

from __future__ import annotations

from textual.widgets import DataTable, Static

from screens.dialogs.confirm import ConfirmDialog
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, settle


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_a_late_check_in_says_hours_and_minutes(harness: KioskHarness) -> None:
    harness.at("14:05")  # A starts 08:00: 365 minutes late
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        assert text_of(screen, "#outcome") == "14:05 已签到 — 迟到 6小时5分钟"


async def test_in_english_too(harness_en: KioskHarness) -> None:
    harness_en.at("14:05")
    async with harness_en.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness_en.badge("1001"))
        assert text_of(pilot.app.screen, "#outcome") == "checked in 14:05 — 6 h 5 min late"


async def test_the_early_leave_question_and_result_say_hours(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))  # 07:55; A ends 18:00
        await pilot.press("escape")
        harness.at("15:00")
        await scan(pilot, harness.badge("1001"))
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "还有 3小时,确定现在签退吗" in text_of(dialog, "#question")
        await pilot.press("f2")
        await settle(pilot)
        outcome = text_of(pilot.app.screen, "#outcome")
        assert outcome == "15:00 已签退 — 早退 3小时,工作 5小时5分钟"


async def test_the_board_shows_late_minutes_as_hours(harness: KioskHarness) -> None:
    harness.at("14:05")
    harness.services.punch.punch("1001")
    harness.services.punch.punch("1008")  # B starts 08:00 too
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        table = pilot.app.screen.query_one("#board", DataTable)
        assert str(table.get_row("1001")[5]) == "6小时5分钟"
