"""Today's board: the rows and head counts the lead reads, from the real store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from kiosk.services.board import summarise
from screens.lead.board import BoardScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, burst, make_harness, settle, until
from tests.ui.lead_ui import open_board


def morning(harness: KioskHarness) -> None:
    """07:55 1001 and 1003 (rest day) in; 08:07 1002 in late; 15:15 1004 (sick leave) in."""
    punch = harness.services.punch
    punch.punch("1001")
    punch.punch("1003")
    harness.at("08:07")
    punch.punch("1002")
    harness.at("15:15")
    punch.punch("1004")


def test_head_counts_add_up_and_days_off_are_not_arrivals(harness: KioskHarness) -> None:
    morning(harness)
    rows = harness.services.board.rows()
    counts = summarise(rows).as_numbers()
    assert counts == counts | {
        "scheduled": 9,  # 12 staff less 1003 and 1005 (rest) and 1004 (sick leave)
        "present": 4,  # everyone who came in: the close counts them the same way
        "unscheduled": 2,  # of those, 1003 (rest day) and 1004 (sick leave)
        "late": 1,
        "absent": 0,
        "expected": 7,
        "rest": 1,  # 1005; 1003 came in, so she is present (flagged unscheduled)
        "leave": 0,
        "appearance_unchecked": 4,
    }
    by_id = {r.staff.id: r for r in rows}
    assert by_id["1003"].state == by_id["1004"].state == "unscheduled"
    assert by_id["1002"].state == "late"
    harness.at("18:30")  # shifts A and B are over: who never came is absent
    counts = summarise(harness.services.board.rows())
    assert (counts["absent"], counts["expected"]) == (5, 2)
    came_as_planned = counts["present"] - counts["unscheduled"]
    assert counts["scheduled"] == came_as_planned + counts["expected"] + counts["absent"]


async def test_the_board_marks_a_day_off_arrival_without_late_minutes(
    harness: KioskHarness,
) -> None:
    morning(harness)
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        summary = str(board.query_one("#summary", Static).content)
        assert summary.startswith("应到 9 · 出勤 4 · 迟到 1 · 早退 0 · 缺勤 0 · 未到 7 · 休息 1")
        assert summary.endswith("(出勤中非排班 2)")
        table = board.query_one("#board", DataTable)
        row_1004 = [str(c) for c in table.get_row("1004")]
        assert row_1004[3] == "15:15" and row_1004[5] == ""
        assert row_1004[7] == "非排班到岗 · 手续待补"
        row_1002 = [str(c) for c in table.get_row("1002")]
        assert row_1002[5] == "7分钟" and row_1002[7] == "迟到"


async def test_the_board_marks_fixed_punches_and_shows_incident_fines(
    harness: KioskHarness,
) -> None:
    punch = harness.services.punch
    punch.punch("1001")
    harness.at("18:30")
    at = harness.clock.now().replace(hour=18, minute=5)
    punch.correct("1001", at, by="L001", reason="忘记签退", action="check_out")
    harness.services.appearance.incident("1001", "uniform_outside", by="L001")
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        table = pilot.app.screen.query_one("#board", DataTable)
        cells = [str(c) for c in table.get_row("1001")]
    assert cells[3] == "07:55"  # scanned at the kiosk: no mark
    assert cells[4] == "18:05 补"  # added by the lead
    assert cells[8] == "待检查 · 违规 20 元"
    row = harness.services.board.row("1001")
    assert row is not None and row.incident_fines == 20 and row.corrected == {"check_out"}


def test_the_inspection_queue_has_only_people_still_at_work(harness: KioskHarness) -> None:
    """Issue 13, point 8: someone who has checked out is not waiting for the appearance
    check, nor is anyone once the check-out window has passed."""
    punch = harness.services.punch
    punch.punch("1001")
    punch.punch("1002")
    harness.at("18:05")
    punch.punch("1001")  # out
    waiting = [r.staff.id for r in harness.services.board.rows() if r.awaiting_check]
    assert waiting == ["1002"]
    harness.at("20:31")  # past A's check-out window: 1002 never checked out
    assert not [r for r in harness.services.board.rows() if r.awaiting_check]


async def test_f5_shows_the_queue_without_the_people_who_left(harness: KioskHarness) -> None:
    punch = harness.services.punch
    punch.punch("1001")
    punch.punch("1002")
    harness.at("18:05")
    punch.punch("1001")
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("f5")
        await settle(pilot)
        table = board.query_one("#board", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["1002"]


async def test_sorting_by_name_is_pinyin_order(harness: KioskHarness) -> None:
    """Issue 13, point 11: 陈 chen, 黄 huang, 李 li ... 周 zhou, not character codes."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        while board.sort != "name":
            await pilot.press("f3")
            await pilot.pause()
        table = board.query_one("#board", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert names == [
            "陈晓燕", "黄蕾", "李娜", "刘敏", "孙主任", "王静", "吴倩", "徐慧", "杨洋", "张丽",
            "赵雪", "周婷",
        ]  # fmt: skip


# -- search and badges on the board (issue 13, points 7 and 11) ----------------------------------
async def test_typing_on_the_board_searches_by_pinyin_initials(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("z", "l")  # the table has the focus: the letters go to the search
        await pilot.pause()
        assert board.query_one("#search", Input).value == "zl"
        assert [r.staff.id for r in board.visible_rows()] == ["1001"]  # 张丽
        await pilot.press("escape")  # clears the search, the lead stays signed in
        await pilot.pause()
        assert pilot.app.screen is board and len(board.visible_rows()) == len(board.rows)


async def test_a_badge_scanned_on_the_board_is_named_and_records_nothing(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await burst(pilot, harness.badge("1006"))
        await settle(pilot)
        assert pilot.app.screen is board
        said = [n.message for n in pilot.app._notifications]
        assert any("负责人模式中不记录打卡" in m and "1006" not in m for m in said), said
        assert board.selected_id() == "1006"
        assert board.query_one("#search", Input).value == ""
    assert not [e for e in harness.day_events() if e.get("staff_id") == "1006"]


async def test_after_the_close_the_board_counts_what_the_close_recorded(
    tmp_path: Path,
) -> None:
    """Walk-through finding: at 20:35, after the automatic close, the board said 未签退 1 and
    the end-of-day screen 2. Once the day is closed the board shows the judged day."""
    harness = make_harness(tmp_path / "data", now="2026-11-27T12:05:00")
    harness.services.punch.punch("1006")  # C 12:00-20:00, never checks out
    harness.at("20:35")
    closed = harness.services.day_close.close(date(2026, 11, 27))
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert summarise(board.rows) == closed.summary.counts
        row = next(r for r in board.rows if r.staff.id == "1006")
        assert "no_checkout" in row.flags


async def test_the_open_board_shows_punches_made_elsewhere(
    harness: KioskHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walk-through finding: a punch made with the `kiosk` command (or at another desk) was
    still missing 90 s later, until the lead signed in again."""
    monkeypatch.setattr(BoardScreen, "REFRESH_SECONDS", 0.2)
    async with harness.app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert next(r for r in board.rows if r.staff.id == "1003").check_in is None
        harness.services.punch.punch("1003")  # what `kiosk punch 1003` writes
        await until(
            pilot, lambda: next(r for r in board.rows if r.staff.id == "1003").check_in is not None
        )
