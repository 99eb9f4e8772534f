"""The one result screen (issue 15, faster faces): every scan's outcome is shown on the same
mounted ResultScreen, updated in place, with nothing left over from the scan before; and a
punch made across a wall-clock jump says so in words (finding 2 on the result screen)."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Static

from kiosk.clock import FixedClock
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, settle


def shown(screen: object, selector: str) -> str | None:
    """A line's text, or None when the line is not displayed."""
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render()) if widget.display else None


async def test_every_scan_updates_the_one_result_screen_without_leftovers(
    harness: KioskHarness,
) -> None:
    harness.at("09:40")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1003"))  # resting today: checked in, with a note
        first = pilot.app.screen
        assert isinstance(first, ResultScreen)
        assert shown(first, "#name") is not None
        assert shown(first, "#note") is not None
        await pilot.press("escape")
        await settle(pilot)
        await scan(pilot, harness.badge("1001"))  # on the roster: late, no note
        second = pilot.app.screen
        assert second is first, "the result screen is kept, not composed again"
        assert shown(second, "#name") == "张丽"
        assert shown(second, "#note") is None
        assert shown(second, "#jump") is None
        assert second.tone == "warn" and second.query_one("#card").has_class("warn")
        await pilot.press("escape")
        await settle(pilot)
        await scan(pilot, harness.badge("1001"))  # a second scan: refused, nothing recorded
        third = pilot.app.screen
        assert third is first and third.tone == "refused"
        card = third.query_one("#card")
        assert card.has_class("refused") and not card.has_class("warn")
        assert shown(third, "#shift") is None
        assert "无需重复刷卡" in (shown(third, "#outcome") or "")


async def test_enter_after_a_kept_result_still_opens_the_checklist(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        for staff_id in ("1001", "1002"):
            await scan(pilot, harness.badge(staff_id))
            await pilot.press("enter")
            await settle(pilot)
            checklist = pilot.app.screen
            assert type(checklist).__name__ == "ChecklistScreen"
            assert checklist.member.id == staff_id  # type: ignore[attr-defined]
            await pilot.press("escape")
            await settle(pilot)
            assert pilot.app.screen is harness.app.home


async def test_a_scan_across_a_clock_jump_says_so_on_the_result(
    harness_en: KioskHarness,
) -> None:
    harness = harness_en
    harness.at("11:51")
    clock = harness.clock
    assert isinstance(clock, FixedClock)
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scan(pilot, harness.badge("1001"))  # before the jump: no word of the clock
        assert shown(pilot.app.screen, "#jump") is None
        await pilot.press("escape")
        await settle(pilot)
        clock.jump(datetime.fromisoformat("2026-11-28T11:51").replace(tzinfo=clock.tz))
        await scan(pilot, harness.badge("1002"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        assert "late" in (shown(screen, "#outcome") or "")
        jump = shown(screen, "#jump")
        assert jump is not None and jump.startswith("⚠ Scanned while the kiosk's clock had jumped")
    events = harness.day_events("2026-11-28")
    assert [e["clock_jumped"] for e in events if e["type"] == "punch"] == [True]
