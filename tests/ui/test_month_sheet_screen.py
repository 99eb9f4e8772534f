"""The lead's 考勤表 screen (F5 on the end-of-day screen) on a scripted month: the same marks
and totals as the workbook, months paged and typed, names shown as text; snapshots at
100x30 and 80x24 in Chinese and English."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from screens.lead.month_sheet import MonthSheetScreen
from tests.ui.kiosk_ui import KioskHarness, make_harness, settle
from tests.ui.lead_ui import sign_in, text_of

pytestmark = pytest.mark.usefixtures("still_frames")  # conftest.py: settle waits for a still frame

MARKUP_NAME = "[bold red]钱[/bold red]"


def scripted_month(tmp_path: Path, lang: str) -> KioskHarness:
    """Three closed days at the start of November 2026 (in view beside the names at any
    size, so the snapshots never depend on when the grid scrolled): on time, late and
    early, no check-out, rest, sick and personal leave, absences, a fine; then the 27th."""
    harness = make_harness(tmp_path / "data", lang=lang)
    services = harness.services
    harness.at("07:00", "2026-11-01")
    services.staff.add("1012", MARKUP_NAME, "A", "sun", False, None, None, date(2026, 11, 1))
    services.leave.add("1007", "sick", date(2026, 11, 2), date(2026, 11, 3), by="L001")
    services.leave.add("1009", "personal", date(2026, 11, 4), date(2026, 11, 4), by="L001")
    punch = services.punch
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        for who, hhmm in (("L001", "07:50"), ("1012", "07:58"), ("1002", "08:05")):
            harness.at(hhmm, day)
            punch.punch(who)
        harness.at("08:20", day)
        services.appearance.check("1002", by="L001", failed=["nails"])
        harness.at("12:10", day)
        punch.punch("1005")  # C, late
        harness.at("17:00", day)
        punch.punch("1002", confirmed=True)  # early
        harness.at("18:00", day)
        punch.punch("L001")
        harness.at("19:00", day)
        punch.punch("1005", confirmed=True)  # early too; 1012 never checks out
        harness.at("21:00", day)
        services.day_close.close(date.fromisoformat(day), by="L001")
    harness.at("08:10")
    return harness


async def month_sheet(pilot: Pilot[None]) -> None:
    await sign_in(pilot)
    await pilot.press("f11")
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_month_sheet_snapshot(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    harness = scripted_month(tmp_path, lang)
    assert snap_compare(harness.app, terminal_size=size, run_before=month_sheet)


async def test_the_screen_shows_the_workbooks_grid(tmp_path: Path) -> None:
    harness = scripted_month(tmp_path, "zh")
    grid = harness.services.exports.month_grid("2026-11").sheet
    async with harness.app.run_test(size=(160, 45)) as pilot:
        await month_sheet(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MonthSheetScreen)
        table = screen.query_one("#grid", DataTable)
        assert table.row_count == len(grid.rows)
        row = table.get_row("1005")
        day = 1 + 2  # the ID, the name, then the 1st to the 30th
        assert [str(c) for c in row[day : day + 3]] == ["迟早", "迟早", "迟早"]  # 2nd-4th
        totals = [str(c) for c in row[2 + 30 :]]
        assert totals[:5] == ["3", "3", "30", "3", "0"]  # present, late x3 = 30 min, early
        assert str(table.get_row("1007")[day]) == "病"
        assert str(table.get_row("1012")[1]) == MARKUP_NAME  # the name as typed, not styled
        assert str(table.get_row("1012")[day]) == "缺"
        assert "已结账 3/30 天" in text_of(screen, "#summary")
        assert "迟早 迟到且早退" in text_of(screen, "#legend") and "病/" in text_of(
            screen, "#legend"
        )

        await pilot.press("pageup")
        await settle(pilot)
        assert "2026-10" in text_of(screen, "#title")
        assert table.row_count == 0 and "没有已结账" in text_of(screen, "#summary")
        await pilot.press(*"2026-11", "enter")
        await settle(pilot)
        assert table.row_count == len(grid.rows) and "2026-11" in text_of(screen, "#title")
        await pilot.press(*"2026-13", "enter")  # refused, said; the month stays
        await settle(pilot)
        assert "2026-11" in text_of(screen, "#title")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, MonthSheetScreen)
