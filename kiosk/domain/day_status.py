"""One person's standing on one attendance date: status, flags and minutes.

This is the one place a figure is decided. Every face (the punch line, `punch --json`, the
result screen, the board, the close, the exports, the totals QR, the central report) reads
a `DayStanding` and never compares a time with a shift itself.

Statuses (exactly one per person): `present`, `absent`, `rest`, `leave`; while the day is
still running, a person not yet in before their shift has ended is `expected`. Someone who
comes in on a rest or leave day is `present`, flagged `unscheduled`, and gets no late or
early verdict: there was no shift to be late for.
Flags: `late`, `early_leave`, `late_from_break`, `no_break_in` (went to a punched meal
break and never scanned back: counted back at the break's end), `no_checkout`,
`appearance_unchecked`,
`unscheduled`, `leave_paperwork_pending`, and `clock_stepped_back` when the check-out is
stamped before the check-in (the wall clock was set back between them): worked time is then
0, never negative, and the lead must look at the day; `clock_jumped` when a punch of the
day was made while the wall clock had jumped (domain/clock_jump.py): once the day has an
honest punch the jumped ones are set aside, and the lead must look at the day.
Minutes are graced: `late_minutes` is the minutes past the start when the check-in is late
(more than the template's grace), else 0; likewise `early_minutes` and
`late_from_break_minutes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk.domain.clock_jump import honest_punches
from kiosk.domain.shifts import (
    Rules,
    ShiftTimes,
    early_minutes,
    late_minutes,
    minutes_between,
    to_minute,
    worked_minutes,
)

Action = Literal["check_in", "check_out", "break_out", "break_in"]
Plan = Literal["shift", "rest", "leave"]
Status = Literal["present", "absent", "rest", "leave", "expected"]
FLAG_ORDER = (
    "late",
    "early_leave",
    "late_from_break",
    "no_break_in",
    "no_checkout",
    "appearance_unchecked",
    "unscheduled",
    "leave_paperwork_pending",
    "clock_stepped_back",
    "clock_jumped",
)


@dataclass(frozen=True)
class Punch:
    """An effective punch (after corrections) on one attendance date."""

    id: str
    action: Action
    at: datetime
    clock_jumped: bool = False  # made while the wall clock had jumped (domain/clock_jump.py)


@dataclass(frozen=True)
class DayFacts:
    """What is known of one person on one attendance date (effective punches only).

    `shift` is the shift the roster gives the person that day (their default one on a rest
    or leave day): the lead's roster is the truth for the whole day, so a shift changed
    after the check-in judges that check-in too."""

    shift: ShiftTimes
    plan: Plan
    check_in: datetime | None = None
    check_out: datetime | None = None
    appearance_checked: bool = False
    leave_paperwork_pending: bool = False
    break_out: datetime | None = None
    break_in: datetime | None = None
    clock_jumped: bool = False  # a punch of the day was made across a wall-clock jump

    @classmethod
    def from_punches(
        cls,
        shift: ShiftTimes,
        plan: Plan,
        punches: Iterable[Punch],
        appearance_checked: bool = False,
        leave_paperwork_pending: bool = False,
    ) -> DayFacts:
        """The facts from a person's punches in effect: the latest of each action, from the
        honest punches when the day has any (domain/clock_jump.py)."""
        punches = list(punches)
        latest: dict[str, datetime] = {}
        for punch in sorted(honest_punches(punches), key=lambda p: p.at):
            latest[punch.action] = punch.at
        return cls(
            shift,
            plan,
            latest.get("check_in"),
            latest.get("check_out"),
            appearance_checked,
            leave_paperwork_pending,
            latest.get("break_out"),
            latest.get("break_in"),
            any(p.clock_jumped for p in punches),
        )


@dataclass(frozen=True)
class DayStanding:
    status: Status
    flags: tuple[str, ...]
    late_minutes: int
    early_minutes: int
    worked_minutes: int | None
    late_from_break_minutes: int = 0

    @property
    def late(self) -> bool:
        return "late" in self.flags

    @property
    def early_leave(self) -> bool:
        return "early_leave" in self.flags

    @property
    def unscheduled(self) -> bool:
        return "unscheduled" in self.flags


def day_standing(facts: DayFacts, rules: Rules, now: datetime, final: bool) -> DayStanding:
    """Status, flags and graced minutes at `now`; `final` is true when the day is closed.

    A missing check-out counts as `no_checkout` once the day is final or the check-out window
    has passed; a missing check-in is `absent` once the day is final or the shift has ended.
    """
    shift = facts.shift
    template = shift.template
    absent_if_not_in, no_checkout_if_not_out = standing_moment(shift, rules, now, final)
    flags: set[str] = set()
    if facts.leave_paperwork_pending:
        flags.add("leave_paperwork_pending")
    if facts.clock_jumped:
        flags.add("clock_jumped")

    if facts.check_in is None:
        if facts.plan == "rest":
            status: Status = "rest"
        elif facts.plan == "leave":
            status = "leave"
        elif absent_if_not_in:
            status = "absent"
        else:
            status = "expected"
        return DayStanding(status, _ordered(flags), 0, 0, None)

    scheduled = facts.plan == "shift"
    if not scheduled:
        flags.add("unscheduled")
    if not facts.appearance_checked:
        flags.add("appearance_unchecked")
    late = late_minutes(shift, facts.check_in) if scheduled else 0
    late = late if late > template.late_grace_minutes else 0
    if late:
        flags.add("late")
    back_late = _back_late(facts, shift) if scheduled else 0
    if back_late:
        flags.add("late_from_break")
    if facts.break_out is not None and facts.break_in is None and facts.check_out is not None:
        flags.add("no_break_in")
    if facts.check_out is None:
        if no_checkout_if_not_out:
            flags.add("no_checkout")
        return DayStanding("present", _ordered(flags), late, 0, None, back_late)

    early = early_minutes(shift, facts.check_out) if scheduled else 0
    early = early if early > template.early_grace_minutes else 0
    if early:
        flags.add("early_leave")
    if facts.check_out < facts.check_in:
        flags.add("clock_stepped_back")
    worked = worked_minutes(shift, facts.check_in, facts.check_out, facts.break_out, facts.break_in)
    return DayStanding("present", _ordered(flags), late, early, worked, back_late)


def standing_moment(
    shift: ShiftTimes, rules: Rules, now: datetime, final: bool
) -> tuple[bool, bool]:
    """All that `day_standing` reads of `now` and `final` for someone on `shift`: whether
    a missing check-in is an absence yet, and whether a missing check-out is `no_checkout`
    yet. Two readings with the same answer give everyone on that shift the same standing,
    so a row kept from the one is right at the other (services/row_cache.py), and a close
    after the shift's window reuses the board's rows."""
    if final:
        return True, True
    # Read the clock to the minute, as decide_punch does: a check-out at 20:00:59 is still
    # accepted when the window closes at 20:00, so it must not yet count as no_checkout.
    minute = to_minute(now)
    return minute >= shift.end, minute > shift.checkout_closes(rules)


def _back_late(facts: DayFacts, shift: ShiftTimes) -> int:
    """Minutes a punched return from the meal break came after the break's end (graced)."""
    if facts.break_in is None or facts.break_out is None or shift.break_end is None:
        return 0
    minutes = max(0, minutes_between(shift.break_end, to_minute(facts.break_in)))
    return minutes if minutes > shift.template.late_grace_minutes else 0


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(f for f in FLAG_ORDER if f in flags)
