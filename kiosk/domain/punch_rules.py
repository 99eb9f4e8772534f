"""Deciding what a scan means: check-in, check-out, or a refusal with a reason.

The decision needs, for the person, the shift they work on each candidate attendance date
(yesterday, for a shift that crossed midnight, and today) and the punches already made on it.
It returns either a `PunchDecision` to record or a `Refusal` whose reason is one of the
stable identifiers of the `kiosk punch --json` contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from kiosk.domain.shifts import (
    Rules,
    ShiftTimes,
    early_minutes,
    late_minutes,
    to_minute,
    worked_minutes,
)

Action = Literal["check_in", "check_out"]
RefusalReason = Literal[
    "duplicate", "not_open_yet", "shift_over", "needs_confirmation", "already_checked_out"
]


@dataclass(frozen=True)
class Punch:
    """An effective punch (after corrections) on one attendance date."""

    id: str
    action: Action
    at: datetime


@dataclass(frozen=True)
class AttendanceDay:
    """One person's shift on one attendance date and the punches made against it.

    `scheduled` is False when the person is on a rest day or on leave: they may still punch
    (against their default shift) and the day is flagged `unscheduled`.
    """

    shift: ShiftTimes
    scheduled: bool
    punches: Sequence[Punch] = field(default_factory=tuple)

    @property
    def date(self) -> date:
        return self.shift.date

    def last(self, action: Action) -> Punch | None:
        matching = [p for p in self.punches if p.action == action]
        return max(matching, key=lambda p: p.at) if matching else None


@dataclass(frozen=True)
class PunchDecision:
    action: Action
    day: AttendanceDay
    at: datetime
    late_minutes: int = 0
    early_minutes: int = 0
    worked_minutes: int | None = None

    @property
    def unscheduled(self) -> bool:
        return not self.day.scheduled


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    day: AttendanceDay
    at: datetime
    opens_at: datetime | None = None
    early_minutes: int = 0
    last_punch: Punch | None = None


def _elapsed(earlier: datetime, later: datetime) -> timedelta:
    """Real time between two aware datetimes (UTC-based, so a DST change cannot skew it)."""
    return later.astimezone(UTC) - earlier.astimezone(UTC)


def _last_punch(days: Sequence[AttendanceDay]) -> Punch | None:
    punches = [p for d in days for p in d.punches]
    return max(punches, key=lambda p: p.at) if punches else None


def _is_open_for_checkout(day: AttendanceDay, now: datetime, rules: Rules) -> bool:
    """A day still waiting for its check-out, and within its check-out window."""
    return (
        day.last("check_in") is not None
        and day.last("check_out") is None
        and to_minute(now) <= day.shift.checkout_closes(rules)
    )


def _is_open_for_checkin(day: AttendanceDay, now: datetime, rules: Rules) -> bool:
    """A scheduled day with no check-in whose check-in window is open at `now`.

    For yesterday this only happens on a shift that crosses midnight: someone arriving late
    for last night's shift after midnight checks in on the date the shift started.
    """
    minute = to_minute(now)
    return (
        day.scheduled
        and day.last("check_in") is None
        and day.shift.checkin_opens(rules) <= minute < day.shift.end
    )


def choose_day(
    yesterday: AttendanceDay | None,
    today: AttendanceDay,
    now: datetime,
    rules: Rules,
    tomorrow: AttendanceDay | None = None,
) -> AttendanceDay:
    """Which attendance date a scan at `now` belongs to.

    Yesterday only while its shift is still running for this person at `now` (a night shift
    after midnight): open for check-out after a check-in, or, when scheduled and not yet
    checked in, still open for a (late) check-in. Tomorrow only when its check-in window has
    already opened today (a shift starting just after midnight) and today is not waiting for
    a check-out. Otherwise today: a check-out never pairs with another day's check-in.
    """
    if yesterday is not None and (
        _is_open_for_checkout(yesterday, now, rules) or _is_open_for_checkin(yesterday, now, rules)
    ):
        return yesterday
    if tomorrow is not None and _is_open_for_checkout(tomorrow, now, rules):
        return tomorrow  # checked in before midnight for a shift starting after it
    if (
        tomorrow is not None
        and tomorrow.last("check_in") is None
        and to_minute(now) >= tomorrow.shift.checkin_opens(rules)
        and not _is_open_for_checkout(today, now, rules)
    ):
        return tomorrow
    return today


def decide_punch(
    yesterday: AttendanceDay | None,
    today: AttendanceDay,
    now: datetime,
    rules: Rules,
    confirmed: bool = False,
    tomorrow: AttendanceDay | None = None,
) -> PunchDecision | Refusal:
    """Apply the punch rules of design.md to a scan at `now`.

    Order: duplicate scan first (any punch within `duplicate_minutes`), then the state of the
    chosen day: no check-in -> check-in (window opens `checkin_opens_before` before the start
    and closes at the end), check-in only -> check-out (until `checkout_closes_after` after the
    end; before the end it needs confirmation), both -> already checked out.
    """
    days = [d for d in (yesterday, today, tomorrow) if d is not None]
    last = _last_punch(days)
    day = choose_day(yesterday, today, now, rules, tomorrow)
    if last is not None and timedelta(0) <= _elapsed(last.at, now) < timedelta(
        minutes=rules.duplicate_minutes
    ):
        return Refusal("duplicate", day, now, last_punch=last)

    shift = day.shift
    minute = to_minute(now)
    check_in = day.last("check_in")
    check_out = day.last("check_out")

    if check_in is None:
        if minute < shift.checkin_opens(rules):
            return Refusal("not_open_yet", day, now, opens_at=shift.checkin_opens(rules))
        if minute >= shift.end:
            return Refusal("shift_over", day, now)
        return PunchDecision("check_in", day, now, late_minutes=late_minutes(shift, now))

    if check_out is not None:
        return Refusal("already_checked_out", day, now, last_punch=check_out)

    if minute > shift.checkout_closes(rules):
        return Refusal("shift_over", day, now)
    early = early_minutes(shift, now)
    if early > 0 and not confirmed:
        return Refusal("needs_confirmation", day, now, early_minutes=early)
    return PunchDecision(
        "check_out",
        day,
        now,
        late_minutes=late_minutes(shift, check_in.at),
        early_minutes=early,
        worked_minutes=worked_minutes(shift, check_in.at, now),
    )
