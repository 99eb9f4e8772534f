"""Which plan wins for a person on a date: leave > that day's roster override > the week.

The roster service looks the pieces up (the person's default shift and weekly rest day, an
override set for the date, leave covering it); this decides between them, once, for every
face and for the central report. On rest or leave the person's shift is still given (the
override's, else their default), so that someone who comes in anyway can punch against it;
the day is then flagged `unscheduled`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from kiosk.domain.shifts import WEEKDAYS

REST = "rest"
PlanKind = Literal["shift", "rest", "leave"]
PlanSource = Literal["default", "override"]


@dataclass(frozen=True)
class PlanChoice:
    kind: PlanKind
    shift_code: str  # the template worked, or punched against on a rest or leave day
    source: PlanSource  # default (the weekly pattern) or override (set for that day)


def choose_plan(
    day: date,
    default_shift: str,
    rest_day: str,
    override: str | None = None,
    on_leave: bool = False,
) -> PlanChoice:
    """Leave beats a roster override, which beats the weekly pattern."""
    source: PlanSource = "override" if override is not None else "default"
    if override is not None:
        rest = override == REST
        code = default_shift if rest else override
    else:
        rest = WEEKDAYS[day.weekday()] == rest_day
        code = default_shift
    if on_leave:
        return PlanChoice("leave", code, source)
    return PlanChoice("rest" if rest else "shift", code, source)


def plan_weight(kind: str, source: str) -> tuple[int, int]:
    """How strongly a desk's plan for a person holds when desks disagree (the central
    report): leave, then an override, then the weekly pattern; a shift over a rest day."""
    tier = 2 if kind == "leave" else 1 if source == "override" else 0
    return tier, {"leave": 2, "shift": 1, "rest": 0}.get(kind, 1)


@dataclass(frozen=True)
class EarlierDefaults:
    """A person's default shift and weekly rest day as they were before `until`."""

    until: date
    shift: str
    rest_day: str


def defaults_on(
    day: date, shift: str, rest_day: str, earlier: tuple[EarlierDefaults, ...]
) -> tuple[str, str]:
    """The default shift and rest day in effect on `day`: a change made "from a date" does
    not rewrite the weeks before it."""
    for change in sorted(earlier, key=lambda c: c.until):
        if day < change.until:
            return change.shift, change.rest_day
    return shift, rest_day


def earlier_after_change(
    earlier: list[dict[str, str]], before: tuple[str, str], after: tuple[str, str], from_day: date
) -> list[dict[str, str]]:
    """The stored earlier defaults once (shift, rest day) goes from `before` to `after` on
    `from_day`: the weeks before that day keep `before`; a change already planned for a
    later day is overtaken by this one. Unchanged defaults keep the list as it is."""
    if before == after:
        return list(earlier)
    kept = [e for e in earlier if e["until"] < from_day.isoformat()]
    return [*kept, {"until": from_day.isoformat(), "shift": before[0], "rest_day": before[1]}]
