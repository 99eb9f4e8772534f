"""The month sign-off on the lead's screens (F11, then F6): the open items in words, F2 with
the acceptance dialog (only its F2 accepts), a day change refused from the lead's roster
tool afterwards, F3 re-opening with a typed reason; and snapshots at 100x30 and 80x24."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from screens.dialogs.confirm import ConfirmDialog
from screens.lead.month import AcceptOpenDialog, MonthScreen, ReasonDialog
from tests.ui.kiosk_ui import KioskHarness, make_harness, settle

pytestmark = pytest.mark.usefixtures("still_frames")  # conftest.py: settle waits for a still frame

DECEMBER_FIRST = "2026-12-01T08:00:00"


def closed_november(tmp_path: Path, lang: str = "zh") -> KioskHarness:
    """The demo folder on 1 December; 1001 checked in on 27 November and never out, 1004
    phoned in sick that day; every day of November closed. Three items are open."""
    harness = make_harness(tmp_path / "data", lang=lang)
    harness.services.punch.punch("1001")  # 07:55 on the 27th
    harness.at("08:00", day="2026-12-01")
    day = date(2026, 11, 1)
    while day.month == 11:
        harness.services.day_close.close(day)
        day += timedelta(days=1)
    return harness


async def month_screen(pilot: Pilot[None]) -> None:
    await pilot.press("f2", *"L001", "enter", *"1234", "enter")
    await settle(pilot)
    await pilot.press("f11")
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector).render())


async def test_sign_off_on_screen_then_a_change_is_refused_then_reopened(tmp_path: Path) -> None:
    harness = closed_november(tmp_path)
    async with harness.app.run_test(size=(100, 30)) as pilot:
        await month_screen(pilot)
        assert isinstance(pilot.app.screen, MonthScreen)
        listed = text_of(pilot, "#open")
        assert "2026-11:3 项未了结" in listed
        assert "2026-11-27 张丽(1001):没有签退" in listed
        assert "2026-11-27 刘敏(1004):电话请假,手续还没补办" in listed

        await pilot.press("f2")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, AcceptOpenDialog) and isinstance(dialog, ConfirmDialog)
        assert "张丽(1001):仪容仪表没有检查" in text_of(pilot, "#question")
        await pilot.press("enter")  # Enter is not acceptance
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert harness.services.months.current_revision("2026-11") is None
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MonthScreen)
        assert harness.services.months.current_revision("2026-11") == 1
        assert "已月结:第 1 版" in text_of(pilot, "#state")

        # Back to the board: the roster tool on a November day is refused, in words.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        table = pilot.app.screen.query_one("#board", DataTable)
        table.move_cursor(row=table.get_row_index("1002"))
        await pilot.press("f9")
        await settle(pilot)
        pilot.app.screen.query_one("#day", Input).value = "2026-11-27"
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        problem = text_of(pilot, "#problem")
        assert "2026-11 已经月结" in problem and "kiosk month reopen" in problem
        assert not any(
            r["date"] == "2026-11-27" and r["staff_id"] == "1002"
            for r in harness.services.store.people.rows("roster")
        )
        await pilot.press("escape")
        await settle(pilot)

        # F3 re-opens with a typed reason; it is on the audit trail.
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonDialog)
        await pilot.press(*"redo", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MonthScreen)
        assert harness.services.months.current_revision("2026-11") is None
        assert "未月结" in text_of(pilot, "#state")
        reopened = [e for e in harness.services.audit.entries() if e.type == "month_reopened"]
        assert [(e.by, e.why) for e in reopened] == [("L001", "redo")]


async def test_a_typed_month_is_read_and_a_bad_one_is_said(tmp_path: Path) -> None:
    harness = closed_november(tmp_path, lang="en")
    async with harness.app.run_test(size=(80, 24)) as pilot:
        await month_screen(pilot)
        field = pilot.app.screen.query_one("#month", Input)
        field.value = "2026-13"
        await pilot.press("enter")
        await settle(pilot)
        assert "is not a month" in text_of(pilot, "#problem")
        field.value = "2026-12"
        await pilot.press("enter")
        await settle(pilot)
        assert "not over yet" in text_of(pilot, "#state")
        await pilot.press("f2")
        await settle(pilot)
        assert "is not over yet" in text_of(pilot, "#problem")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_month_screen_snapshot(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    harness = closed_november(tmp_path, lang)
    assert snap_compare(harness.app, terminal_size=size, run_before=month_screen)


def test_accept_dialog_snapshot_80x24(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def dialog(pilot: Pilot[None]) -> None:
        await month_screen(pilot)
        await pilot.press("f2")
        await settle(pilot)

    harness = closed_november(tmp_path)
    assert snap_compare(harness.app, terminal_size=(80, 24), run_before=dialog)
