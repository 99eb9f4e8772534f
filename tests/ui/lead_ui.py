"""Helpers for the lead-mode UI tests: signing in, picking a board row, reading the store."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from screens.lead.board import BoardScreen
from tests.ui.kiosk_ui import KioskHarness, scan, settle


def text_of(screen: object, selector: str) -> str:
    """What a Static shows, as plain text (its content: a str, a Text, or a renderable
    that says itself, like the counts' ItemsLine)."""
    return str(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def sign_in(pilot: Pilot[None], who: str = "L001", pin: str = "1234") -> None:
    """F2 on the home screen, the lead's ID and PIN, as a lead would type them."""
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*who, "enter")
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def open_board(pilot: Pilot[None]) -> BoardScreen:
    await sign_in(pilot)
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    return board


async def pick(pilot: Pilot[None], board: BoardScreen, staff_id: str) -> None:
    """Put the board's cursor on the row of `staff_id`."""
    table = board.query_one("#board", DataTable)
    table.move_cursor(row=table.get_row_index(staff_id))
    await pilot.pause()


async def punch_in(pilot: Pilot[None], harness: KioskHarness, staff_id: str) -> None:
    """Scan the person's badge at home and go back home from the result."""
    await scan(pilot, harness.badge(staff_id))
    pilot.app.go_home()  # type: ignore[attr-defined]
    await settle(pilot)


def events_of(harness: KioskHarness, kind: str, staff_id: str) -> list[dict[str, object]]:
    return [e for e in harness.day_events() if e["type"] == kind and e["staff_id"] == staff_id]
