"""The lead's pre-shift appearance check, and incidents the lead records at any time.

One check per person per day: checking again replaces the earlier check (a new event naming
it), so a lead who ticked the wrong box can fix it and the history still shows both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain import events as ev
from kiosk.errors import UsageError
from kiosk.services.records import StaffMember
from kiosk.services.staff import StaffService
from kiosk.store.days import DayStore


@dataclass(frozen=True)
class AppearanceResult:
    staff: StaffMember
    lead: StaffMember
    date: date
    failed: tuple[str, ...]
    fine: int
    at: datetime
    event_id: str
    corrects: str | None

    def public(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff.id,
            "name": self.staff.name,
            "date": self.date.isoformat(),
            "checked_by": self.lead.id,
            "failed": list(self.failed),
            "fine": self.fine,
            "at": self.at.isoformat(timespec="seconds"),
            "id": self.event_id,
            "corrects": self.corrects,
        }


@dataclass(frozen=True)
class IncidentResult:
    staff: StaffMember
    lead: StaffMember
    kind: str
    fine: int
    at: datetime
    event_id: str

    @property
    def date(self) -> date:
        """The day the incident is filed under (the day it happened)."""
        return self.at.date()

    def public(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff.id,
            "name": self.staff.name,
            "kind": self.kind,
            "fine": self.fine,
            "at": self.at.isoformat(timespec="seconds"),
            "date": self.at.date().isoformat(),
            "recorded_by": self.lead.id,
            "id": self.event_id,
        }


class AppearanceService:
    def __init__(self, days: DayStore, config: Config, clock: Clock, staff: StaffService) -> None:
        self.days = days
        self.config = config
        self.clock = clock
        self.staff = staff

    def check(
        self, staff_id: str, by: str, failed: Sequence[str], day: date | None = None
    ) -> AppearanceResult:
        lead = self.staff.lead(by)
        member = self.staff.get(staff_id)
        items = self.config.checklist_by_key
        keys = tuple(dict.fromkeys(k.strip().lower() for k in failed if k.strip()))
        unknown = [k for k in keys if k not in items]
        if unknown:
            raise UsageError("unknown_check_item", items=", ".join(unknown), known=", ".join(items))
        keys = tuple(k for k in items if k in keys)  # checklist order
        fine = sum(items[k].fine for k in keys)
        now = self.clock.now()
        day = day or now.date()
        if day > now.date():
            raise UsageError("in_future", value=day.isoformat())
        with self.days.transaction([day]) as txn:
            previous = ev.appearance_check(txn.person_events(day, member.id), member.id)
            event = ev.new_event(
                ev.APPEARANCE,
                member.id,
                day.isoformat(),
                by=lead.id,
                failed=list(keys),
                fine=fine,
                at=now.isoformat(timespec="seconds"),
                recorded_at=now.isoformat(timespec="seconds"),
                corrects=previous["id"] if previous else None,
            )
            txn.append(day, event)
        return AppearanceResult(member, lead, day, keys, fine, now, event["id"], event["corrects"])

    def incident(
        self, staff_id: str, kind: str, by: str, at: datetime | None = None
    ) -> IncidentResult:
        lead = self.staff.lead(by)
        member = self.staff.get(staff_id)
        item = self.config.incidents.get(kind.strip().lower())
        if item is None:
            known = ", ".join(self.config.incidents)
            raise UsageError("unknown_incident", kind=kind, known=known)
        now = self.clock.now()
        at = at or now
        if at > now + timedelta(minutes=1):
            raise UsageError("in_future", value=at.strftime("%Y-%m-%d %H:%M"))
        day = at.date()
        event = ev.new_event(
            ev.INCIDENT,
            member.id,
            day.isoformat(),
            kind=item.key,
            fine=item.fine,
            by=lead.id,
            at=at.isoformat(timespec="seconds"),
            recorded_at=now.isoformat(timespec="seconds"),
            corrects=None,
        )
        with self.days.transaction([day]) as txn:
            txn.append(day, event)
        return IncidentResult(member, lead, item.key, item.fine, at, event["id"])
