"""The only reader of the wall clock.

Everything else asks a `Clock` for the time, so tests inject a fixed clock and demos or
training sessions start the kiosk at a chosen moment (`KIOSK_FAKE_NOW`) that then runs forward
in real time.
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


class SystemClock:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)


class RunningFakeClock:
    """Starts at a chosen local time and runs forward at real speed."""

    def __init__(self, start: datetime, tz: ZoneInfo) -> None:
        self.tz = tz
        self._start = start if start.tzinfo else start.replace(tzinfo=tz)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return (self._start + timedelta(seconds=time.monotonic() - self._t0)).astimezone(self.tz)


class FixedClock:
    """Stands still until moved: for tests."""

    def __init__(self, at: datetime, tz: ZoneInfo | None = None) -> None:
        self.tz = tz or at.tzinfo  # type: ignore[assignment]
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tz)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tz)

    def advance(self, **delta: float) -> None:
        self._at = self._at + timedelta(**delta)


def clock_from_env(env: dict[str, str], tz: ZoneInfo) -> Clock:
    """`KIOSK_FAKE_NOW` set: a clock starting there; otherwise the system clock."""
    fake = env.get(FAKE_NOW_ENV, "").strip()
    if fake:
        return RunningFakeClock(typed_moment(fake, tz), tz)
    return SystemClock(tz)
