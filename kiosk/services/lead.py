"""Every change a lead makes to a day, and what follows it, in one place.

An appearance check, an incident, a punch correction, leave, leave paperwork done, a roster
change, the end of someone's employment, a new default shift from a date: each is stored by
its own service, and then the end-of-day service closes again any closed day it touched (the
next revision, queued and sent). The CLI, the kiosk's lead screens and the browser view all
call these methods, so a change made anywhere behaves the same: no face re-closes a day, or
forgets to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from kiosk.services.appearance import AppearanceResult, AppearanceService, IncidentResult
from kiosk.services.end_of_day import EndOfDay, EndOfDayService
from kiosk.services.leave import LeaveService, PaperworkResult
from kiosk.services.month_plan import CellChange, MonthPlanService
from kiosk.services.punch import PunchResult, PunchService
from kiosk.services.records import DayPlan, LeaveRecord, StaffMember
from kiosk.services.roster import RosterService
from kiosk.services.staff import StaffService

T = TypeVar("T")


@dataclass(frozen=True)
class LeadChange(Generic[T]):
    """A lead's change as stored (`result`) and the re-closes it caused (`end_of_day`)."""

    result: T
    end_of_day: EndOfDay


class LeadService:
    def __init__(
        self,
        end_of_day: EndOfDayService,
        punch: PunchService,
        appearance: AppearanceService,
        leave: LeaveService,
        roster: RosterService,
        staff: StaffService,
        month_plan: MonthPlanService,
    ) -> None:
        self.end_of_day = end_of_day
        self.month_plan = month_plan
        self.staff = staff
        self.punch = punch
        self.appearance = appearance
        self.leave = leave
        self.roster = roster

    def appearance_check(
        self, staff_id: str, by: str, failed: Sequence[str], day: date | None = None
    ) -> LeadChange[AppearanceResult]:
        result = self.appearance.check(staff_id, by, failed, day)
        return LeadChange(result, self.end_of_day.after_change(result.date, by=by))

    def record_incident(
        self, staff_id: str, kind: str, by: str, at: datetime | None = None
    ) -> LeadChange[IncidentResult]:
        result = self.appearance.incident(staff_id, kind, by, at)
        return LeadChange(result, self.end_of_day.after_change(result.date, by=by))

    def correct_punch(
        self,
        staff_id: str,
        at: datetime,
        by: str,
        reason: str,
        action: str | None = None,
        day: date | None = None,
    ) -> LeadChange[PunchResult]:
        result = self.punch.correct(staff_id, at, by, reason, action, day)
        return LeadChange(result, self.end_of_day.after_change(result.shift.date, by=by))

    def record_leave(
        self,
        staff_id: str,
        leave_type: str,
        start: date,
        end: date | None = None,
        phoned: bool = False,
        note: str = "",
        by: str | None = None,
    ) -> LeadChange[LeaveRecord]:
        record = self.leave.add(staff_id, leave_type, start, end, phoned, note, by)
        return LeadChange(record, self.end_of_day.after_change(record.start, record.end, by))

    def leave_paperwork_done(
        self, leave_id: str, by: str | None = None
    ) -> LeadChange[PaperworkResult]:
        result = self.leave.complete_paperwork(leave_id, by)
        if result.outcome != "completed":  # nothing changed on any day
            return LeadChange(result, EndOfDay())
        record = result.record
        return LeadChange(result, self.end_of_day.after_change(record.start, record.end, by))

    def set_roster(
        self, staff_id: str, day: date, code: str, by: str | None = None, why: str = ""
    ) -> LeadChange[DayPlan]:
        """One day's override: through the month plan's one write path (and re-close)."""
        member = self.staff.get(staff_id)
        change = self.month_plan.apply([CellChange(member.id, day, code)], by, why, grid=False)
        return LeadChange(self.roster.plan(member, day), change.end_of_day)

    def end_employment(
        self, staff_id: str, from_day: date, by: str | None = None
    ) -> LeadChange[StaffMember]:
        """Recorded late (they left on Friday, the lead says so on Monday): the closed days
        from `from_day` no longer count the person absent, so they are closed again."""
        member = self.staff.end_employment(staff_id, from_day, by)
        return LeadChange(member, self._from(from_day, by))

    def change_staff(
        self,
        staff_id: str,
        from_day: date,
        name: str | None = None,
        shift: str | None = None,
        rest_day: str | None = None,
        lead: bool | None = None,
        by: str | None = None,
    ) -> LeadChange[StaffMember]:
        """A new default shift or rest day from a past date changes those days' plans, and
        a new name their figures' names: the closed ones among them are closed again."""
        member = self.staff.change(staff_id, from_day, name, shift, rest_day, lead, by)
        return LeadChange(member, self._from(from_day, by))

    def _from(self, from_day: date, by: str | None) -> EndOfDay:
        today = self.end_of_day.day_close.today()
        if from_day > today:
            return EndOfDay()
        return self.end_of_day.after_change(from_day, today, by=by)
