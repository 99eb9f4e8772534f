"""Shift templates and the concrete times of one shift on one attendance date.

A template is wall-clock times ("08:00"-"18:00"); a shift is that template placed on an
attendance date in the kiosk's time zone. Shifts whose end is not after their start cross
midnight and end on the next calendar day; the attendance date stays the start date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class ShiftTemplate:
    """One of the department's shift templates (A, B, C), with its own grace periods."""

    code: str
    label_zh: str
    label_en: str
    start: time
    end: time
    break_start: time | None = None
    break_end: time | None = None
    late_grace_minutes: int = 0
    early_grace_minutes: int = 0
    # False (the default of rules.md): a scan in the meal break records nothing and says
    # so; True: it is recorded as going to the break, the next scan as coming back.
    break_punches: bool = False

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Rules:
    """Department-wide timing rules; grace periods here are the defaults for templates."""

    late_grace_minutes: int = 0
    early_grace_minutes: int = 0
    checkin_opens_before_minutes: int = 60
    checkout_closes_after_minutes: int = 120
    duplicate_minutes: int = 2
    pin_max_attempts: int = 5
    pin_lockout_minutes: int = 5
    pin_attempts_per_minute: int = 30  # PIN checks a minute, all IDs together
    pin_attempts_per_session_minute: int = 10  # ... and from one browser tab


@dataclass(frozen=True)
class ShiftTimes:
    """A template placed on an attendance date: aware datetimes for start, end and meal break."""

    template: ShiftTemplate
    date: date
    start: datetime
    end: datetime
    break_start: datetime | None
    break_end: datetime | None

    def checkin_opens(self, rules: Rules) -> datetime:
        return self.start - timedelta(minutes=rules.checkin_opens_before_minutes)

    def checkout_closes(self, rules: Rules) -> datetime:
        return self.end + timedelta(minutes=rules.checkout_closes_after_minutes)

    def moment_of(self, clock_time: time) -> datetime:
        """A clock time on this attendance date, as a lead types it for a correction: on a
        shift that crosses midnight, a time before the start is the next morning."""
        moment = datetime.combine(self.date, clock_time, tzinfo=self.start.tzinfo)
        if self.template.crosses_midnight and clock_time < self.template.start:
            moment += timedelta(days=1)
        return moment

    def in_break(self, moment: datetime) -> bool:
        """True for a moment (read to the minute) inside the template's meal break."""
        if self.break_start is None or self.break_end is None:
            return False
        return self.break_start <= to_minute(moment) < self.break_end


def _at(day: date, clock_time: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=tz)


def place_shift(template: ShiftTemplate, day: date, tz: ZoneInfo) -> ShiftTimes:
    """Place a template on an attendance date; times before the start belong to the next day."""
    start = _at(day, template.start, tz)

    def after_start(clock_time: time) -> datetime:
        moment = _at(day, clock_time, tz)
        return moment if clock_time > template.start else moment + timedelta(days=1)

    end = after_start(template.end)
    brk_start = brk_end = None
    if template.break_start is not None and template.break_end is not None:
        brk_start = after_start(template.break_start)  # config keeps breaks inside the shift
        brk_end = after_start(template.break_end)
    return ShiftTimes(template, day, start, end, brk_start, brk_end)


def to_minute(moment: datetime) -> datetime:
    """Truncate to the minute, as the kiosk clock shows it: 08:00:59 reads as 08:00."""
    if not moment.second and not moment.microsecond:
        return moment  # already on the minute (shift times, typed corrections)
    return moment.replace(second=0, microsecond=0)


def minutes_between(earlier: datetime, later: datetime) -> int:
    """Whole minutes of real elapsed time from earlier to later (may be negative).

    Both are converted to UTC first: Python subtracts two datetimes that share a tzinfo as
    wall-clock times, which would be off by an hour across a DST change. Two datetimes
    with different tzinfo objects (a punch's fixed offset against a shift's zone) Python
    already subtracts in UTC, so those skip the conversions (the board does this 5,000
    times over).
    """
    if earlier.tzinfo is not later.tzinfo and None not in (earlier.tzinfo, later.tzinfo):
        return int((later - earlier).total_seconds() // 60)
    return int((later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds() // 60)


def late_minutes(shift: ShiftTimes, check_in: datetime) -> int:
    return max(0, minutes_between(shift.start, to_minute(check_in)))


def early_minutes(shift: ShiftTimes, check_out: datetime) -> int:
    return max(0, minutes_between(to_minute(check_out), shift.end))


def is_late(shift: ShiftTimes, check_in: datetime) -> bool:
    return late_minutes(shift, check_in) > shift.template.late_grace_minutes


def is_early_leave(shift: ShiftTimes, check_out: datetime) -> bool:
    return early_minutes(shift, check_out) > shift.template.early_grace_minutes


def worked_minutes(
    shift: ShiftTimes,
    check_in: datetime,
    check_out: datetime,
    break_out: datetime | None = None,
    break_in: datetime | None = None,
) -> int:
    """Time between the punches (to the minute) less the meal break.

    The break is the one really taken when it was punched (`break_out` .. `break_in`, or
    to the break's end when the person never scanned back), else the template's break
    where it overlaps the punches. Never negative: a clock stepped back between the punches
    yields 0, not a debt.
    """
    start, end = to_minute(check_in), to_minute(check_out)
    if end <= start:
        return 0
    total = minutes_between(start, end)
    if break_out is not None:
        # Never scanned back: counted as back at the break's end (flagged no_break_in), so
        # a forgotten scan does not wipe out the afternoon.
        back = (
            to_minute(break_in) if break_in else max(shift.break_end or end, to_minute(break_out))
        )
        gap_start, gap_end = to_minute(break_out), back
    elif shift.break_start is not None and shift.break_end is not None:
        gap_start, gap_end = shift.break_start, shift.break_end
    else:
        return total
    overlap_start, overlap_end = max(start, gap_start), min(end, gap_end)
    if overlap_end > overlap_start:
        total -= minutes_between(overlap_start, overlap_end)
    return max(0, total)


def net_minutes(template: ShiftTemplate) -> int:
    """Scheduled working minutes of a template (its length less the meal break)."""
    shift = place_shift(template, date(2000, 1, 3), ZoneInfo("UTC"))
    return worked_minutes(shift, shift.start, shift.end)
