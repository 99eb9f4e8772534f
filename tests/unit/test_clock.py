"""The clocks' two readings agree unless a test (or a person) jumps the wall clock alone,
and the jump rule reads them (kiosk/clock.py, kiosk/domain/clock_jump.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.clock import FixedClock, RunningFakeClock, SystemClock
from kiosk.domain.clock_jump import ClockReading, honest_punches, is_jump, wall_drift
from kiosk.domain.day_status import Punch

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 27, 11, 51, tzinfo=TZ)


def reading(clock: FixedClock | RunningFakeClock | SystemClock) -> ClockReading:
    return ClockReading(clock.now(), clock.monotonic())


def test_set_and_advance_move_both_readings_and_jump_moves_the_wall_only() -> None:
    clock = FixedClock(START)
    first = reading(clock)
    clock.advance(minutes=5)
    clock.set(START + timedelta(hours=2))
    assert wall_drift(first, reading(clock)) == 0
    clock.jump(START + timedelta(days=1, hours=2))
    assert wall_drift(first, reading(clock)) == 86400
    clock.set(START, jump=True)  # set back by hand
    assert wall_drift(first, reading(clock)) == -7200


def test_the_system_and_the_running_fake_clock_agree_with_their_monotonic_clock() -> None:
    for clock in (SystemClock(TZ), RunningFakeClock(START, TZ)):
        first = reading(clock)
        assert not is_jump(wall_drift(first, reading(clock)), 1)
    fake = RunningFakeClock(START, TZ)
    first = reading(fake)
    fake.jump(START + timedelta(days=1))
    assert is_jump(wall_drift(first, reading(fake)), 120)


def test_a_jump_is_beyond_the_tolerance_either_way() -> None:
    assert not is_jump(120, 120) and not is_jump(-120, 120)
    assert is_jump(121, 120) and is_jump(-121, 120)


def punch(pid: str, hhmm: str, jumped: bool = False, day: int = 28) -> Punch:
    at = datetime(2026, 11, day, *map(int, hhmm.split(":")), tzinfo=TZ)
    return Punch(pid, "check_in", at, jumped)


def test_honest_punches_set_jumped_ones_aside() -> None:
    jumped = punch("j", "11:51", jumped=True)
    real_morning = datetime(2026, 11, 28, 7, 55, tzinfo=TZ)
    assert honest_punches([jumped], real_morning) == []  # stamped after now: not yet
    assert honest_punches([jumped], real_morning, now_jumped=True) == [jumped]
    honest = punch("h", "07:55")
    assert honest_punches([jumped, honest]) == [honest]
    assert honest_punches([jumped]) == [jumped]  # the only record of the day: kept
