"""The 考勤表: one mark per person per day of a month, and the person's totals beside it.

HR pays from this grid, so a cell says what the day was in one mark, decided here once; the
workbook, the lead's screen and any later face only look up the mark's symbol in the
catalog (`sheet.mark.<code>`: √ 迟 早 休 病 旷 缺 ... in Chinese, letters in English).

A day's mark, by this precedence (the first that applies):
1. the day's status, when it is not `present`: `rest` (休), `leave.<type>` (病 事 婚 产 丧 换
   薪 伤; `leave` for a type the catalog does not know), `absent` (旷);
2. present, both late and left early: `late_early` (迟早), one mark for the two;
3. late: `late` (迟), even when the check-out is also missing (late is what HR fines;
   the missing check-out is still counted in the totals);
4. left early: `early_leave` (早);
5. no check-out: `no_checkout` (缺);
6. otherwise `on_time` (√), a day-off arrival (`unscheduled`) included.
A person with no judged line that day (the day is not closed, or they were not employed
yet or any more) has the blank mark "". The totals count every flag whatever the cell
shows (a late day with no check-out adds one to late and one to no check-out), and they are
`PersonMonth`'s (month_totals.py): the one definition of a month's figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kiosk.domain.month_plan import month_days
from kiosk.domain.month_totals import PersonMonth, month_totals
from kiosk.domain.names import name_order
from kiosk.domain.summary import DaySummary, PersonDay

BLANK = ""
MARK_CODES = (  # the legend's order
    "on_time",
    "late",
    "early_leave",
    "late_early",
    "no_checkout",
    "absent",
    "rest",
    "leave",
)
ALERT_MARKS = frozenset({"late", "late_early", "absent"})  # filled in the workbook


def day_mark(person: PersonDay) -> str:
    """The code of one judged day (see the module's precedence)."""
    status, flags = person.status, person.flags
    if status == "rest":
        return "rest"
    if status == "leave":
        return f"leave.{person.leave_type}" if person.leave_type else "leave"
    if status == "absent":
        return "absent"
    if status != "present":
        return BLANK  # `expected`: a day still running is not judged yet
    late, early = "late" in flags, "early_leave" in flags
    if late and early:
        return "late_early"
    if late:
        return "late"
    if early:
        return "early_leave"
    if "no_checkout" in flags:
        return "no_checkout"
    return "on_time"


def is_alert(code: str) -> bool:
    """Whether the workbook fills the cell (late and absent), besides its symbol."""
    return code in ALERT_MARKS


@dataclass(frozen=True)
class SheetRow:
    staff_id: str
    name: str
    marks: tuple[str, ...]  # one code per day of the month, BLANK where not judged
    totals: PersonMonth


@dataclass(frozen=True)
class MonthSheet:
    """The grid of a month: every day of it, the people in pinyin order."""

    month: str  # YYYY-MM
    days: tuple[date, ...]  # the 1st to the last, whether closed or not
    closed: tuple[date, ...]  # the days whose marks come from a close
    rows: tuple[SheetRow, ...]
    leave_types: tuple[str, ...]  # one totals column each, in this order

    def leave_days(self, row: SheetRow, kind: str) -> int:
        return row.totals.leave_days.get(kind, 0)


def month_sheet(
    month: str,
    first: date,
    last: date,
    summaries: Sequence[DaySummary],
    leave_types: Iterable[str],
) -> MonthSheet:
    """The grid from the month's closed days. `leave_types`: the kinds the kiosk knows, in
    their columns' order; a kind found in the days but not known is added after them."""
    days = month_days(first.year, first.month)  # first..last: the month's bounds
    column = {day: n for n, day in enumerate(days)}
    marks: dict[str, list[str]] = {}
    for summary in summaries:
        if summary.date not in column:
            continue
        for person in summary.people:
            row = marks.setdefault(person.staff_id, [BLANK] * len(days))
            row[column[summary.date]] = day_mark(person)
    inside = [s for s in summaries if s.date in column]
    totals = month_totals(inside)
    kinds = list(dict.fromkeys(leave_types))
    for total in totals:
        kinds += [kind for kind in total.leave_days if kind not in kinds]
    ordered = sorted(totals, key=lambda t: (name_order(t.name), t.staff_id))
    rows = tuple(SheetRow(t.staff_id, t.name, tuple(marks[t.staff_id]), t) for t in ordered)
    closed = tuple(sorted(s.date for s in inside))
    return MonthSheet(month, days, closed, rows, tuple(kinds))
