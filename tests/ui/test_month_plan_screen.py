"""The lead's month plan screen (issue 14, item 1): planned with the keyboard under Pilot,
it gives the same `kiosk roster month --json` as the same change made in Excel and loaded
back with `kiosk roster import`; a leave day is not changed; snapshots at 100x30 and 80x24
in Chinese and English."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from screens.lead.month_plan import MonthPlanScreen
from tests.cli.cli_helpers import invoke, one_json
from tests.ui.kiosk_ui import KioskHarness, make_harness, settle

pytestmark = pytest.mark.usefixtures("still_frames")  # conftest.py: settle waits for a still frame


async def open_month(pilot: Pilot[None]) -> MonthPlanScreen:
    await pilot.press("f2", *"L001", "enter", *"1234", "enter")
    await settle(pilot)
    await pilot.press("f1")
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MonthPlanScreen)
    return screen


async def go_to(pilot: Pilot[None], screen: MonthPlanScreen, staff_id: str, day: str) -> None:
    table = screen.query_one("#grid", DataTable)
    table.move_cursor(row=table.get_row_index(staff_id), column=table.get_column_index(day))
    await pilot.pause()


def month_json(folder: Path) -> dict[str, object]:
    result = invoke(folder, "roster", "month", "--month", "2026-11", "--json")
    assert result.exit_code == 0, result.stderr
    return one_json(result)


async def test_the_screen_and_an_xlsx_round_trip_plan_the_same_month(tmp_path: Path) -> None:
    on_screen = make_harness(tmp_path / "screen")
    in_excel = tmp_path / "excel"
    make_harness(in_excel)
    async with on_screen.app.run_test(size=(160, 45)) as pilot:
        screen = await open_month(pilot)
        await go_to(pilot, screen, "1001", "2026-11-03")
        await pilot.press("r")
        await settle(pilot)
        await go_to(pilot, screen, "1003", "2026-11-10")
        await pilot.press("c")
        await settle(pilot)
        await go_to(pilot, screen, "1004", "2026-11-27")  # 刘敏's sick leave
        await pilot.press("a")
        await settle(pilot)
        assert screen.plan is not None
        leave_cell = screen.plan.person("1004").cells[26]  # type: ignore[union-attr]
        assert leave_cell.kind == "leave"
        await go_to(pilot, screen, "1001", "2026-11-03")
        detail = str(screen.query_one("#detail").render())
        assert "张丽" in detail and "2026-11-03" in detail
    out = tmp_path / "plan.xlsx"
    assert (
        invoke(in_excel, "roster", "export", "--month", "2026-11", "--out", str(out)).exit_code == 0
    )
    book = openpyxl.load_workbook(out)
    sheet = book.active
    rows = {sheet.cell(r, 1).value: r for r in range(3, sheet.max_row + 1)}
    sheet.cell(rows["1001"], 2 + 3).value = "休"  # column C is the 1st: the 3rd is E
    sheet.cell(rows["1003"], 2 + 10).value = "C"
    book.save(out)
    assert invoke(in_excel, "roster", "import", str(out), "--by", "L001").exit_code == 0
    screen_month, excel_month = month_json(on_screen.data_dir), month_json(in_excel)
    assert screen_month == excel_month
    cells = {c["date"]: c for p in screen_month["people"] for c in p["cells"]  # type: ignore[index]
             if p["staff_id"] == "1001"}  # type: ignore[index]  # fmt: skip
    assert cells["2026-11-03"]["kind"] == "rest" and cells["2026-11-03"]["override"]
    trail = (on_screen.data_dir / "audit").glob("*.json")
    assert any('"L001"' in path.read_text("utf-8") for path in trail)


async def test_delete_returns_a_day_to_the_weekly_pattern_and_months_turn(
    tmp_path: Path,
) -> None:
    harness = make_harness(tmp_path / "data")
    async with harness.app.run_test(size=(100, 30)) as pilot:
        screen = await open_month(pilot)
        await go_to(pilot, screen, "1003", "2026-11-27")  # the demo's rest override
        assert screen.plan is not None
        assert screen.plan.person("1003").cells[26].override  # type: ignore[union-attr]
        await pilot.press("delete")
        await settle(pilot)
        assert not screen.plan.person("1003").cells[26].override  # type: ignore[union-attr]
        await pilot.press("f4")
        await settle(pilot)
        assert screen.plan.month == "2026-12"
        await pilot.press("f3", "f3")
        await settle(pilot)
        assert screen.plan.month == "2026-10"
    data = json.loads((harness.data_dir / "people.json").read_text("utf-8"))
    assert not any(r["date"] == "2026-11-27" for r in data.get("roster", {}).values())


async def test_cells_typed_while_one_is_saving_are_all_saved_in_order(tmp_path: Path) -> None:
    """A lead typing across the grid outruns the saves (slow here: a busy disk); every
    cell typed is saved, none dropped because a save was under way."""
    harness = make_harness(tmp_path / "data")
    service = harness.services.month_plan
    real_apply = service.apply
    applied: list[tuple[str, str]] = []

    def slow_apply(changes: list[object], *args: object, **kwargs: object) -> object:
        time.sleep(0.3)
        applied.extend((c.staff_id, c.day.isoformat()) for c in changes)  # type: ignore[attr-defined]
        return real_apply(changes, *args, **kwargs)  # type: ignore[arg-type]

    service.apply = slow_apply  # type: ignore[method-assign]
    typed = [("1001", "2026-11-03"), ("1002", "2026-11-04"), ("1003", "2026-11-05")]
    async with harness.app.run_test(size=(160, 45)) as pilot:
        screen = await open_month(pilot)
        for staff_id, day in typed:
            await go_to(pilot, screen, staff_id, day)
            await pilot.press("r")
        for _ in range(30):
            await settle(pilot)
            if len(applied) == len(typed) and not screen.saving:
                break
            await pilot.pause(0.1)
    assert applied == typed
    month = month_json(harness.data_dir)
    rest = {(p["staff_id"], c["date"]) for p in month["people"] for c in p["cells"]  # type: ignore[index]
            if c["kind"] == "rest"}  # type: ignore[index]  # fmt: skip
    assert set(typed) <= rest


def at_month(harness: KioskHarness) -> Callable[[Pilot[None]], object]:
    async def steps(pilot: Pilot[None]) -> None:
        await open_month(pilot)

    return steps


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_month_plan_snapshot(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    harness = make_harness(tmp_path / "data", lang=lang)
    assert snap_compare(harness.app, terminal_size=size, run_before=at_month(harness))
