"""Watching the wall clock for jumps, and the database server's clock for disagreement.

The running kiosk holds one `ClockWatch` (kiosk.cli builds it): the punch service asks it
whether a punch is made across a jump (the event is then flagged `clock_jumped`), the
scheduler whether it may close days by itself, the board and the home status line whether to
warn, and the sync whether the central database's clock agrees.

The watch keeps a trusted reading (wall + monotonic). Each reading inside the tolerance of it
becomes the new trusted one (so slow NTP drift never adds up to a jump); a reading outside it
is a jump, and stays one until the wall clock is back within the tolerance of the trusted
reading (IT fixed the time) or a lead confirms that the time shown now is right.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.clock import Clock
from kiosk.domain.clock_jump import ClockReading, is_jump, server_skew, wall_drift
from kiosk.i18n import Translator


def _warn(message: str, *args: Any) -> None:
    """A line in the kiosk's log; `logging` is imported only when there is one to write (a
    clock that keeps time, as nearly always: a CLI command never loads it)."""
    import logging

    logging.getLogger("kiosk").warning(message, *args)


@dataclass(frozen=True)
class ClockStatus:
    """What the kiosk knows of its clock now: every face reads this, none decides it."""

    tolerance_seconds: int
    jumped: bool = False
    drift_seconds: float = 0.0  # the wall clock's move beyond real time (+ ahead, - back)
    seen_at: datetime | None = None  # the wall time the jump was first seen at
    server_skew_seconds: float | None = None  # kiosk minus database server, last sync

    @property
    def server_off(self) -> bool:
        skew = self.server_skew_seconds
        return skew is not None and is_jump(skew, self.tolerance_seconds)

    @property
    def warning(self) -> bool:
        return self.jumped or self.server_off

    @property
    def drift_minutes(self) -> int:
        return round(abs(self.drift_seconds) / 60)

    @property
    def direction(self) -> str:
        return "forward" if self.drift_seconds > 0 else "back"

    def public(self) -> dict[str, Any]:
        return {
            "clock_jumped": self.jumped,
            "drift_seconds": round(self.drift_seconds),
            "seen_at": self.seen_at.isoformat(timespec="seconds") if self.seen_at else None,
            "server_skew_seconds": (
                None if self.server_skew_seconds is None else round(self.server_skew_seconds)
            ),
            "server_clock_off": self.server_off,
            "tolerance_seconds": self.tolerance_seconds,
        }


class ClockWatch:
    def __init__(self, clock: Clock, tolerance_seconds: int) -> None:
        self.clock = clock
        self.tolerance_seconds = tolerance_seconds
        self._lock = threading.Lock()  # the scheduler's worker and the screens both read
        self._trusted: ClockReading | None = None
        self._jump: tuple[float, datetime] | None = None  # drift, wall time first seen
        self._server_skew: float | None = None

    def _reading(self) -> ClockReading:
        return ClockReading(self.clock.now(), self.clock.monotonic())

    def read(self) -> ClockStatus:
        """Read both clocks now and say whether the wall clock has jumped."""
        with self._lock:
            reading = self._reading()
            if self._trusted is None or _naive(self._trusted) != _naive(reading):
                self._trusted = reading  # the first reading (or a test clock given its zone)
            drift = wall_drift(self._trusted, reading)
            if not is_jump(drift, self.tolerance_seconds):
                if self._jump is not None:
                    _warn("wall clock consistent again (%+.0f s from before)", drift)
                self._trusted, self._jump = reading, None
            elif self._jump is None:
                self._jump = (drift, reading.wall)
                _warn(
                    "wall clock jumped %+.0f s (now %s): punches flagged clock_jumped, "
                    "no automatic day close until a lead confirms or the time is fixed",
                    drift,
                    reading.wall.isoformat(timespec="seconds"),
                )
            else:
                self._jump = (drift, self._jump[1])
            return self._status()

    def confirm(self, by: str | None = None) -> ClockStatus:
        """A lead says the time shown now is right: it becomes the trusted time, and the
        kiosk closes days by itself again."""
        with self._lock:
            reading = self._reading()
            if self._jump is not None:
                _warn(
                    "wall clock %s confirmed by lead %s after a %+.0f s jump",
                    reading.wall.isoformat(timespec="seconds"),
                    by or "?",
                    self._jump[0],
                )
            self._trusted, self._jump = reading, None
            return self._status()

    def note_server_time(self, server_now: datetime) -> ClockStatus:
        """The database server's `now()`, read at sync time: kept, and logged when off."""
        with self._lock:
            skew = server_skew(self.clock.now(), server_now)
            self._server_skew = skew
            if is_jump(skew, self.tolerance_seconds):
                _warn("kiosk clock is %+.0f s off the central database server's", skew)
            return self._status()

    def _status(self) -> ClockStatus:
        drift, seen = self._jump if self._jump else (0.0, None)
        return ClockStatus(
            self.tolerance_seconds, self._jump is not None, drift, seen, self._server_skew
        )


def _naive(reading: ClockReading) -> bool:
    return reading.wall.tzinfo is None


def clock_warning(status: ClockStatus, tr: Translator) -> str | None:
    """The one sentence the board and the home status line show, or None when all is well
    (a word and a ⚠, never a colour alone)."""
    if status.jumped:
        seen = status.seen_at.strftime("%m-%d %H:%M") if status.seen_at else "?"
        return tr.t(
            f"clock.jumped.{status.direction}", duration=tr.minutes(status.drift_minutes), seen=seen
        )
    if status.server_off and status.server_skew_seconds is not None:
        return tr.t("clock.server_off", seconds=f"{status.server_skew_seconds:+.0f}")
    return None
