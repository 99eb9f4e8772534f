"""When the wall clock is not to be believed: a jump, and the punches made across it.

Pure rules (no clock read here): services/clock_watch.py takes the readings.

A jump is the wall clock moving more (or less) than real time between two readings, real
time being a monotonic clock nobody can set: a bad NTP step, a dead RTC battery, a clock set
by hand. Slow drift (NTP slewing, well under a second an hour) stays inside the tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

CLOCK_JUMPED = "clock_jumped"  # the event field and the day-record flag


@dataclass(frozen=True)
class ClockReading:
    """The wall clock and the monotonic clock read together."""

    wall: datetime
    monotonic: float


def wall_drift(earlier: ClockReading, later: ClockReading) -> float:
    """Seconds the wall clock moved beyond real time between two readings: positive when it
    jumped forward, negative when it went back, about 0 when nobody touched it."""
    wall = (later.wall - earlier.wall).total_seconds()
    return wall - (later.monotonic - earlier.monotonic)


def is_jump(drift_seconds: float, tolerance_seconds: float) -> bool:
    """Beyond the tolerance, either way."""
    return abs(drift_seconds) > tolerance_seconds


def server_skew(kiosk_now: datetime, server_now: datetime) -> float:
    """Seconds the kiosk's clock is ahead of the database server's (negative: behind)."""
    return (kiosk_now - server_now).total_seconds()


class _Stamped(Protocol):
    @property
    def at(self) -> datetime: ...

    @property
    def clock_jumped(self) -> bool: ...


P = TypeVar("P", bound=_Stamped)


def honest_punches(
    punches: Iterable[P], now: datetime | None = None, now_jumped: bool = False
) -> list[P]:
    """The punches a day is judged by. A punch made while the clock was wrong carries a time
    nobody can trust; it stays in the file (flagged, for the lead), but:

    - with an honest clock now, a jumped punch stamped after `now` never happened yet and
      is no check-in to check out from (a later honest scan starts the day afresh);
    - once the day has any honest punch, the jumped ones are set aside: the honest ones
      say when the person came and went.

    While the clock is still wrong (`now_jumped`), the jumped punches share one wrong
    timeline and are judged together, so a check-in and a check-out on it still pair."""
    punches = list(punches)
    if now_jumped:
        return punches
    if now is not None:
        punches = [p for p in punches if not (p.clock_jumped and p.at > now)]
    if any(not p.clock_jumped for p in punches):
        return [p for p in punches if not p.clock_jumped]
    return punches


def any_jumped(punches: Sequence[_Stamped]) -> bool:
    return any(p.clock_jumped for p in punches)
