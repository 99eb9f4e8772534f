"""The lead's month plan: built from the records in one pass, and changed many cells at once.

Building reads people.json once (staff, every roster override and leave of the weeks around
the month), then kiosk.domain.plans decides each cell and kiosk.domain.month_plan counts:
1,000 staff x 31 days is one read, not 31,000. Every change to the plan, from the month
screen, an imported sheet, or `kiosk roster set` (through LeadService), goes through
`MonthPlanService.apply`: the one write path (RosterService.write_overrides, one audit entry,
all or nothing), followed by the re-close of the closed days it touched. A rule that refuses
plan changes (a month signed off) belongs there, once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.config import Config
from kiosk.domain.month_plan import (
    DayEntry,
    MonthPlan,
    PersonDays,
    PersonPlan,
    build_month,
    month_days,
    person_month,
    plan_span,
)
from kiosk.domain.plans import choose_plan
from kiosk.errors import RefusedError, UsageError
from kiosk.parsing import typed_month
from kiosk.services.end_of_day import EndOfDay, EndOfDayService
from kiosk.services.month_import import sheet_changes, sheet_dates
from kiosk.services.records import LeaveRecord, StaffMember
from kiosk.services.roster import Override, RosterService
from kiosk.services.staff import StaffService
from kiosk.spreadsheet import read_sheet
from kiosk.store.people import LEAVE, ROSTER, PeopleStore


@dataclass(frozen=True)
class CellChange:
    """One cell the lead sets: a shift code or rest as typed (A, 休, rest), or None to
    return the day to the weekly pattern."""

    staff_id: str
    day: date
    code: str | None


@dataclass(frozen=True)
class PlanChange:
    """What `apply` wrote (cells whose override did not change are left out) and the
    re-closes it caused."""

    written: tuple[Override, ...]
    end_of_day: EndOfDay


def parse_month_text(text: str) -> tuple[int, int]:
    """`YYYY-MM` -> (year, month); UsageError `bad_month`."""
    parsed = typed_month(text)
    if parsed is None:
        raise UsageError("bad_month", value=text)
    return parsed[1].year, parsed[1].month


class MonthPlanService:
    def __init__(
        self,
        people: PeopleStore,
        config: Config,
        staff: StaffService,
        roster: RosterService,
        end_of_day: EndOfDayService,
    ) -> None:
        self.people = people
        self.config = config
        self.staff = staff
        self.roster = roster
        self.end_of_day = end_of_day

    def today(self) -> date:
        return self.staff.today()

    def month(self, year: int, month: int) -> MonthPlan:
        """The month's grid, coverage and rest balances (see kiosk.domain.month_plan)."""
        first, last = plan_span(year, month)
        dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        span = [(d, d.isoformat()) for d in dates]
        overrides, leave = self._records(first, last)
        people = [self._person(m, span, overrides, leave) for m in self.staff.all()]
        return build_month(
            year,
            month,
            people,
            tuple(self.config.shifts),
            self.config.min_staff,
            self.config.rest_days_per_week,
        )

    def person(self, staff_id: str, year: int, month: int) -> PersonPlan | None:
        """One person's row of the month, as the lead's grid has it (their rest days
        planned and owed), without building everyone's; None when not on the staff."""
        member = self.staff.get(staff_id)
        first, last = plan_span(year, month)
        dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        overrides, leave = self._records(first, last)
        row = self._person(member, [(d, d.isoformat()) for d in dates], overrides, leave)
        return person_month(row, month_days(year, month), self.config.rest_days_per_week)

    def _records(
        self, first: date, last: date
    ) -> tuple[dict[tuple[str, str], str], dict[str, list[LeaveRecord]]]:
        """The span's roster overrides by (staff ID, date) and leave by staff ID, read once
        per build."""
        lo, hi = first.isoformat(), last.isoformat()
        overrides = {
            (r["staff_id"], r["date"]): r["shift"]
            for r in self.people.rows(ROSTER)
            if lo <= r["date"] <= hi
        }
        leave: dict[str, list[LeaveRecord]] = defaultdict(list)
        for row in self.people.rows(LEAVE):
            if row["from"] <= hi and row["to"] >= lo:
                leave[row["staff_id"]].append(LeaveRecord.from_row(row))
        return overrides, dict(leave)

    def _person(
        self,
        member: StaffMember,
        span: Sequence[tuple[date, str]],
        overrides: dict[tuple[str, str], str],
        leave: dict[str, list[LeaveRecord]],
    ) -> PersonDays:
        """One person's plan on every day of the span (the hot loop of a build: 1,000
        staff x 42 days, so the lookups that do not change from day to day are hoisted)."""
        days: dict[date, DayEntry | None] = {}
        theirs = leave.get(member.id)
        always = None if member.earlier else (member.shift, member.rest_day)
        for day, iso in span:
            if not member.employed_on(day):
                days[day] = None
                continue
            covering = next((r for r in theirs if r.covers(day)), None) if theirs else None
            shift, rest_day = always or member.defaults_on(day)
            override = overrides.get((member.id, iso))
            choice = choose_plan(day, shift, rest_day, override, covering is not None)
            days[day] = DayEntry(choice, covering.type if covering else None)
        return PersonDays(member.id, member.name, days)

    def apply(
        self,
        changes: Sequence[CellChange],
        by: str | None = None,
        why: str = "",
        grid: bool = True,
    ) -> PlanChange:
        """Set many cells at once, all or none: every cell is checked first (a known
        person, a known shift or rest; from the month grid (`grid`) also on the staff that
        day and not on leave), then the overrides are written in one atomic write with one
        audit entry, and the closed days among them are closed again. From the grid, a
        cell whose override would not change is left out; `kiosk roster set` (grid False)
        writes what it is told, as it always has (an override under leave waits for the
        leave to be over)."""
        members = {m.id: m for m in self.staff.all()}
        leave = [LeaveRecord.from_row(row) for row in self.people.rows(LEAVE)]
        stored = {(r["staff_id"], r["date"]): r["shift"] for r in self.people.rows(ROSTER)}
        wanted: dict[tuple[str, date], Override] = {}
        for change in changes:
            member = members.get(change.staff_id) or self.staff.get(change.staff_id)
            value = None if change.code is None else self.roster.plan_code(change.code)
            wanted[(member.id, change.day)] = Override(member.id, change.day, value)
            if not grid:
                continue
            if not member.employed_on(change.day):
                raise UsageError(
                    "plan_not_employed", staff_id=member.id, date=change.day.isoformat()
                )
            on_leave = next(
                (r for r in leave if r.staff_id == member.id and r.covers(change.day)), None
            )
            if on_leave is not None:
                raise RefusedError("plan_on_leave", staff_id=member.id, date=change.day.isoformat())
        written = tuple(
            o for o in wanted.values() if stored.get((o.staff_id, o.day.isoformat())) != o.shift
        )
        if not written:
            return PlanChange((), EndOfDay())
        self.roster.write_overrides(written, by, why)
        first, last = min(o.day for o in written), max(o.day for o in written)
        return PlanChange(written, self.end_of_day.after_change(first, last, by=by))

    def import_sheet(
        self,
        data: bytes,
        source: str,
        known: str,
        by: str | None = None,
        encoding: str | None = None,
    ) -> tuple[MonthPlan, PlanChange]:
        """A plan sheet (.xlsx or CSV) loaded back, all or nothing (kiosk/services/
        month_import.py names a bad cell); `known` is what a cell may say, for the error.
        `encoding` is a CSV's when it is said (spreadsheet.decode_text never guesses).
        Returns the month and what changed."""
        rows = read_sheet(data, source, encoding=encoding)
        (year, month), dates = sheet_dates(rows)
        before = self.month(year, month)
        found = sheet_changes(rows, dates, before, known)
        change = self.apply([CellChange(sid, day, code) for sid, day, code in found], by)
        return (self.month(year, month) if change.written else before), change
