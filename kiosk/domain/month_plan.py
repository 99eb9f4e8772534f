"""The month's plan: who works which shift or rests on each day, the head count per shift,
and each person's rest days against what the month owes them.

rules.md: one rotating rest day a week (`[roster] rest_days_per_week`), set by the lead, used
up within the month; what cannot be scheduled goes to the hospital leadership. The service
hands in each person's plan for every day (kiosk.domain.plans decided it: leave > the day's
override > the weekly pattern), for the whole Monday-Sunday weeks around the month; this
counts. Pure: no clock, no files.

A month's rest entitlement is round-half-up(days employed in the month x rest_days_per_week
/ 7): 4 for a 28-day month, 4 for 30 days (4.29), 4 for 31 days (4.43) at one a week; a
person hired on the 16th of a 30-day month is employed 15 days and is owed 2 (2.14). Leave
days count as employed and are not rest days: leave does not use up a rest day.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from kiosk.domain.names import name_order
from kiosk.domain.plans import PlanChoice

CellKind = Literal["shift", "rest", "leave", "off"]  # off: not on the staff that day
REST_MARK = "休"


@dataclass(frozen=True)
class DayEntry:
    """One person's plan on one day, as the service found it (None: not employed)."""

    choice: PlanChoice
    leave_type: str | None = None


@dataclass(frozen=True)
class PersonDays:
    """What the service hands in for one person: their plan on each day looked up."""

    staff_id: str
    name: str
    days: Mapping[date, DayEntry | None]


@dataclass(frozen=True)
class PlanCell:
    day: date
    kind: CellKind
    shift: str | None = None  # the shift worked (kind "shift")
    leave_type: str | None = None  # kind "leave"
    override: bool = False  # set for that day, not the weekly pattern

    @property
    def mark(self) -> str:
        """What a grid shows, language aside: A/B/C, 休, "" off; a leave's type id."""
        if self.kind == "shift":
            return self.shift or ""
        if self.kind == "rest":
            return REST_MARK
        if self.kind == "leave":
            return self.leave_type or ""
        return ""

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "shift": self.shift,
            "leave_type": self.leave_type,
            "override": self.override,
        }


@dataclass(frozen=True)
class PersonPlan:
    staff_id: str
    name: str
    cells: tuple[PlanCell, ...]  # one per day of the month
    days_employed: int
    rest_planned: int
    rest_entitled: int
    weeks_without_rest: tuple[date, ...]  # the Mondays of weeks short of rest
    rest_per_week: int = 1  # [roster] rest_days_per_week the row was counted with

    @property
    def rest_left(self) -> int:
        """Rest days the month still owes this person (none below zero)."""
        return max(0, self.rest_entitled - self.rest_planned)

    @property
    def rest_over(self) -> int:
        """Rest days planned beyond what the month can hold at the weekly rate: more than
        the exact share rounded up (a 30-day month holds 5 at one a week: five Sundays are
        the weekly pattern, not too many; a sixth is)."""
        return max(0, self.rest_planned - rest_ceiling(self.days_employed, self.rest_per_week))

    def to_json(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff_id,
            "name": self.name,
            "days_employed": self.days_employed,
            "rest_planned": self.rest_planned,
            "rest_entitled": self.rest_entitled,
            "rest_left": self.rest_left,
            "rest_over": self.rest_over,
            "weeks_without_rest": [d.isoformat() for d in self.weeks_without_rest],
            "cells": [c.to_json() for c in self.cells],
        }


@dataclass(frozen=True)
class ShiftCount:
    shift: str
    planned: int
    min_staff: int | None  # None: the template sets no minimum

    @property
    def short(self) -> bool:
        return self.min_staff is not None and self.planned < self.min_staff

    def to_json(self) -> dict[str, Any]:
        return {
            "shift": self.shift,
            "planned": self.planned,
            "min_staff": self.min_staff,
            "short": self.short,
        }


@dataclass(frozen=True)
class DayCoverage:
    day: date
    shifts: tuple[ShiftCount, ...]
    rest: int
    leave: int

    @property
    def short(self) -> bool:
        return any(s.short for s in self.shifts)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "short": self.short,
            "rest": self.rest,
            "leave": self.leave,
            "shifts": [s.to_json() for s in self.shifts],
        }


