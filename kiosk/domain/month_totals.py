"""A person's month: the sums of their closed days, defined once.

The month export (CSV, JSON, the 考勤表 workbook), the central report and the line a person
reads after their punch ("本月:出勤 18 天 · 迟到 2 次") all read these totals, so no face
adds up a month its own way. Sums of the days' figures (`PersonDay`), nothing more: whether
a day was late or a rest day was decided when the day was judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from kiosk.domain.summary import DaySummary, PersonDay


@dataclass
class PersonMonth:
    """One person's totals over a set of judged days (built by `add_day`)."""

    staff_id: str
    name: str = ""
    days_present: int = 0
    late_count: int = 0
    late_minutes: int = 0
    early_count: int = 0
    early_minutes: int = 0
    late_from_break_count: int = 0
    late_from_break_minutes: int = 0
    absences: int = 0
    no_checkout: int = 0
    rest_days: int = 0
    leave_days: dict[str, int] = field(default_factory=dict)  # leave type -> days
    appearance_failed: dict[str, int] = field(default_factory=dict)  # item key -> times
    appearance_fines: int = 0
    incident_fines: int = 0
    fines_total: int = 0

    def add_day(self, person: PersonDay) -> None:
        """Count one judged day of this person in."""
        self.name = person.name  # the latest spelling
        flags, status = person.flags, person.status
        self.days_present += status == "present"
        self.absences += status == "absent"
        self.rest_days += status == "rest"
        if status == "leave" and person.leave_type:
            kind = person.leave_type
            self.leave_days[kind] = self.leave_days.get(kind, 0) + 1
        self.late_count += "late" in flags
        self.late_minutes += person.late_minutes
        self.early_count += "early_leave" in flags
        self.early_minutes += person.early_minutes
        self.late_from_break_count += "late_from_break" in flags
        self.late_from_break_minutes += person.late_from_break_minutes
        self.no_checkout += "no_checkout" in flags
        check = person.appearance
        for key in check.failed if check else ():
            self.appearance_failed[key] = self.appearance_failed.get(key, 0) + 1
        self.appearance_fines += check.fine if check else 0
        self.incident_fines += person.incident_fines
        self.fines_total += person.fines_total

    @property
    def leave_total(self) -> int:
        return sum(self.leave_days.values())

    def to_json(self) -> dict[str, Any]:
        """The month JSON's totals entry (the keys the month export always had)."""
        return {
            f.name: dict(value) if isinstance(value := getattr(self, f.name), dict) else value
            for f in fields(self)
        }


def month_totals(summaries: Iterable[DaySummary]) -> list[PersonMonth]:
    """Per person over the given days, in first-seen order."""
    totals: dict[str, PersonMonth] = {}
    for summary in summaries:
        for person in summary.people:
            total = totals.get(person.staff_id)
            if total is None:
                total = totals[person.staff_id] = PersonMonth(person.staff_id)
            total.add_day(person)
    return list(totals.values())
