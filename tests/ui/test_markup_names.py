"""Stored strings are shown as text, never markup (issue 12, finding 2): names written as
Rich markup neither stop the kiosk, hide themselves, nor run an action on the board."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from screens.lead.board import BoardScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, settle
from tests.ui.lead_ui import open_board, text_of

HOSTILE = {
    "9001": "Wu[/]",
    "9002": "[@click=app.suspend_process]Li[/]",
    "9003": "[white on white]Hidden",
}


def hire(harness: KioskHarness) -> None:
    for staff_id, name in HOSTILE.items():
        harness.services.staff.add(staff_id, name, "A", "sun", False, "4321")


async def test_a_markup_name_signing_in_as_lead_is_refused_as_text(harness: KioskHarness) -> None:
    hire(harness)
    async with harness.app.run_test(size=SIZE) as pilot:
        for _ in range(6):  # F2, her own ID and PIN: she is not a lead, said with her name
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press(*"9001", "enter")
            await settle(pilot)
            await pilot.press(*"4321", "enter")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        assert pilot.app.is_running and not harness.app.crashed


async def test_markup_names_on_the_board_are_literal_and_harmless(harness: KioskHarness) -> None:
    hire(harness)
    for staff_id in HOSTILE:
        harness.services.punch.punch(staff_id)
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert isinstance(board, BoardScreen)
        table = board.query_one("#board", DataTable)
        for staff_id, name in HOSTILE.items():
            cell = table.get_row(staff_id)[1]
            assert isinstance(cell, Text) and cell.plain == name and not cell.spans
        table.move_cursor(row=table.get_row_index("9002"))
        await pilot.click(DataTable, offset=(10, table.get_row_index("9002") + 1))
        await settle(pilot)
        assert pilot.app.is_running and not harness.app.crashed
        await pilot.press("f4")  # the appearance check names her, as text
        await settle(pilot)
        assert "[@click=app.suspend_process]Li[/]" in text_of(pilot.app.screen, "#person")
        await pilot.press("f2")  # saved: the notice names her too
        await settle(pilot)
        assert pilot.app.is_running and not harness.app.crashed


def test_no_screen_builds_a_static_that_would_read_markup() -> None:
    """Every line a screen shows is a `Plain` (screens/widgets/plain.py): a new Static with
    markup on would let the next hostile name in."""
    from pathlib import Path

    screens = Path(__file__).parents[2] / "screens"
    offenders = [
        str(path)
        for path in screens.rglob("*.py")
        if path.name != "plain.py" and "Static(" in path.read_text("utf-8")
    ]
    assert offenders == []
