"""Finding 3 of issue 15 in the lead's dialogs: a date out of the window is explained inline
and nothing is written (the same check as the CLI's, services/dates.py)."""

from __future__ import annotations

from textual.widgets import Input

from screens.lead.correction import CorrectionDialog
from screens.lead.roster import RosterDialog
from tests.ui.kiosk_ui import SIZE, KioskHarness, settle
from tests.ui.lead_ui import events_of, text_of
from tests.ui.test_lead_tools import open_tool


async def test_a_correction_for_a_day_out_of_range_is_refused_inline(
    harness_en: KioskHarness,
) -> None:
    async with harness_en.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1001", "f6")
        assert isinstance(dialog, CorrectionDialog)
        dialog.query_one("#day", Input).value = "2026-12-05"  # more than a day ahead
        dialog.query_one("#at", Input).value = "08:00"
        dialog.query_one("#reason", Input).value = "paper sheet"
        await settle(pilot)  # the typed day's row is read in a worker first
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.screen is dialog
        problem = text_of(dialog, "#problem")
        assert "2026-12-05" in problem and "2026-11-28" in problem
    assert events_of(harness_en, "punch", "1001") == []


async def test_a_roster_change_too_far_ahead_is_refused_inline(harness_en: KioskHarness) -> None:
    async with harness_en.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1005", "f9")
        assert isinstance(dialog, RosterDialog)
        dialog.query_one("#day", Input).value = "2028-01-01"
        await settle(pilot)  # the typed day's row is read in a worker first
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "outside the dates" in text_of(dialog, "#problem")
