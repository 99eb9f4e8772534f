"""How the month plan is shown: a cell's mark, the sheet a lead edits in Excel/WPS, the
command's text grid. Every figure comes from kiosk.domain.month_plan; this only words it.

The sheet (xlsx or CSV) is one grid: row 1 工号, 姓名 and one date per column; row 2 the
weekday under each date (its 工号 cell is blank, so an import passes over it); then one row
per person in pinyin order. A cell holds the day's plan as it stands: a shift code, 休 for
rest, the leave's type (not editable: leave is recorded with `kiosk leave`), or nothing on
a day the person is not on the staff. A cell emptied by the lead returns that day to the
person's weekly pattern.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from kiosk.domain.month_plan import DayCoverage, MonthPlan, PersonPlan, PlanCell
from kiosk.export import BOM, _cell
from kiosk.i18n import Translator

WEEKEND = (5, 6)


def cell_mark(cell: PlanCell, tr: Translator, short: bool = True) -> str:
    """A, B, C, 休 (R in English), a leave's mark (short: one sign, as the 考勤表's 病;
    else its name), "" off the staff."""
    if cell.kind == "shift":
        return cell.shift or ""
    if cell.kind == "rest":
        return tr.t("plan.mark.rest")
    if cell.kind == "leave" and cell.leave_type:
        if short:
            return tr.t(f"plan.mark.leave.{cell.leave_type}")
        return tr.leave_type(cell.leave_type)
    return ""


def weekday_mark(day: date, tr: Translator) -> str:
    return tr.t(f"plan.wd.{day.weekday()}")


def known_marks(plan: MonthPlan, tr: Translator) -> str:
    """What a cell may say, for an error: "A, B, C, 休"."""
    return ", ".join([*plan.shift_codes, tr.t("plan.mark.rest")])


def sheet_rows(plan: MonthPlan, tr: Translator) -> list[list[str]]:
    """The grid as text rows (the CSV; the xlsx writes the same with dates as dates)."""
    header = [tr.t("plan.col.staff_id"), tr.t("plan.col.name")]
    header += [d.isoformat() for d in plan.days]
    weekdays = ["", "", *(weekday_mark(d, tr) for d in plan.days)]
    rows = [header, weekdays]
    for person in plan.people:
        rows.append(
            [person.staff_id, person.name, *(cell_mark(c, tr, short=False) for c in person.cells)]
        )
    return rows


def month_csv(plan: MonthPlan, tr: Translator) -> bytes:
    """UTF-8 with a BOM (Excel and WPS read the Chinese right); formula-like text quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[_cell(value) for value in row] for row in sheet_rows(plan, tr)])
    return (BOM + out.getvalue()).encode("utf-8")


def month_xlsx(plan: MonthPlan, tr: Translator) -> bytes:
    """The grid as a workbook: dates as dates with the weekday under each, weekends marked
    (a grey fill and 六/日 written out), leave in italics, the header rows and the ID and
    name columns frozen."""
    from openpyxl import Workbook  # only the exports that write Excel pay for it
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = tr.t("plan.sheet_title", month=plan.month)
    weekend = PatternFill("solid", fgColor="DDDDDD")
    bold, italic = Font(bold=True), Font(italic=True, color="666666")
    centre = Alignment(horizontal="center")
    sheet.append([tr.t("plan.col.staff_id"), tr.t("plan.col.name"), *plan.days])
    sheet.append(["", "", *(weekday_mark(d, tr) for d in plan.days)])
    for person in plan.people:
        sheet.append(
            [person.staff_id, person.name, *(cell_mark(c, tr, short=False) for c in person.cells)]
        )
    for column, day in enumerate(plan.days, start=3):
        top = sheet.cell(row=1, column=column)
        top.number_format = "m-d"
        top.font = bold
        for row in range(1, len(plan.people) + 3):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = centre
            if day.weekday() in WEEKEND:
                cell.fill = weekend
        letter = top.column_letter
        sheet.column_dimensions[letter].width = 6
    for index, person in enumerate(plan.people, start=3):
        for column, plan_cell in enumerate(person.cells, start=3):
            if plan_cell.kind == "leave":
                sheet.cell(row=index, column=column).font = italic
    for cell in sheet[1][:2]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 12
    sheet.freeze_panes = "C3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def coverage_line(coverage: DayCoverage, code: str) -> tuple[int, bool, int | None]:
    """(planned, short, min) of one shift on one day."""
    for count in coverage.shifts:
        if count.shift == code:
            return count.planned, count.short, count.min_staff
    return 0, False, None


def person_warnings(person: PersonPlan, tr: Translator) -> list[str]:
    """The warnings beside a person: each week without its rest, the rest days left."""
    found = [tr.t("plan.warn.week", monday=m.isoformat()) for m in person.weeks_without_rest]
    if person.rest_left:
        found.append(tr.t("plan.warn.left", days=person.rest_left))
    if person.rest_over:
        found.append(tr.t("plan.warn.over", days=person.rest_over))
    return found


def text_grid(plan: MonthPlan, tr: Translator) -> list[list[str]]:
    """`kiosk roster month`'s table: ID, name, one narrow column a day, rest balance."""
    header = [tr.t("plan.col.staff_id"), tr.t("plan.col.name")]
    header += [f"{d.day}" for d in plan.days]
    header += [tr.t("plan.col.rest"), tr.t("plan.col.warnings")]
    rows = [header]
    rows.append(["", "", *(weekday_mark(d, tr) for d in plan.days), "", ""])
    for p in plan.people:
        rows.append(
            [
                p.staff_id,
                p.name,
                *(cell_mark(c, tr) or "·" for c in p.cells),
                f"{p.rest_planned}/{p.rest_entitled}",
                "; ".join(person_warnings(p, tr)),
            ]
        )
    for code in plan.shift_codes:
        counts = []
        for cov in plan.coverage:
            planned, short, _ = coverage_line(cov, code)
            counts.append(f"{planned}!" if short else str(planned))
        minimum = next((c.min_staff for c in plan.coverage[0].shifts if c.shift == code), None)
        label = tr.t("plan.row.shift", shift=code)
        rows.append(["", label, *counts, _min_text(minimum, tr), ""])
    return rows


def _min_text(minimum: int | None, tr: Translator) -> str:
    return tr.t("plan.row.min", min=minimum) if minimum is not None else ""


def unscheduled_lines(plan: MonthPlan, tr: Translator) -> Sequence[str]:
    """Rest days the month leaves unscheduled, per person: for the leadership."""
    return [
        tr.t("plan.unscheduled_line", name=p.name, staff_id=p.staff_id, days=p.rest_left)
        for p in plan.unscheduled
    ]
