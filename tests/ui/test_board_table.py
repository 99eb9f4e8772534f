"""The board's table at hundreds of staff (screens/lead/board_table.py): filled in chunks
after the first screenfuls, a re-read updating only the rows that changed, and the table
always listing exactly the rows the board service gives, in the board's order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from screens.app import KioskApp
from screens.lead.board import BoardScreen
from screens.lead.board_table import CHUNK_ROWS, FIRST_ROWS
from tests.bench.scale_data import as_lines, scale_folder, walk_ins
from tests.ui.kiosk_ui import settle, until
from tests.ui.lead_ui import sign_in

STAFF = FIRST_ROWS + CHUNK_ROWS + 50  # a first screenful, a whole chunk and a part one
AT = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai on the scale day


def _plain(table: DataTable[object]) -> list[list[str]]:
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


def _expected(board: BoardScreen) -> list[list[str]]:
    shown = board.cells.cells(board.visible_rows(), board.app.current_theme, False)
    return [[cell.plain for cell in row.cells] for row in shown]


def _large_app(tmp_path: Path) -> KioskApp:
    """The kiosk on a folder of STAFF people with a busy day (tests/bench/scale_data.py)."""
    raw = tmp_path / str(STAFF)
    scale_folder(raw, STAFF)
    services = wire_services(as_lines(raw, tmp_path / "lines"), clock=FixedClock(AT))
    return KioskApp(services, lang="zh")


async def _board_filled(pilot: Pilot[None]) -> tuple[BoardScreen, DataTable[object]]:
    """The lead signed in and the board's table holding everyone."""
    await settle(pilot)
    await sign_in(pilot, "L900", "1234")
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    table = board.query_one("#board", DataTable)
    await until(pilot, lambda: table.row_count == len(board.rows))
    return board, table


async def test_a_large_board_fills_whole_and_a_reread_changes_only_the_new_row(
    tmp_path: Path,
) -> None:
    app = _large_app(tmp_path)
    services = app.services
    async with app.run_test(size=(160, 45)) as pilot:
        board, table = await _board_filled(pilot)
        assert len(board.rows) == STAFF + 1  # and the lead
        assert _plain(table) == _expected(board)
        # The cursor on someone past the first chunk, then one walk-in checks in.
        far = board.visible_rows()[FIRST_ROWS + CHUNK_ROWS + 10].staff.id
        table.move_cursor(row=table.get_row_index(far))
        walk_in = next(r.staff.id for r in board.rows if r.check_in is None)
        assert walk_ins(STAFF) > 0
        before = {key.value: table.get_row(key) for key in table.rows}
        services.punch.punch(walk_in)
        board.refresh_rows()
        await until(pilot, lambda: next(r for r in board.rows if r.staff.id == walk_in).check_in)
        await settle(pilot)
        assert _plain(table) == _expected(board)
        assert board.selected_id() == far
        after = {key.value: table.get_row(key) for key in table.rows}
        changed = [
            k for k in after if any(a is not b for a, b in zip(after[k], before[k], strict=True))
        ]
        assert changed == [walk_in]  # updated in place; nobody else's cells were made again


async def test_a_rebuild_keeps_the_cursor_on_someone_far_down(tmp_path: Path) -> None:
    """F3 (another order) rebuilds the table in chunks: the cursor follows the person it
    was on once their row is in (the first rows are added before it)."""
    async with _large_app(tmp_path).run_test(size=(160, 45)) as pilot:
        board, table = await _board_filled(pilot)
        far = board.visible_rows()[-3].staff.id
        table.move_cursor(row=table.get_row_index(far))
        for _ in range(3):  # shift -> status -> name -> check-in order
            await pilot.press("f3")
            await until(pilot, lambda: table.row_count == len(board.rows))
            await settle(pilot)
            assert board.selected_id() == far
            assert _plain(table) == _expected(board)
