"""Who works which shift on a date: weekly rest day, per-day overrides, and leave.

Precedence: a rest day (weekly, or set for the date) > leave > a shift (override or default).
On rest or leave the person's default template is still given, so that a person who comes in
anyway can punch; the day is then flagged `unscheduled`.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from tinydb import TinyDB

from kiosk.config import Config
from kiosk.domain.shifts import WEEKDAYS
from kiosk.errors import UsageError
from kiosk.services.leave import LeaveService
from kiosk.services.records import DayPlan, StaffMember
from kiosk.services.staff import StaffService
from kiosk.store.people import ROSTER, PeopleStore, upsert

REST = "rest"
REST_WORDS = {REST, "休", "休息"}  # what a clerk may type for a day off


class RosterService:
    def __init__(
        self, people: PeopleStore, config: Config, staff: StaffService, leave: LeaveService
    ) -> None:
        self.people = people
        self.config = config
        self.staff = staff
        self.leave = leave

    def plan(self, member: StaffMember, day: date) -> DayPlan:
        override = next(
            (r for r in self.people.find(ROSTER, staff_id=member.id, date=day.isoformat())),
            None,
        )
        source = "override" if override else "default"
        code = override["shift"] if override else member.shift
        if code == REST or (override is None and WEEKDAYS[day.weekday()] == member.rest_day):
            return DayPlan(member, day, member.shift, "rest", source)
        leave = self.leave.covering(member.id, day)
        if leave is not None:
            return DayPlan(member, day, member.shift, "leave", source, leave)
        return DayPlan(member, day, code, "shift", source)

    def day(self, day: date) -> list[DayPlan]:
        return [self.plan(member, day) for member in self.staff.all()]

    def set(self, staff_id: str, day: date, code: str) -> DayPlan:
        member = self.staff.get(staff_id)
        value = unicodedata.normalize("NFKC", code).strip()
        value = REST if value.lower() in REST_WORDS else value.upper()
        if value != REST and value not in self.config.shifts:
            raise UsageError(
                "unknown_shift",
                "error.unknown_roster_shift",
                shift=code,
                known=", ".join(self.config.shifts),
            )

        def write(db: TinyDB) -> None:
            row = {"staff_id": member.id, "date": day.isoformat(), "shift": value}
            upsert(db, ROSTER, row, staff_id=member.id, date=day.isoformat())

        self.people.update(write)
        return self.plan(member, day)
