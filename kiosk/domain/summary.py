"""The typed records of a day: one person's day, the day summary a close freezes, the counts.

These cross every layer: the board and the close build `PersonDay`s from the same
`DayStanding`, the exports, the totals QR, the sync targets and the central report read
them, and `docs/day_summary.schema.json` describes their JSON (`to_json`). The counts have
one definition (`day_counts`), so the board's head line and the close's line are the same
numbers under the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.domain.day_status import FLAG_ORDER

COUNT_NAMES = (
    "scheduled",  # on a shift today (应到)
    "present",  # came in, scheduled or not (出勤)
    "unscheduled",  # of those present: on a rest or leave day (其中非排班)
    "expected",  # scheduled, not in yet, shift not over (未到)
    "absent",
    "rest",
    "leave",
    "late",
    "early_leave",
    "late_from_break",
    "no_break_in",
    "no_checkout",
    "appearance_unchecked",
    "leave_paperwork_pending",
)
_FLAG_COUNTS = tuple(name for name in COUNT_NAMES if name in FLAG_ORDER)
_STATUS_COUNTS = ("present", "expected", "absent", "rest", "leave")


@dataclass(frozen=True)
class AppearanceRecord:
    checked_by: str
    failed: tuple[str, ...]
    fine: int

    def to_json(self) -> dict[str, Any]:
        return {"checked_by": self.checked_by, "failed": list(self.failed), "fine": self.fine}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AppearanceRecord:
        return cls(str(data["checked_by"]), tuple(map(str, data["failed"])), int(data["fine"]))


@dataclass(frozen=True)
class PersonDay:
    """One person on one attendance date, as decided by the rules (`day_standing`)."""

    staff_id: str
    name: str
    plan: str  # what the roster said: shift, rest or leave
    plan_source: str  # default (the weekly pattern) or override (set for that day)
    planned_shift: str
    shift: str | None  # the template worked against; None when not working
    status: str
    flags: tuple[str, ...]
    check_in: datetime | None
    check_out: datetime | None
    late_minutes: int
    early_minutes: int
    worked_minutes: int | None
    late_from_break_minutes: int = 0
    leave_type: str | None = None
    appearance: AppearanceRecord | None = None
    incident_fines: int = 0

    @property
    def fines_total(self) -> int:
        return (self.appearance.fine if self.appearance else 0) + self.incident_fines

    def to_json(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff_id,
            "name": self.name,
            "plan": self.plan,
            "plan_source": self.plan_source,
            "planned_shift": self.planned_shift,
            "shift": self.shift,
            "status": self.status,
            "flags": list(self.flags),
            "check_in": _iso(self.check_in),
            "check_out": _iso(self.check_out),
            "late_minutes": self.late_minutes,
            "early_minutes": self.early_minutes,
            "worked_minutes": self.worked_minutes,
            "late_from_break_minutes": self.late_from_break_minutes,
            "leave_type": self.leave_type,
            "appearance": self.appearance.to_json() if self.appearance else None,
            "incident_fines": self.incident_fines,
            "fines_total": self.fines_total,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonDay:
        """A stored person line (older closes lack the newer keys: they read as 0/None).
        Each value as its type, whatever the JSON held (a close re-signed by someone with
        the key must not put a formula or a list where a number or a word belongs)."""
        appearance = data.get("appearance")
        return cls(
            staff_id=str(data["staff_id"]),
            name=str(data["name"]),
            plan=str(data.get("plan", "shift")),
            plan_source=str(data.get("plan_source", "default")),
            planned_shift=str(data.get("planned_shift") or data.get("shift") or ""),
            shift=_text(data.get("shift")),
            status=str(data["status"]),
            flags=tuple(map(str, data.get("flags", ()))),
            check_in=_moment(data.get("check_in")),
            check_out=_moment(data.get("check_out")),
            late_minutes=int(data.get("late_minutes", 0)),
            early_minutes=int(data.get("early_minutes", 0)),
            worked_minutes=_number(data.get("worked_minutes")),
            late_from_break_minutes=int(data.get("late_from_break_minutes", 0)),
            leave_type=_text(data.get("leave_type")),
            appearance=AppearanceRecord.from_json(appearance) if appearance else None,
            incident_fines=int(data.get("incident_fines", 0)),
        )


@dataclass(frozen=True)
class DaySummary:
    """A day as closed (revision >= 1) or previewed (revision 0, not closed)."""

    date: date
    kiosk_id: str
    revision: int
    closed_at: datetime | None
    people: tuple[PersonDay, ...]
    judged_by: dict[str, Any] | None = None  # the RuleBook JSON the figures came from
    kiosks: tuple[str, ...] | None = None  # the central report: the desks behind the day

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.date.isoformat(), "kiosk_id": self.kiosk_id}
        if self.kiosks is not None:
            data["kiosks"] = list(self.kiosks)
        data |= {
            "revision": self.revision,
            "closed_at": _iso(self.closed_at),
            "people": [p.to_json() for p in self.people],
        }
        if self.judged_by is not None:
            data["judged_by"] = self.judged_by
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DaySummary:
        kiosks = data.get("kiosks")
        return cls(
            date=date.fromisoformat(str(data["date"])),
            kiosk_id=str(data["kiosk_id"]),
            revision=int(data["revision"]),
            closed_at=_moment(data.get("closed_at")),
            people=tuple(PersonDay.from_json(p) for p in data["people"]),
            judged_by=data.get("judged_by"),
            kiosks=tuple(kiosks) if kiosks is not None else None,
        )

    @property
    def counts(self) -> DayCounts:
        return day_counts(self.people)


@dataclass(frozen=True)
class DayCounts:
    """The day's head counts, each with the people behind it (staff ids, in list order)."""

    people: dict[str, tuple[str, ...]]
    fines: int

    def __getitem__(self, name: str) -> int:
        return len(self.people[name])

    def as_numbers(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in self.people.items()} | {"fines": self.fines}


def day_counts(people: tuple[PersonDay, ...] | list[PersonDay]) -> DayCounts:
    """Every count of the day from the people's statuses and flags, defined once."""
    groups: dict[str, list[str]] = {name: [] for name in COUNT_NAMES}
    for person in people:
        if person.plan == "shift":
            groups["scheduled"].append(person.staff_id)
        if person.status in _STATUS_COUNTS:
            groups[person.status].append(person.staff_id)
        for flag in _FLAG_COUNTS:
            if flag in person.flags:
                groups[flag].append(person.staff_id)
    return DayCounts(
        {name: tuple(ids) for name, ids in groups.items()},
        sum(p.fines_total for p in people),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> int | None:
    return None if value is None else int(value)
