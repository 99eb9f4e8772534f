"""Shared builders for the rules-engine unit tests: the shift templates of rules.md, a fixed
time zone and explicit datetimes. No wall clock is read anywhere in these tests."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from kiosk.domain.punch_rules import AttendanceDay, Punch
from kiosk.domain.shifts import Rules, ShiftTemplate, ShiftTimes, place_shift

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 27)  # a Friday
NEXT_DAY = date(2026, 11, 28)
RULES = Rules()

A = ShiftTemplate("A", "全天班", "Full day", time(8, 0), time(18, 0), time(12, 0), time(14, 0))
B = ShiftTemplate("B", "早班", "Early", time(8, 0), time(16, 0), time(11, 30), time(12, 0))
C = ShiftTemplate("C", "晚班", "Late", time(12, 0), time(20, 0), time(17, 30), time(18, 0))
N = ShiftTemplate("N", "夜班", "Night", time(22, 0), time(6, 0), time(2, 0), time(2, 30))
NO_BREAK = ShiftTemplate("X", "无休", "No break", time(8, 0), time(18, 0))


def at(hour: int, minute: int = 0, second: int = 0, day: date = DAY) -> datetime:
    """An aware local datetime in the kiosk's time zone."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=TZ)


def next_day(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return at(hour, minute, second, day=NEXT_DAY)


def shift(template: ShiftTemplate = A, day: date = DAY) -> ShiftTimes:
    return place_shift(template, day, TZ)


def check_in(moment: datetime, pid: str = "in") -> Punch:
    return Punch(pid, "check_in", moment)


def check_out(moment: datetime, pid: str = "out") -> Punch:
    return Punch(pid, "check_out", moment)


def attendance(
    template: ShiftTemplate = A,
    day: date = DAY,
    *punches: Punch,
    scheduled: bool = True,
) -> AttendanceDay:
    return AttendanceDay(shift(template, day), scheduled, tuple(punches))
