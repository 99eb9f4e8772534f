"""The month plan and the sign-off meet: a sheet planning a day of a signed-off month is
refused as a whole, like every other change to that month, and nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.cli.test_month_plan_cli import column_of, row_of
from tests.month.month_support import MONTH, month_kiosk, with_open_items

LATER = "2026-12-02T09:00:00"


def plan_tables(data_dir: Path) -> dict[str, object]:
    """What a plan change would touch (the PIN check's own bookkeeping aside)."""
    tables = json.loads((data_dir / "people.json").read_text(encoding="utf-8"))
    return {name: tables.get(name) for name in ("staff", "roster", "leave")}


def test_a_roster_import_into_a_signed_off_month_is_refused(tmp_path: Path) -> None:
    kiosk = month_kiosk(tmp_path / "data")
    with_open_items(kiosk)
    approved = kiosk.json("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open")
    assert approved["revision"] == 1
    sheet_path = tmp_path / "plan.xlsx"
    exported = kiosk(
        "roster", "export", "--month", MONTH, "--format", "xlsx", "--out", str(sheet_path)
    )
    assert exported.exit_code == 0, exported.stderr
    book = openpyxl.load_workbook(sheet_path)
    sheet = book.active
    sheet.cell(row_of(sheet, "1002"), column_of(sheet, "2026-11-30")).value = "休"
    book.save(sheet_path)
    people = plan_tables(kiosk.data_dir)
    before = kiosk.json("roster", "month", "--month", MONTH)

    result = kiosk("roster", "import", str(sheet_path), "--by", "L001", now=LATER)
    assert result.exit_code == 3, (result.stdout, result.stderr)
    assert "2026-11 已经月结" in result.stderr and "kiosk month reopen" in result.stderr
    assert plan_tables(kiosk.data_dir) == people
    assert kiosk.json("roster", "month", "--month", MONTH) == before

    # Re-opened with a reason, the same sheet goes in.
    reopened = kiosk(
        "month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "补排休息", now=LATER
    )
    assert reopened.exit_code == 0, reopened.stderr
    again = kiosk("roster", "import", str(sheet_path), "--by", "L001", now=LATER)
    assert again.exit_code == 0, again.stderr
    cells = kiosk.json("roster", "month", "--month", MONTH, now=LATER)
    assert cells != before
