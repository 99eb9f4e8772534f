"""Deciding what a scan means: check-in, check-out, a meal break, or a refusal with a reason.

The decision needs, for the person, the shift the roster gives them on each candidate
attendance date (yesterday, for a shift that crossed midnight, today and tomorrow) and the
punches already made on it. It returns either a `PunchDecision` to record, carrying the
day's standing with that punch (the figures every face shows), or a `Refusal` whose reason
is one of the stable identifiers of the `kiosk punch --json` contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from kiosk.domain.day_status import Action, DayFacts, DayStanding, Punch, day_standing
from kiosk.domain.shifts import Rules, ShiftTimes, early_minutes, to_minute

__all__ = [
    "Action",
    "AttendanceDay",
    "Punch",
    "PunchDecision",
    "PunchVerdict",
    "Refusal",
    "choose_day",
    "correction_day",
    "decide_punch",
]

RefusalReason = Literal[
    "duplicate",
    "not_open_yet",
    "shift_over",
    "needs_confirmation",
    "already_checked_out",
    "meal_break",
]


@dataclass(frozen=True)
class AttendanceDay:
    """One person's shift on one attendance date and the punches made against it.

    `scheduled` is False when the person is on a rest day or on leave: they may still punch
    (against their default shift) and the day is flagged `unscheduled`.
    """

    shift: ShiftTimes
    scheduled: bool
    punches: Sequence[Punch] = field(default_factory=tuple)
    plan: Literal["shift", "rest", "leave"] | None = None

    @property
    def date(self) -> date:
        return self.shift.date

    @property
    def plan_kind(self) -> Literal["shift", "rest", "leave"]:
        return self.plan or ("shift" if self.scheduled else "rest")

    def last(self, action: Action) -> Punch | None:
        matching = [p for p in self.punches if p.action == action]
        return max(matching, key=lambda p: p.at) if matching else None

    def on_break(self) -> bool:
        """Gone to the meal break (a punched break) and not back yet."""
        out, back = self.last("break_out"), self.last("break_in")
        return out is not None and (back is None or back.at < out.at)

    def standing(self, rules: Rules, now: datetime, final: bool = False) -> DayStanding:
        """The day's standing from these punches (appearance and paperwork aside)."""
        facts = DayFacts.from_punches(self.shift, self.plan_kind, self.punches)
        return day_standing(facts, rules, now, final)


class PunchVerdict:
    """What a punch reports, read from the day's standing with it, the same for the
    decision and for the recorded result: a check-in speaks of lateness, a check-out of
    early leave and worked time, a return from the break of its lateness."""

    action: Action
    standing: DayStanding

    @property
    def late(self) -> bool:
        return self.standing.late

    @property
    def early(self) -> bool:
        return self.action == "check_out" and self.standing.early_leave

    @property
    def late_minutes(self) -> int:
        return self.standing.late_minutes

    @property
    def early_minutes(self) -> int:
        return self.standing.early_minutes if self.action == "check_out" else 0

    @property
    def worked_minutes(self) -> int | None:
        return self.standing.worked_minutes if self.action == "check_out" else None

    @property
    def late_from_break_minutes(self) -> int:
        return self.standing.late_from_break_minutes if self.action == "break_in" else 0


