"""Leave: the eight types of rules.md, applied in advance or phoned in within 24 hours.

Phoned-in leave stands with the lead's consent but stays `paperwork pending` until the lead
marks the paperwork done on the person's first day back.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kiosk.clock import Clock
from kiosk.domain.audit import LEAVE_ADDED, LEAVE_PAPERWORK_DONE, leave_state
from kiosk.errors import UsageError
from kiosk.parsing import has_control_characters
from kiosk.services.audit import AuditTrail, InTransaction
from kiosk.services.records import (
    LEAVE_TYPE_NAMES_ZH,
    LEAVE_TYPES,
    LeaveRecord,
    parse_leave_type,
)
from kiosk.services.staff import StaffService
from kiosk.store.people import LEAVE, PeopleStore, PeopleTables

MAX_LEAVE_DAYS = 366

PaperworkOutcome = Literal["completed", "already_done", "not_needed"]


@dataclass(frozen=True)
class PaperworkResult:
    """`leave done`: the record after, and what happened (`not_needed`: applied in advance)."""

    record: LeaveRecord
    outcome: PaperworkOutcome


class LeaveService:
    def __init__(
        self, people: PeopleStore, staff: StaffService, clock: Clock, audit: AuditTrail
    ) -> None:
        self.people = people
        self.audit = audit
        self.staff = staff
        self.clock = clock

    def all(self) -> list[LeaveRecord]:
        return [LeaveRecord.from_row(r) for r in self.people.rows(LEAVE)]

    def listing(self, pending_only: bool = False) -> list[LeaveRecord]:
        """All leave (or only leave whose paperwork is pending), by first day, then staff ID."""
        records = [r for r in self.all() if r.paperwork_pending or not pending_only]
        return sorted(records, key=lambda r: (r.start, r.staff_id, r.id))

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
        by: str | None = None,
    ) -> LeaveRecord:
        member = self.staff.get(staff_id)
        kind = parse_leave_type(leave_type)
        if kind is None:
            raise UsageError(
                "unknown_leave_type",
                type=leave_type,
                known=", ".join(LEAVE_TYPES),
                known_zh="、".join(LEAVE_TYPE_NAMES_ZH[k] for k in LEAVE_TYPES),
            )
        if has_control_characters(note):
            raise UsageError("text_control_characters", field="note")
        end = end or start
        if end < start or (end - start).days >= MAX_LEAVE_DAYS:
            raise UsageError("bad_leave_range", start=start.isoformat(), end=end.isoformat())
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

        def insert(tables: PeopleTables) -> None:
            # Checked inside the lock, against the file as it is now, so two leads recording
            # leave for one person at once cannot both succeed.
            for other in (LeaveRecord.from_row(r) for r in tables.all(LEAVE)):
                if other.staff_id == member.id and other.start <= end and start <= other.end:
                    raise UsageError("leave_overlaps", leave_id=other.id)
            self.audit.record(
                LEAVE_ADDED, by, row["note"], InTransaction(tables),
                staff_id=member.id, leave=leave_state(row),
            )  # fmt: skip
            tables.insert(LEAVE, row)

        self.people.update(insert)
        return LeaveRecord.from_row(row)

    def done(self, leave_id: str, by: str | None = None) -> LeaveRecord:
        return self.complete_paperwork(leave_id, by).record

    def complete_paperwork(self, leave_id: str, by: str | None = None) -> PaperworkResult:
        """Mark a phoned-in leave's paperwork done; leave that needs none, or is done
        already, is left as it was (the outcome says which)."""
        wanted = unicodedata.normalize("NFKC", leave_id).strip().upper()
        stamp = self.clock.now().isoformat(timespec="seconds")

        def mark(tables: PeopleTables) -> PaperworkResult:
            row = tables.get(LEAVE, id=wanted)
            if row is None:
                raise UsageError("unknown_leave", leave_id=leave_id)
            record = LeaveRecord.from_row(row)
            if not record.phoned:
                return PaperworkResult(record, "not_needed")
            if record.paperwork_done:
                return PaperworkResult(record, "already_done")
            self.audit.record(
                LEAVE_PAPERWORK_DONE, by, "", InTransaction(tables),
                staff_id=record.staff_id, leave_id=wanted,
            )  # fmt: skip
            tables.update(LEAVE, {"paperwork_done": True, "paperwork_done_at": stamp}, id=wanted)
            done = tables.get(LEAVE, id=wanted)
            assert done is not None
            return PaperworkResult(LeaveRecord.from_row(done), "completed")

        return self.people.update(mark)
