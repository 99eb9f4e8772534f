"""Who works which shift on a date: weekly rest day, per-day overrides, and leave.

Which plan wins is decided in kiosk.domain.plans (leave > the day's override > the weekly
pattern); this service looks the pieces up and stores the lead's overrides.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from kiosk.config import Config
from kiosk.domain.plans import REST, choose_plan
from kiosk.errors import UsageError
from kiosk.services.leave import LeaveService
from kiosk.services.records import DayPlan, StaffMember
from kiosk.services.staff import StaffService
from kiosk.store.people import ROSTER, PeopleStore, PeopleTables

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
        leave = self.leave.covering(member.id, day)
        choice = choose_plan(
            day,
            member.shift,
            member.rest_day,
            override["shift"] if override else None,
            leave is not None,
        )
        return DayPlan(member, day, choice.shift_code, choice.kind, choice.source, leave)

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

        def write(tables: PeopleTables) -> None:
            row = {"staff_id": member.id, "date": day.isoformat(), "shift": value}
            tables.upsert(ROSTER, row, staff_id=member.id, date=day.isoformat())

        self.people.update(write)
        return self.plan(member, day)