@dataclass(frozen=True)
class PunchDecision(PunchVerdict):
    action: Action
    day: AttendanceDay
    at: datetime
    standing: DayStanding  # the day with this punch: the figures every face shows

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
    """A day checked in before `now`, still waiting for its check-out, within its window."""
    check_in = day.last("check_in")
    return (
        check_in is not None
        and check_in.at <= now
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


def _has_ended(day: AttendanceDay, now: datetime) -> bool:
    return to_minute(now) >= day.shift.end


def choose_day(
    yesterday: AttendanceDay | None,
    today: AttendanceDay,
    now: datetime,
    rules: Rules,
    tomorrow: AttendanceDay | None = None,
) -> AttendanceDay:
    """Which attendance date a scan (or a lead's correction) at `now` belongs to.

    Overlapping windows go to the shift that is starting: when a person's open shift has
    ended and `now` is inside their next shift's check-in window, the scan is the next
    shift's check-in (the open shift keeps `no_checkout` for the lead to fix). Otherwise
    yesterday while its shift is still running for this person (a night shift after
    midnight): open for check-out after a check-in, or, when scheduled and not yet checked
    in, still open for a (late) check-in. Tomorrow when checked in before midnight for it,
    or when its check-in window has already opened today and today is not a running shift
    waiting for its check-out. Otherwise today: a check-out never pairs with another day's
    check-in.
    """
    if yesterday is not None:
        if _is_open_for_checkout(yesterday, now, rules):
            starting = _is_open_for_checkin(today, now, rules)
            return today if _has_ended(yesterday, now) and starting else yesterday
        if _is_open_for_checkin(yesterday, now, rules):
            return yesterday
    if tomorrow is not None and _is_open_for_checkout(tomorrow, now, rules):
        return tomorrow  # checked in before midnight for a shift starting after it
    if (
        tomorrow is not None
        and tomorrow.last("check_in") is None
        and to_minute(now) >= tomorrow.shift.checkin_opens(rules)
        and (not _is_open_for_checkout(today, now, rules) or _has_ended(today, now))
    ):
        return tomorrow
    return today


def correction_day(
    yesterday: AttendanceDay | None,
    today: AttendanceDay,
    at: datetime,
    rules: Rules,
    tomorrow: AttendanceDay | None = None,
) -> date:
    """The attendance date of a lead's correction at `at` given without a date: the day a
    scan at `at` would have gone to (`choose_day`), except that a correction landing on
    an untouched day outside its windows goes to yesterday if yesterday still waits for a
    check-out (a night shift's forgotten check-out, recorded late)."""
    chosen = choose_day(yesterday, today, at, rules, tomorrow)
    minute = to_minute(at)
    outside = not today.shift.checkin_opens(rules) <= minute <= today.shift.checkout_closes(rules)
    if (
        chosen is today
        and outside
        and not today.punches
        and yesterday is not None
        and yesterday.last("check_in") is not None
        and yesterday.last("check_out") is None
    ):
        return yesterday.date
    return chosen.date


def _decision(action: Action, day: AttendanceDay, now: datetime, rules: Rules) -> PunchDecision:
    """Record `action` at `now` on `day`, with the day's standing after it."""
    after = AttendanceDay(
        day.shift, day.scheduled, (*day.punches, Punch("new", action, now)), day.plan
    )
    return PunchDecision(action, day, now, after.standing(rules, now))


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
    end; an early leave needs confirmation), both -> already checked out. In the meal break
    a scan records nothing (`meal_break`) unless confirmed as an early check-out; a template
    with `break_punches` records going to the break and coming back instead.
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
        return _decision("check_in", day, now, rules)

    if check_out is not None:
        return Refusal("already_checked_out", day, now, last_punch=check_out)

    if minute > shift.checkout_closes(rules):
        return Refusal("shift_over", day, now)
    if day.scheduled and shift.template.break_punches:
        if day.on_break() and minute < shift.end:
            return _decision("break_in", day, now, rules)
        worked_before = shift.break_start is not None and check_in.at < shift.break_start
        if day.last("break_out") is None and shift.in_break(now) and worked_before:
            return _decision("break_out", day, now, rules)
    early = early_minutes(shift, now) if day.scheduled else 0
    flagged_early = early > shift.template.early_grace_minutes
    if day.scheduled and shift.in_break(now) and not confirmed:
        return Refusal("meal_break", day, now, early_minutes=early)
    if flagged_early and not confirmed:
        return Refusal("needs_confirmation", day, now, early_minutes=early)
    return _decision("check_out", day, now, rules)
