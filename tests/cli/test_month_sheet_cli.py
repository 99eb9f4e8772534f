"""The 考勤表 workbook of a scripted month, opened back with openpyxl: every cell's symbol and
every total is what `kiosk export --month --format json` says for that month.

The month is played through the CLI with an injected clock (KIOSK_FAKE_NOW) on the demo
staff and closed day by day: on time, late, early, late and early, no check-out, rest, eight
kinds of leave, absent, an appearance fine and an incident fine.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kiosk.domain.names import name_order
from tests.cli.cli_helpers import install_demo, invoke

MONTH = "2026-11"
GRID_TOTALS = (
    "days_present", "late_count", "late_minutes", "early_count", "absences", "no_checkout",
    "rest_days",
)  # fmt: skip
DAYS = ("2026-11-02", "2026-11-03")
SNEAKY = '=HYPERLINK("http://evil.example/","点我")'
FIRST_ROW = 5  # title, subtitle, dates, weekdays
# The marks, by the precedence the legend states: written out here, not taken from the code.
LEAVE_ZH = {
    "personal": "事", "sick": "病", "marriage": "婚", "maternity": "产",
    "bereavement": "丧", "compensatory": "换", "paid": "薪", "work_injury": "伤",
}  # fmt: skip
LEAVE_EN = {
    "personal": "PL", "sick": "SL", "marriage": "ML", "maternity": "MT",
    "bereavement": "BL", "compensatory": "CL", "paid": "PD", "work_injury": "WI",
}  # fmt: skip
MARKS = {
    "zh": {"rest": "休", "absent": "旷", "late_early": "迟早", "late": "迟", "early": "早",
           "no_checkout": "缺", "on_time": "√", "leave": LEAVE_ZH},
    "en": {"rest": "R", "absent": "A", "late_early": "LE", "late": "L", "early": "E",
           "no_checkout": "NC", "on_time": "√", "leave": LEAVE_EN},
}  # fmt: skip


def expected_mark(person: dict[str, Any], lang: str) -> str:
    marks = MARKS[lang]
    flags = set(person["flags"])
    if person["status"] == "rest":
        return marks["rest"]
    if person["status"] == "leave":
        return marks["leave"][person["leave_type"]]
    if person["status"] == "absent":
        return marks["absent"]
    if {"late", "early_leave"} <= flags:
        return marks["late_early"]
    if "late" in flags:
        return marks["late"]
    if "early_leave" in flags:
        return marks["early"]
    return marks["no_checkout"] if "no_checkout" in flags else marks["on_time"]


def ok(folder: Path, *args: str, now: str) -> None:
    result = invoke(folder, *args, now=now)
    assert result.exit_code == 0, (args, result.stderr)


@pytest.fixture(scope="module")
def month_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sheet") / "data"
    install_demo(folder)
    setup = "2026-11-01T09:00:00"
    ok(folder, "staff", "add", "1012", SNEAKY, "--shift", "A", "--rest-day", "sun",
       "--from", "2026-11-01", now=setup)  # fmt: skip
    for who, kind, first, last in (
        ("1007", "sick", "2026-11-02", "2026-11-02"),
        ("1009", "personal", "2026-11-02", "2026-11-02"),
        ("1010", "marriage", "2026-11-02", "2026-11-02"),
        ("1011", "maternity", "2026-11-02", "2026-11-03"),
        ("1007", "bereavement", "2026-11-03", "2026-11-03"),
        ("1010", "compensatory", "2026-11-03", "2026-11-03"),
        ("1004", "paid", "2026-11-03", "2026-11-03"),
        ("1005", "work_injury", "2026-11-03", "2026-11-03"),
    ):
        ok(folder, "leave", "add", who, kind, first, last, now=setup)
    day = DAYS[0]  # Monday: 1001 and 1008 rest
    for who, hhmm, *extra in (
        ("L001", "07:50"), ("1002", "07:55"), ("1012", "07:56"), ("1004", "07:58"),
        ("1003", "08:10"),  # late
        ("1006", "11:55"),  # never checks out
        ("1005", "12:15"),  # late, then leaves early
        ("1004", "15:00", "--yes"),  # early
        ("1003", "16:00"), ("L001", "18:00"), ("1002", "18:05"), ("1012", "18:06"),
        ("1005", "19:00", "--yes"),
    ):  # fmt: skip
        ok(folder, "punch", who, *extra, now=f"{day}T{hhmm}:00")
    ok(folder, "check", "1002", "--by", "L001", "--fail", "nails", now=f"{day}T08:20:00")
    ok(folder, "incident", "1003", "uniform_outside", "--by", "L001", now=f"{day}T13:00:00")
    ok(folder, "day", "close", "--date", day, now=f"{day}T21:00:00")
    day = DAYS[1]  # Tuesday: 1002 and 1009 rest; most of the rest absent
    ok(folder, "punch", "1001", now=f"{day}T08:20:00")  # late, and no check-out
    ok(folder, "punch", "1003", now=f"{day}T07:59:00")
    ok(folder, "punch", "1003", now=f"{day}T16:01:00")
    ok(folder, "day", "close", "--date", day, now=f"{day}T21:00:00")
    return folder


def export(folder: Path, *args: str) -> bytes:
    result = invoke(folder, "export", "--month", MONTH, *args, now="2026-11-04T09:00:00")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def grid_rows(sheet: Worksheet) -> dict[str, tuple[Any, ...]]:
    """The people's rows of the 考勤表, by staff ID (up to the blank row before the legend)."""
    found: dict[str, tuple[Any, ...]] = {}
    for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True):
        if row[0] is None:
            break
        found[str(row[0])] = row
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_mark_and_total_is_the_month_json(month_folder: Path, lang: str) -> None:
    month = json.loads(export(month_folder, "--format", "json"))
    path = month_folder.parent / f"sheet-{lang}.xlsx"
    written = invoke(
        month_folder, "--lang", lang, "export", "--month", MONTH, "--format", "xlsx",
        "--out", str(path), now="2026-11-04T09:00:00",
    )  # fmt: skip
    assert written.exit_code == 0, written.stderr
    book = load_workbook(path)
    names = {"zh": ["考勤表", "明细", "汇总"], "en": ["Attendance", "Detail", "Totals"]}[lang]
    assert book.sheetnames == names
    grid, detail, totals_sheet = (book[name] for name in names)

    header = [cell.value for cell in grid[3]]
    assert header[:4] == (["工号", "姓名", 1, 2] if lang == "zh" else ["ID", "Name", 1, 2])
    assert header[2 + 29] == 30 and header[2 + 30] != 31  # November: 30 day columns
    weekdays = [cell.value for cell in grid[4]][2:9]
    assert weekdays == (["日", "一", "二", "三", "四", "五", "六"] if lang == "zh" else
                        ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"])  # fmt: skip
    rows = grid_rows(grid)
    marks_seen: set[str] = set()
    for day in month["days"]:
        column = 2 + int(day["date"][-2:]) - 1
        for person in day["people"]:
            want = expected_mark(person, lang)
            assert rows[person["staff_id"]][column] == want, (day["date"], person["staff_id"])
            marks_seen.add(want)
    everything = MARKS[lang]
    assert marks_seen >= {v for k, v in everything.items() if k != "leave"}
    assert marks_seen >= set(everything["leave"].values())  # all eight kinds of leave
    closed_columns = {2 + int(d["date"][-2:]) - 1 for d in month["days"]}
    for row in rows.values():  # a day not closed is blank
        assert all(row[c] is None for c in range(2, 32) if c not in closed_columns)

    # The totals at the right and on the totals sheet are the JSON's.
    right = header[32:]
    leave_headers = list(everything["leave"].values())
    totals_head = [c.value for c in totals_sheet[1]]
    by_id = {str(r[0]): dict(zip(totals_head, r, strict=True))
             for r in totals_sheet.iter_rows(min_row=2, values_only=True)}  # fmt: skip
    for total in month["totals"]:
        sid = total["staff_id"]
        beside = dict(zip(right, rows[sid][32:], strict=True))
        figures = [total[k] for k in GRID_TOTALS]
        assert list(beside.values())[:7] == figures, sid
        for kind, symbol in everything["leave"].items():
            assert beside[symbol] == total["leave_days"].get(kind, 0), (sid, kind)
        assert list(beside.values())[-1] == total["fines_total"]
        on_sheet = list(by_id[sid].values())
        assert on_sheet[:12] == [total[k] for k in (
            "staff_id", "name", "days_present", "late_count", "late_minutes", "early_count",
            "early_minutes", "late_from_break_count", "late_from_break_minutes", "absences",
            "no_checkout", "rest_days")]  # fmt: skip
        assert on_sheet[12:20] == [total["leave_days"].get(k, 0) for k in everything["leave"]]
        assert on_sheet[-3:] == [total[k] for k in
                                 ("appearance_fines", "incident_fines", "fines_total")]  # fmt: skip
        assert all(isinstance(v, int) for v in on_sheet[2:])  # numbers as numbers
    assert right[7:15] == leave_headers
    assert sum(t["fines_total"] for t in month["totals"]) > 0
    fined = {t["staff_id"]: t for t in month["totals"]}
    assert fined["1002"]["appearance_fines"] > 0 and fined["1003"]["incident_fines"] > 0

    # One detail row per person per closed day, as the day export.
    assert detail.max_row == 1 + sum(len(d["people"]) for d in month["days"])

    # Pinyin order, and the sneaky name is text, not a formula.
    names = [str(r[1]) for r in rows.values()]
    assert names == sorted(names, key=name_order) and names[:3] == [SNEAKY, "陈晓燕", "黄蕾"]
    sneaky = next(c for c in grid["B"] if c.value == SNEAKY)
    assert sneaky.data_type == "s"
    assert all(c.data_type == "s" for c in detail["C"] if c.value == SNEAKY)

    # Late and absent cells are filled, as well as marked.
    late_cell = grid.cell(row=_row_of(grid, "1003"), column=3 + 1)  # 1003 late on the 2nd
    assert late_cell.value == everything["late"] and late_cell.fill.fgColor.rgb.endswith("FFE699")
    absent_cell = grid.cell(row=_row_of(grid, "1006"), column=3 + 2)  # 1006 absent on the 3rd
    assert absent_cell.value == everything["absent"]
    assert absent_cell.fill.fgColor.rgb.endswith("F4B084")
    on_time = grid.cell(row=_row_of(grid, "1002"), column=3 + 1)
    assert on_time.value == "√" and on_time.fill.fill_type is None

    # Frozen header and names, A4 landscape, one page wide, the title and the legend.
    assert grid.freeze_panes == "C5"
    assert grid.page_setup.orientation == "landscape" and grid.page_setup.paperSize == 9
    assert grid.page_setup.fitToWidth == 1 and grid.sheet_properties.pageSetUpPr.fitToPage
    title, subtitle = str(grid["A1"].value), str(grid["A2"].value)
    if lang == "zh":
        assert title == "客户服务中心 2026-11 考勤表"
        assert subtitle == "考勤机 desk-1 · 未审批 · 已结账 2/30 天"
    else:
        assert title == "Customer Service Center 2026-11 attendance sheet"
        assert "not approved" in subtitle and "desk-1" in subtitle
    legend = [r for r in grid.iter_rows(min_row=FIRST_ROW + len(rows), values_only=True)]
    symbols = {r[0] for r in legend if r[0] is not None}
    assert {"图例" if lang == "zh" else "Legend", everything["late_early"]} <= symbols
    assert set(everything["leave"].values()) <= symbols


def _row_of(grid: Worksheet, staff_id: str) -> int:
    return next(c.row for c in grid["A"] if c.value == staff_id)


def test_the_department_comes_from_kiosk_toml(month_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    import shutil

    shutil.copytree(month_folder, folder)
    config = folder / "kiosk.toml"
    config.write_text('department = "门诊客服中心"\n' + config.read_text("utf-8"), "utf-8")
    book = load_workbook(io.BytesIO(export(folder, "--format", "xlsx")))
    assert book["考勤表"]["A1"].value == "门诊客服中心 2026-11 考勤表"


def test_the_month_csv_is_one_table_and_the_totals_another(month_folder: Path) -> None:
    days = export(month_folder, "--format", "csv").decode("utf-8-sig").splitlines()
    assert "" not in days and days[0].startswith("日期,工号,姓名")
    totals = export(month_folder, "--format", "csv", "--totals").decode("utf-8-sig")
    header, *rows = [line.split(",") for line in totals.splitlines() if line]
    assert header[:3] == ["工号", "姓名", "出勤天数"] and "产假(天)" in header
    maternity = header.index("产假(天)")
    assert {row[0]: row[maternity] for row in rows}["1011"] == "2"
    for args in (("--format", "json", "--totals"), ("--format", "xlsx", "--totals")):
        refused = invoke(month_folder, "export", "--month", MONTH, *args)
        assert refused.exit_code == 2, args
    day_xlsx = invoke(month_folder, "export", "--date", DAYS[0], "--format", "xlsx")
    assert day_xlsx.exit_code == 2 and "--month" in day_xlsx.stderr
