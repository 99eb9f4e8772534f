"""A plan sheet far bigger than any department's is refused before it is held in memory
whole, as a CSV as well as an .xlsx: a 33 MB CSV of a million empty rows took 650 MB."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.spreadsheet import MAX_SHEET_CELLS
from tests.cli.cli_helpers import install_demo, invoke
from tests.cli.test_month_plan_cli import export


def test_a_csv_with_more_cells_than_a_sheet_may_have_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    sheet = export(folder, "csv")
    text = sheet.read_text("utf-8-sig")
    header, *rows = text.splitlines()
    columns = header.count(",") + 1
    filler = "," * (columns - 1) + "\n"
    sheet.write_text("\n".join([header, *rows]) + "\n" + filler * (MAX_SHEET_CELLS // columns + 1))
    people = (folder / "people.json").read_bytes()

    result = invoke(folder, "roster", "import", str(sheet), "--json")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert json.loads(result.stdout)["error"] == "csv_unreadable"
    assert (folder / "people.json").read_bytes() == people
