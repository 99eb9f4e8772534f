"""A month plan sheet read back (see kiosk/presentation/month_plan.py for its layout).

Every cell is checked before anything is written, and the first bad one is named as Excel
names it ("D7: 'X' is not a shift (A, B, C, 休)"): an unknown staff ID, a header that is not
a date of one month, a plan on a day the person is not on the staff, a leave day changed
(leave is recorded with `kiosk leave`, not in the plan). Only cells that differ from the plan
as it stands become changes: a sheet exported and loaded back unchanged changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

from kiosk.domain.month_plan import MonthPlan, PlanCell
from kiosk.domain.plans import REST
from kiosk.errors import UsageError
from kiosk.i18n import Translator
from kiosk.services.records import normalise_id, parse_leave_type
from kiosk.services.roster import REST_WORDS
from kiosk.spreadsheet import cell_name

REST_LETTERS = {"r", "休"}  # the grid's letter for rest, besides 休息 and rest


def sheet_dates(rows: Sequence[Sequence[str]]) -> tuple[tuple[int, int], list[date]]:
    """The month the header names and its date per column (from column C); UsageError
    naming the cell of a header that is not a date, another month's or a repeated one."""
    if not rows or len(rows[0]) < 3:
        raise UsageError("plan_no_dates")
    header = list(rows[0])
    while header and not header[-1].strip():
        header.pop()
    dates: list[date] = []
    for column, text in enumerate(header[2:], start=3):
        try:
            day = date.fromisoformat(text.strip()[:10])
        except ValueError:
            raise UsageError("plan_bad_header", cell=cell_name(1, column), value=text) from None
        if dates and (day.year, day.month) != (dates[0].year, dates[0].month):
            raise UsageError(
                "plan_date_outside",
                cell=cell_name(1, column),
                date=day.isoformat(),
                month=f"{dates[0]:%Y-%m}",
            )
        if day in dates:
            raise UsageError("plan_duplicate_date", cell=cell_name(1, column), date=day.isoformat())
        dates.append(day)
    if not dates:
        raise UsageError("plan_no_dates")
    return (dates[0].year, dates[0].month), dates


def sheet_changes(
    rows: Sequence[Sequence[str]], dates: Sequence[date], plan: MonthPlan, known: str
) -> list[tuple[str, date, str | None]]:
    """(staff ID, day, code or None) for each cell that changes the plan; `known` is what
    a cell may say (for the error)."""
    people = {p.staff_id: p for p in plan.people}
    index = {d: i for i, d in enumerate(plan.days)}
    seen: set[str] = set()
    changes: list[tuple[str, date, str | None]] = []
    for number, row in enumerate(rows[1:], start=2):
        raw_id = row[0] if row else ""
        if not raw_id.strip():
            continue  # the weekday row, an empty line
        staff_id = normalise_id(raw_id)
        person = people.get(staff_id)
        if person is None:
            raise UsageError("plan_unknown_staff", cell=cell_name(number, 1), staff_id=raw_id)
        if staff_id in seen:
            raise UsageError("plan_duplicate_staff", cell=cell_name(number, 1), staff_id=staff_id)
        seen.add(staff_id)
        for column, day in enumerate(dates, start=3):
            text = row[column - 1] if column - 1 < len(row) else ""
            where = cell_name(number, column)
            cell = person.cells[index[day]]
            change = _cell_change(text, cell, where, staff_id, plan.shift_codes, known)
            if change is not None:
                changes.append((staff_id, day, change[0]))
    return changes


def _cell_change(
    text: str, cell: PlanCell, where: str, staff_id: str, codes: Sequence[str], known: str
) -> tuple[str | None] | None:
    """(the new code or None for the weekly pattern,), or None when the cell changes
    nothing; UsageError for a cell that may not say this."""
    value = unicodedata.normalize("NFKC", text).strip()
    day = cell.day.isoformat()
    if cell.kind == "leave":
        if not value or _is_leave(value, cell.leave_type):
            return None
        raise UsageError("plan_leave_cell", cell=where, staff_id=staff_id, date=day, value=text)
    if cell.kind == "off":
        if not value:
            return None
        raise UsageError("plan_off_cell", cell=where, staff_id=staff_id, date=day, value=text)
    if not value:
        return (None,) if cell.override else None
    lowered = value.lower()
    code = REST if lowered in REST_LETTERS or lowered in REST_WORDS else value.upper()
    if code != REST and code not in codes:
        raise UsageError("plan_bad_cell", cell=where, value=text, known=known)
    shown = REST if cell.kind == "rest" else cell.shift
    return None if code == shown else (code,)


def _is_leave(value: str, leave_type: str | None) -> bool:
    """The leave cell as exported (its name in either language, its id or mark)."""
    if leave_type is None:
        return False
    if parse_leave_type(value) == leave_type:
        return True
    for lang in ("zh", "en"):
        tr = Translator(lang)
        if value in (tr.leave_type(leave_type), tr.t(f"plan.mark.leave.{leave_type}")):
            return True
    return False
