"""Who works which shift on a date: weekly rest day, per-day overrides, and leave.

Which plan wins is decided in kiosk.domain.plans (leave > the day's override > the weekly
pattern); this service looks the pieces up and stores the lead's overrides.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.config import Config
from kiosk.domain.audit import ROSTER_PLANNED, ROSTER_SET
from kiosk.domain.plans import REST, choose_plan
from kiosk.errors import UsageError
from kiosk.parsing import has_control_characters
from kiosk.services.audit import AuditTrail, InTransaction
from kiosk.services.leave import LeaveService
from kiosk.services.records import DayPlan, LeaveRecord, StaffMember
from kiosk.services.staff import StaffService, members_of
from kiosk.store.people import LEAVE, ROSTER, STAFF, PeopleStore, PeopleTables

REST_WORDS = {REST, "休", "休息"}  # what a clerk may type for a day off


@dataclass(frozen=True)
class Override:
    """One day's roster override to write: a shift code, `rest`, or None to clear it."""

    staff_id: str
    day: date
    shift: str | None


class RosterService:
    def __init__(
        self,
        people: PeopleStore,
        config: Config,
        staff: StaffService,
        leave: LeaveService,
        audit: AuditTrail,
    ) -> None:
        self.people = people
        self.audit = audit
        self.config = config
        self.staff = staff
        self.leave = leave
        # (people.json's read, the day, everyone's plan): kept while the file is unchanged
        self._day_kept: tuple[object, date, tuple[DayPlan, ...]] | None = None

    def plan(self, member: StaffMember, day: date) -> DayPlan:
        override = next(
            (r for r in self.people.find(ROSTER, staff_id=member.id, date=day.isoformat())),
            None,
        )
        return self._plan(member, day, override, self.leave.covering(member.id, day))

    @staticmethod
    def _plan(
        member: StaffMember, day: date, override: dict[str, Any] | None, leave: LeaveRecord | None
    ) -> DayPlan:
        """The plan from the pieces already looked up (`override`: the day's roster row)."""
        default_shift, rest_day = member.defaults_on(day)
        choice = choose_plan(
            day,
            default_shift,
            rest_day,
            override["shift"] if override else None,
            leave is not None,
        )
        return DayPlan(member, day, choice.shift_code, choice.kind, choice.source, leave)

    def day(self, day: date) -> list[DayPlan]:
        """Everyone on the staff that day (someone who has left is not planned, so not
        absent either). One read of people.json for everyone: the day's overrides and the
        leave covering it are indexed by person once, not looked up per person (a board of
        5,000 staff would otherwise stat and scan the file 10,000 times). Kept while
        people.json is unchanged: the board and the close ask for it on every read."""
        read = self.people.read_mark()
        kept = self._day_kept
        if kept is not None and kept[0] is read and kept[1] == day:
            return list(kept[2])
        tables = self.people.tables(STAFF, ROSTER, LEAVE)
        iso = day.isoformat()
        overrides: dict[str, dict[str, Any]] = {}
        for row in tables[ROSTER]:
            if row.get("date") == iso:
                overrides.setdefault(row.get("staff_id"), row)  # the first, as `plan`
        leave: dict[str, LeaveRecord] = {}
        for row in tables[LEAVE]:
            record = LeaveRecord.from_row(row)
            if record.covers(day) and record.staff_id not in leave:
                leave[record.staff_id] = record  # the first, as LeaveService.covering
        plans = [
            self._plan(member, day, overrides.get(member.id), leave.get(member.id))
            for member in members_of(tables[STAFF])
            if member.employed_on(day)
        ]
        self._day_kept = (read, day, tuple(plans))
        return plans

    def set(
        self, staff_id: str, day: date, code: str, by: str | None = None, why: str = ""
    ) -> DayPlan:
        """Override one person's plan for one day; the trail keeps who, why and what it was
        before (an override is replaced in people.json, never silently)."""
        member = self.staff.get(staff_id)
        value = self.plan_code(code)
        self.write_overrides([Override(member.id, day, value)], by, why)
        return self.plan(member, day)

    def plan_code(self, code: str) -> str:
        """A shift code or `rest` for what a clerk typed (休, 休息, rest, a/b/c); UsageError
        `unknown_shift` otherwise."""
        value = unicodedata.normalize("NFKC", code).strip()
        value = REST if value.lower() in REST_WORDS else value.upper()
        if value != REST and value not in self.config.shifts:
            raise UsageError(
                "unknown_shift",
                "error.unknown_roster_shift",
                shift=code,
                known=", ".join(self.config.shifts),
            )
        return value

    def write_overrides(
        self, overrides: Sequence[Override], by: str | None = None, why: str = ""
    ) -> None:
        """The one place roster overrides are written: every one given, or none, in one
        atomic write of people.json with one audit entry (who, why, and what each was
        before). `shift` None clears the day's override (back to the weekly pattern). The
        codes are checked by the caller (`plan_code`); the staff IDs must exist."""
        if has_control_characters(why):
            raise UsageError("text_control_characters", field="reason")
        if not overrides:
            return

        def write(tables: PeopleTables) -> None:
            cells = []
            for o in overrides:
                key = {"staff_id": o.staff_id, "date": o.day.isoformat()}
                before = tables.get(ROSTER, **key)
                cells.append(
                    key | {"shift": o.shift, "before": before["shift"] if before else None}
                )
            if len(cells) == 1:
                self.audit.record(ROSTER_SET, by, why, InTransaction(tables), **cells[0])
            else:
                self.audit.record(ROSTER_PLANNED, by, why, InTransaction(tables), cells=cells)
            for cell in cells:
                key = {"staff_id": cell["staff_id"], "date": cell["date"]}
                if cell["shift"] is None:
                    tables.remove(ROSTER, **key)
                else:
                    tables.upsert(ROSTER, key | {"shift": cell["shift"]}, **key)

        self.people.update(write)
