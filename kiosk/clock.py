"""The only reader of the time: the wall clock and a monotonic one beside it.

Everything else asks a `Clock` for the time, so tests inject a fixed clock and demos or
training sessions start the kiosk at a chosen moment (`KIOSK_FAKE_NOW`) that then runs forward
in real time.

`monotonic()` is a count of seconds that no one can set: comparing how far it moved with how
far the wall clock moved tells a wall-clock jump (a bad NTP step, a dead RTC battery, a
hand-set clock) from time that really passed (services/clock_watch.py).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from kiosk.parsing import typed_moment

FAKE_NOW_ENV = "KIOSK_FAKE_NOW"


class Clock(Protocol):
    tz: ZoneInfo

    def now(self) -> datetime:
        """The current local time, timezone-aware, in the kiosk's zone."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that only runs forward and that nobody sets."""
        ...


def _system_monotonic() -> float:
    """Seconds since boot, counting suspend where the system can (Linux CLOCK_BOOTTIME):
    a desk terminal that slept overnight has not had its wall clock jump. Elsewhere the
    plain monotonic clock."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            return time.clock_gettime(boottime)
        except OSError:  # pragma: no cover - a kernel without it
            pass
    return time.monotonic()


class SystemClock:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def monotonic(self) -> float:
        return _system_monotonic()


class RunningFakeClock:
    """Starts at a chosen local time and runs forward at real speed."""

    def __init__(self, start: datetime, tz: ZoneInfo) -> None:
        self.tz = tz
        self._start = start if start.tzinfo else start.replace(tzinfo=tz)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return (self._start + timedelta(seconds=time.monotonic() - self._t0)).astimezone(self.tz)

    def monotonic(self) -> float:
        return time.monotonic()

    def jump(self, at: datetime) -> None:
        """Set the wall clock to `at` as a person or a bad NTP step would: the monotonic
        clock does not follow, so the kiosk sees a jump (training, soak tests)."""
        at = at if at.tzinfo else at.replace(tzinfo=self.tz)
        self._start, self._t0 = at, time.monotonic()


class FixedClock:
    """Stands still until moved: for tests.

    `set()` and `advance()` mean "this much time passed": the monotonic reading moves by the
    same amount, so no jump is seen. `jump()` (or `set(at, jump=True)`) moves the wall clock
    only, as a wrongly set clock does."""

    def __init__(self, at: datetime, tz: ZoneInfo | None = None) -> None:
        self.tz = tz or at.tzinfo  # type: ignore[assignment]
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tz)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._at

    def monotonic(self) -> float:
        return self._mono

    def set(self, at: datetime, jump: bool = False) -> None:
        at = at if at.tzinfo else at.replace(tzinfo=self.tz)
        # A clock made naive and given its zone later (tests/ui/kiosk_ui.py) reads the same
        # local time in that zone.
        before = self._at if self._at.tzinfo else self._at.replace(tzinfo=at.tzinfo)
        if not jump:
            self._mono += (at - before).total_seconds()
        self._at = at

    def jump(self, at: datetime) -> None:
        """The wall clock alone moves to `at`; the monotonic clock stays where it is."""
        self.set(at, jump=True)

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self._at = self._at + step
        self._mono += step.total_seconds()


def clock_from_env(env: dict[str, str], tz: ZoneInfo) -> Clock:
    """`KIOSK_FAKE_NOW` set: a clock starting there; otherwise the system clock."""
    fake = env.get(FAKE_NOW_ENV, "").strip()
    if fake:
        return RunningFakeClock(typed_moment(fake, tz), tz)
    return SystemClock(tz)