@dataclass(frozen=True)
class MonthPlan:
    month: str  # YYYY-MM
    days: tuple[date, ...]
    shift_codes: tuple[str, ...]
    rest_days_per_week: int
    people: tuple[PersonPlan, ...]  # pinyin order
    coverage: tuple[DayCoverage, ...]  # one per day

    @property
    def short_days(self) -> tuple[date, ...]:
        return tuple(c.day for c in self.coverage if c.short)

    @property
    def unscheduled(self) -> tuple[PersonPlan, ...]:
        """Who has rest days the month does not place: for the leadership's decision."""
        return tuple(p for p in self.people if p.rest_left > 0)

    def person(self, staff_id: str) -> PersonPlan | None:
        return next((p for p in self.people if p.staff_id == staff_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "days": [d.isoformat() for d in self.days],
            "shifts": list(self.shift_codes),
            "rest_days_per_week": self.rest_days_per_week,
            "people": [p.to_json() for p in self.people],
            "coverage": [c.to_json() for c in self.coverage],
            "short_days": [d.isoformat() for d in self.short_days],
            "rest_unscheduled": [
                {"staff_id": p.staff_id, "name": p.name, "days": p.rest_left}
                for p in self.unscheduled
            ],
        }


def month_days(year: int, month: int) -> tuple[date, ...]:
    last = calendar.monthrange(year, month)[1]
    return tuple(date(year, month, d) for d in range(1, last + 1))


def plan_span(year: int, month: int) -> tuple[date, date]:
    """The days whose plans a month needs: from the Monday of its first week to the Sunday
    of its last, so a week across the month's edge is judged whole."""
    days = month_days(year, month)
    first = days[0] - timedelta(days=days[0].weekday())
    last = days[-1] + timedelta(days=6 - days[-1].weekday())
    return first, last


def rest_entitlement(days_employed: int, rest_days_per_week: int) -> int:
    """round-half-up(days employed x rest days a week / 7)."""
    exact = Decimal(days_employed * rest_days_per_week) / Decimal(7)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rest_ceiling(days_employed: int, rest_days_per_week: int) -> int:
    """The most rest days a stretch of `days_employed` holds at the weekly rate: the exact
    share rounded up. Whichever weekday a person rests, a month has it floor or ceil of
    days / 7 times, so a weekly pattern is never "too many" and never short."""
    return -(-days_employed * rest_days_per_week // 7)


def rest_still_owed(rest_entitled: int, rest_taken: int) -> int:
    """The rest days the month still owes a person who has rested `rest_taken` days of it
    so far (the line under their punch): never below zero, a rest day taken beyond the
    entitlement is not owed back."""
    return max(0, rest_entitled - rest_taken)


def cell_of(day: date, entry: DayEntry | None) -> PlanCell:
    if entry is None:
        return PlanCell(day, "off")
    choice = entry.choice
    override = choice.source == "override"
    if choice.kind == "leave":
        return PlanCell(day, "leave", None, entry.leave_type, override)
    if choice.kind == "rest":
        return PlanCell(day, "rest", None, None, override)
    return PlanCell(day, "shift", choice.shift_code, None, override)


def weeks_short_of_rest(
    days: Mapping[date, DayEntry | None], first: date, last: date, rest_days_per_week: int
) -> tuple[date, ...]:
    """The Mondays of the weeks touching first..last in which the person was on the staff
    all seven days, had no leave, and rested fewer days than `rest_days_per_week` (with one
    a week: no rest day at all). A week they joined or left in, or took leave in, is not
    judged: there is no full week to judge."""
    if rest_days_per_week <= 0:
        return ()
    monday = first - timedelta(days=first.weekday())
    found = []
    while monday <= last:
        week = [days.get(monday + timedelta(days=i)) for i in range(7)]
        if all(e is not None for e in week):
            kinds = [e.choice.kind for e in week if e is not None]
            if "leave" not in kinds and kinds.count("rest") < rest_days_per_week:
                found.append(monday)
        monday += timedelta(days=7)
    return tuple(found)


def person_month(
    person: PersonDays, days: Sequence[date], rest_days_per_week: int
) -> PersonPlan | None:
    """The person's row, or None when they are not on the staff any day of the month."""
    cells = tuple(cell_of(d, person.days.get(d)) for d in days)
    employed = sum(1 for c in cells if c.kind != "off")
    if employed == 0:
        return None
    return PersonPlan(
        staff_id=person.staff_id,
        name=person.name,
        cells=cells,
        days_employed=employed,
        rest_planned=sum(1 for c in cells if c.kind == "rest"),
        rest_entitled=rest_entitlement(employed, rest_days_per_week),
        weeks_without_rest=weeks_short_of_rest(person.days, days[0], days[-1], rest_days_per_week),
        rest_per_week=rest_days_per_week,
    )


def build_month(
    year: int,
    month: int,
    people: Sequence[PersonDays],
    shift_codes: Sequence[str],
    min_staff: Mapping[str, int],
    rest_days_per_week: int,
) -> MonthPlan:
    """The month's plan from each person's plans (see the module's docstring for the
    entitlement); the people in pinyin order, then by ID."""
    days = month_days(year, month)
    rows = [row for p in people if (row := person_month(p, days, rest_days_per_week))]
    rows.sort(key=lambda r: (name_order(r.name), r.staff_id))
    coverage = tuple(_coverage(i, d, rows, shift_codes, min_staff) for i, d in enumerate(days))
    return MonthPlan(
        f"{year:04d}-{month:02d}",
        days,
        tuple(shift_codes),
        rest_days_per_week,
        tuple(rows),
        coverage,
    )


def _coverage(
    index: int,
    day: date,
    rows: Sequence[PersonPlan],
    shift_codes: Sequence[str],
    min_staff: Mapping[str, int],
) -> DayCoverage:
    counts = dict.fromkeys(shift_codes, 0)
    rest = leave = 0
    for row in rows:
        cell = row.cells[index]
        if cell.kind == "shift" and cell.shift is not None:
            counts[cell.shift] = counts.get(cell.shift, 0) + 1
        elif cell.kind == "rest":
            rest += 1
        elif cell.kind == "leave":
            leave += 1
    shifts = tuple(ShiftCount(code, n, min_staff.get(code)) for code, n in counts.items())
    return DayCoverage(day, shifts, rest, leave)
