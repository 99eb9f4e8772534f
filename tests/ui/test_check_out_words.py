"""A check-out on time says so, as a check-in on time does (issue 13, point 9); a check-out
on a day off carries no verdict, like the check-in before it."""

from __future__ import annotations

from textual.widgets import Static

from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_a_check_out_on_time_says_so(harness: KioskHarness) -> None:
    harness.services.punch.punch("1001")  # 07:55; A ends 18:00
    harness.at("18:02")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen) and screen.tone == "ok"
        assert text_of(screen, "#outcome") == "18:02 已签退 — 正常下班,工作 8小时7分钟"


async def test_in_english_too(harness_en: KioskHarness) -> None:
    harness_en.services.punch.punch("1001")
    harness_en.at("18:02")
    async with harness_en.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness_en.badge("1001"))
        outcome = text_of(pilot.app.screen, "#outcome")
        assert outcome == "checked out 18:02 — on time, worked 8 h 7 min"


async def test_a_check_out_on_a_rest_day_has_no_verdict(harness: KioskHarness) -> None:
    harness.at("09:40")
    harness.services.punch.punch("1003")  # 1003 rests today in the demo
    harness.at("12:10")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1003"))
        outcome = text_of(pilot.app.screen, "#outcome")
        assert outcome.startswith("12:10 已签退 — 工作 ")
        assert "正常下班" not in outcome
