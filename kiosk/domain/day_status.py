"""One person's standing on one attendance date: status, flags and minutes.

Statuses (exactly one per scheduled person): `present`, `absent`, `rest`, `leave`; while the
day is still running, a person not yet in before their shift has ended is `expected`.
Flags: `late`, `early_leave`, `no_checkout`, `appearance_unchecked`, `unscheduled`,
`leave_paperwork_pending`, and `clock_stepped_back` when the check-out is stamped before the
check-in (the wall clock was set back between them, e.g. by an NTP correction): worked time
is then 0, never negative, and the lead must look at the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk.domain.shifts import (
    Rules,
    ShiftTimes,
    early_minutes,
    is_early_leave,
    is_late,
    late_minutes,
    to_minute,
    worked_minutes,
)

Plan = Literal["shift", "rest", "leave"]
Status = Literal["present", "absent", "rest", "leave", "expected"]
FLAG_ORDER = (
    "late",
    "early_leave",
    "no_checkout",
    "appearance_unchecked",
    "unscheduled",
    "leave_paperwork_pending",
    "clock_stepped_back",
)


@dataclass(frozen=True)
class DayFacts:
    """What is known of one person on one attendance date (effective punches only)."""

    shift: ShiftTimes
    plan: Plan
    check_in: datetime | None = None
    check_out: datetime | None = None
    appearance_checked: bool = False
    leave_paperwork_pending: bool = False


@dataclass(frozen=True)
class DayStanding:
    status: Status
    flags: tuple[str, ...]
    late_minutes: int
    early_minutes: int
    worked_minutes: int | None


def day_standing(facts: DayFacts, rules: Rules, now: datetime, final: bool) -> DayStanding:
    """Status and flags at `now`; `final` is true when the day is being closed.

    A missing check-out counts as `no_checkout` once the day is final or the check-out window
    has passed; a missing check-in is `absent` once the day is final or the shift has ended.
    """
    shift = facts.shift
    # Read the clock to the minute, as decide_punch does: a check-out at 20:00:59 is still
    # accepted when the window closes at 20:00, so it must not yet count as no_checkout.
    minute = to_minute(now)
    flags: set[str] = set()
    if facts.leave_paperwork_pending:
        flags.add("leave_paperwork_pending")

    if facts.check_in is None:
        if facts.plan == "rest":
            status: Status = "rest"
        elif facts.plan == "leave":
            status = "leave"
        elif final or minute >= shift.end:
            status = "absent"
        else:
            status = "expected"
        return DayStanding(status, _ordered(flags), 0, 0, None)

    if facts.plan != "shift":
        flags.add("unscheduled")
    if is_late(shift, facts.check_in):
        flags.add("late")
    if not facts.appearance_checked:
        flags.add("appearance_unchecked")
    late = late_minutes(shift, facts.check_in)
    if facts.check_out is None:
        if final or minute > shift.checkout_closes(rules):
            flags.add("no_checkout")
        return DayStanding("present", _ordered(flags), late, 0, None)

    if is_early_leave(shift, facts.check_out):
        flags.add("early_leave")
    if facts.check_out < facts.check_in:
        flags.add("clock_stepped_back")
    return DayStanding(
        "present",
        _ordered(flags),
        late,
        early_minutes(shift, facts.check_out),
        worked_minutes(shift, facts.check_in, facts.check_out),
    )


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(f for f in FLAG_ORDER if f in flags)
