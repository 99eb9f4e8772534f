"""Leave: the eight types of rules.md, applied in advance or phoned in within 24 hours.

Phoned-in leave stands with the lead's consent but stays `paperwork pending` until the lead
marks the paperwork done on the person's first day back.
"""

from __future__ import annotations

import secrets
from datetime import date

from tinydb import Query, TinyDB

from kiosk.clock import Clock
from kiosk.errors import UsageError
from kiosk.services.records import LEAVE_TYPES, LeaveRecord
from kiosk.services.staff import StaffService
from kiosk.store.people import LEAVE, PeopleStore

MAX_LEAVE_DAYS = 366


class LeaveService:
    def __init__(self, people: PeopleStore, staff: StaffService, clock: Clock) -> None:
        self.people = people
        self.staff = staff
        self.clock = clock

    def all(self) -> list[LeaveRecord]:
        return [LeaveRecord.from_row(r) for r in self.people.rows(LEAVE)]

    def covering(self, staff_id: str, day: date) -> LeaveRecord | None:
        for record in self.all():
            if record.staff_id == staff_id and record.covers(day):
                return record
        return None

    def add(
        self,
        staff_id: str,
        leave_type: str,
        start: date,
        end: date | None = None,
        phoned: bool = False,
        note: str = "",
    ) -> LeaveRecord:
        member = self.staff.get(staff_id)
        kind = leave_type.strip().lower()
        if kind not in LEAVE_TYPES:
            raise UsageError("unknown_leave_type", type=leave_type, known=", ".join(LEAVE_TYPES))
        end = end or start
        if end < start or (end - start).days >= MAX_LEAVE_DAYS:
            raise UsageError("bad_leave_range", start=start.isoformat(), end=end.isoformat())
        for other in self.all():
            if other.staff_id == member.id and other.start <= end and start <= other.end:
                raise UsageError("leave_overlaps", leave_id=other.id)
        row = {
            "id": f"L{secrets.token_hex(4).upper()}",
            "staff_id": member.id,
            "type": kind,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "phoned": phoned,
            "paperwork_done": not phoned,
            "note": note.strip()[:200],
            "recorded_at": self.clock.now().isoformat(timespec="seconds"),
        }
        self.people.update(lambda db: db.table(LEAVE).insert(row))
        return LeaveRecord.from_row(row)

    def done(self, leave_id: str) -> LeaveRecord:
        wanted = leave_id.strip().upper()
        stamp = self.clock.now().isoformat(timespec="seconds")

        def mark(db: TinyDB) -> dict:
            table = db.table(LEAVE)
            if not table.contains(Query().id == wanted):
                raise UsageError("unknown_leave", leave_id=leave_id)
            table.update({"paperwork_done": True, "paperwork_done_at": stamp}, Query().id == wanted)
            return table.get(Query().id == wanted)  # type: ignore[return-value]

        return LeaveRecord.from_row(self.people.update(mark))
