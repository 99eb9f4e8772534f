"""`kiosk roster month|export|import` on real data folders: the JSON against its schema at
28-, 30- and 31-day months and a month starting on Sunday, the xlsx and CSV round trips, a
bad cell named by its Excel cell with nothing changed, and a closed day closed again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest

from tests.cli.cli_helpers import day_events, install_demo, invoke, one_json
from tests.conftest import CliResult

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "month_plan.schema.json").read_text("utf-8")
)


def validate(data: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    install_demo(folder)
    return folder


def month_json(folder: Path, month: str = "2026-11") -> dict[str, Any]:
    result = invoke(folder, "roster", "month", "--month", month, "--json")
    assert result.exit_code == 0, result.stderr
    data = one_json(result)
    validate(data)
    return data


def person(data: dict[str, Any], staff_id: str) -> dict[str, Any]:
    return next(p for p in data["people"] if p["staff_id"] == staff_id)


def cell(data: dict[str, Any], staff_id: str, day: str) -> dict[str, Any]:
    return next(c for c in person(data, staff_id)["cells"] if c["date"] == day)


def export(folder: Path, fmt: str = "xlsx", month: str = "2026-11") -> Path:
    out = folder.parent / f"plan.{fmt}"
    result = invoke(
        folder, "roster", "export", "--month", month, "--format", fmt, "--out", str(out)
    )
    assert result.exit_code == 0, result.stderr
    return out


def row_of(sheet: Any, staff_id: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == staff_id)


def column_of(sheet: Any, day: str) -> int:
    for column in range(3, sheet.max_column + 1):
        value = sheet.cell(1, column).value
        if value is not None and value.date().isoformat() == day:
            return column
    raise AssertionError(day)


def edit(path: Path, changes: dict[tuple[str, str], str | None], out: Path | None = None) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for (staff_id, day), value in changes.items():
        sheet.cell(row_of(sheet, staff_id), column_of(sheet, day)).value = value
    target = out or path
    book.save(target)
    return target


def import_(folder: Path, path: Path, *extra: str) -> CliResult:
    return invoke(folder, "roster", "import", str(path), *extra)


@pytest.mark.parametrize(
    ("month", "days", "first_weekday"),
    [("2026-02", 28, 6), ("2027-02", 28, 0), ("2026-11", 30, 6), ("2026-12", 31, 1)],
)
def test_the_month_json_fits_its_schema(
    demo: Path, month: str, days: int, first_weekday: int
) -> None:
    data = month_json(demo, month)
    assert len(data["days"]) == days
    assert all(len(p["cells"]) == days for p in data["people"])
    assert all(p["rest_entitled"] == 4 for p in data["people"])  # 28..31 days: 4 at one a week
    names = [p["name"] for p in data["people"]]
    assert names[:3] == ["陈晓燕", "黄蕾", "李娜"]  # pinyin order


def test_an_xlsx_round_trip_changes_only_the_edited_cells(demo: Path) -> None:
    before = month_json(demo)
    path = export(demo)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.freeze_panes == "C3"
    assert [sheet.cell(1, c).value for c in (1, 2)] == ["工号", "姓名"]
    assert sheet.cell(2, 3).value == "日"  # 2026-11-01, a Sunday
    unchanged = import_(demo, path)
    assert unchanged.exit_code == 0 and "没有改动" in unchanged.stdout
    assert month_json(demo) == before
    edit(path, {("1001", "2026-11-03"): "休", ("1001", "2026-11-02"): "c"})
    done = import_(demo, path, "--by", "L001", "--json")
    assert done.exit_code == 0, done.stderr
    assert len(one_json(done)["changed"]) == 2
    after = month_json(demo)
    assert cell(after, "1001", "2026-11-03") == {
        "date": "2026-11-03", "kind": "rest", "shift": None, "leave_type": None, "override": True,
    }  # fmt: skip
    assert cell(after, "1001", "2026-11-02")["shift"] == "C"
    assert person(after, "1001")["rest_planned"] == person(before, "1001")["rest_planned"]
    audit = invoke(demo, "audit", "--staff", "1001", "--json")
    assert "roster_planned" in audit.stdout and '"L001"' in audit.stdout
    # an emptied cell returns the day to the weekly pattern
    edit(path, {("1001", "2026-11-03"): None, ("1001", "2026-11-02"): "C"})
    assert import_(demo, path).exit_code == 0
    again = month_json(demo)
    assert cell(again, "1001", "2026-11-03") == cell(before, "1001", "2026-11-03")
    assert cell(again, "1001", "2026-11-03")["override"] is False
    assert cell(again, "1001", "2026-11-02")["shift"] == "C"  # unchanged in that import


def test_a_csv_round_trip(demo: Path) -> None:
    path = export(demo, "csv")
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig").replace("1002,李娜,A", "1002,李娜,B", 1)
    path.write_text(text, "utf-8")
    assert import_(demo, path).exit_code == 0
    assert cell(month_json(demo), "1002", "2026-11-01")["shift"] == "B"


@pytest.mark.parametrize(
    ("change", "words"),
    [("X", "is not a shift (A, B, C, R)"), ("病假", "is not a shift")],
)
def test_a_bad_cell_is_named_and_nothing_changes(demo: Path, change: str, words: str) -> None:
    path = edit(export(demo), {("1001", "2026-11-05"): change, ("1002", "2026-11-05"): "C"})
    sheet = openpyxl.load_workbook(path).active
    where = f"{sheet.cell(1, column_of(sheet, '2026-11-05')).column_letter}{row_of(sheet, '1001')}"
    before = (demo / "people.json").read_bytes()
    result = invoke(demo, "--lang", "en", "roster", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"{where}: '{change}' {words}"), result.stderr
    assert (demo / "people.json").read_bytes() == before


def test_unknown_staff_other_months_and_leave_are_refused(demo: Path) -> None:
    path = export(demo)
    before = (demo / "people.json").read_bytes()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.cell(3, 1).value = "9999"
    book.save(demo.parent / "unknown.xlsx")
    result = import_(demo, demo.parent / "unknown.xlsx")
    assert result.exit_code == 2 and "A3" in result.stderr and "9999" in result.stderr
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.cell(1, 5).value = "2026-12-01"
    book.save(demo.parent / "outside.xlsx")
    result = import_(demo, demo.parent / "outside.xlsx")
    assert result.exit_code == 2 and result.stderr.startswith("E1:"), result.stderr
    leave = edit(path, {("1004", "2026-11-27"): "A"}, demo.parent / "leave.xlsx")  # sick
    result = import_(demo, leave)
    assert result.exit_code == 2 and "请假" in result.stderr
    assert (demo / "people.json").read_bytes() == before


def test_min_staff_marks_the_short_days(demo: Path) -> None:
    config = (demo / "kiosk.toml").read_text("utf-8")
    (demo / "kiosk.toml").write_text(config.replace('code = "C"', 'code = "C"\nmin_staff = 3'))
    data = month_json(demo)
    nov1 = data["coverage"][0]
    c = next(s for s in nov1["shifts"] if s["shift"] == "C")
    assert c == {"shift": "C", "planned": 3, "min_staff": 3, "short": False}
    short = [d["date"] for d in data["coverage"] if d["short"]]
    assert short == data["short_days"] and "2026-11-03" in short
    text = invoke(demo, "roster", "month", "--month", "2026-11")
    assert "2!" in text.stdout and "人数不足" in text.stdout


def test_a_week_without_rest_and_rest_left_for_the_leadership(demo: Path) -> None:
    path = edit(export(demo), {("1001", "2026-11-09"): "A", ("1001", "2026-11-16"): "A"})
    assert import_(demo, path).exit_code == 0
    data = month_json(demo)
    p = person(data, "1001")  # rests on Mondays; two Mondays worked
    assert p["weeks_without_rest"] == ["2026-11-09", "2026-11-16"]
    assert p["rest_left"] == 1 and p["rest_planned"] == 3
    assert {"staff_id": "1001", "name": "张丽", "days": 1} in data["rest_unscheduled"]
    text = invoke(demo, "roster", "month", "--month", "2026-11").stdout
    assert "院领导" in text and "张丽(1001):1 天" in text


def test_a_closed_day_is_closed_again_after_an_import(demo: Path) -> None:
    assert invoke(demo, "day", "close", "--date", "2026-11-26").exit_code == 0
    path = edit(export(demo), {("1002", "2026-11-26"): "休"})
    result = import_(demo, path, "--by", "L001")
    assert result.exit_code == 0, result.stderr
    closes = [e for e in day_events(demo, date_of("2026-11-26")) if e.get("type") == "day_closed"]
    assert [c["summary"]["revision"] for c in closes][-1] == 2
    summary = closes[-1]["summary"]
    row = next(p for p in summary["people"] if p["staff_id"] == "1002")
    assert row["status"] == "rest"


def test_the_config_refuses_more_than_seven_rest_days(demo: Path) -> None:
    config = (demo / "kiosk.toml").read_text("utf-8")
    (demo / "kiosk.toml").write_text(
        config.replace("rest_days_per_week = 1", "rest_days_per_week = 8")
    )
    result = invoke(demo, "--lang", "en", "roster", "month", "--month", "2026-11")
    assert result.exit_code == 2 and "0 to 7" in result.stderr


def date_of(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)
