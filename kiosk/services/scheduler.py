"""When the running kiosk closes and sends by itself; Textual-free, driven by the App.

The App calls `tick()` from a worker thread every few seconds. Most ticks do nothing and
cost nothing: the scheduler looks for due days every `check_every`, sends at start, right
after a close, when a lead's change asked for it (`request_send`, from any thread), and
every `sync_every` while anything is pending.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.errors import KioskError
from kiosk.services.clock_watch import ClockWatch
from kiosk.services.end_of_day import EndOfDay, EndOfDayService

SYNC_EVERY = timedelta(hours=1)
CHECK_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class SchedulerTick:
    closed: EndOfDay  # what was closed now (by the clock, or days missed while off)
    sent: EndOfDay | None  # the send made now, if one was due

    @property
    def did_anything(self) -> bool:
        return bool(self.closed.closes) or self.sent is not None


class EndOfDayScheduler:
    def __init__(
        self,
        end_of_day: EndOfDayService,
        clock: Clock,
        sync_every: timedelta = SYNC_EVERY,
        check_every: timedelta = CHECK_EVERY,
    ) -> None:
        self.end_of_day = end_of_day
        self.clock = clock
        self.sync_every = sync_every
        self.check_every = check_every
        self._send_requested = threading.Event()
        self._lock = threading.Lock()
        self.last_check: datetime | None = None
        self.last_send: datetime | None = None
        # A day the last check could not close (a damaged file): the home status line says
        # so, since the kiosk cannot close or send that day until IT repairs it.
        self.problem: KioskError | None = None
        # Set by kiosk.cli: while the wall clock has jumped, no day is closed by the clock
        # (a jump forward would close a day people are still working); `held` says so.
        self.watch: ClockWatch | None = None
        self.held = False
        # Set by kiosk.cli with `[backup] keep`: run after a tick closed days by itself (the
        # daily backup into the folder target, services/backup.py). Its failure is kept in
        # `backup_problem` and logged; it never stops a close or a send.
        self.after_close: Callable[[], object] | None = None
        self.backup_problem: KioskError | None = None

    def take_over_sending(self) -> None:
        """From now on a close or a lead's change asks this scheduler to send."""
        self.end_of_day.send_later = self.request_send

    def request_send(self) -> None:
        self._send_requested.set()

    def due(self) -> bool:
        """Cheap: is there anything for `tick` to do now?"""
        now = self.clock.now()
        return self._send_requested.is_set() or self._check_due(now)

    def _check_due(self, now: datetime) -> bool:
        """Every `check_every`, and at once when the wall clock went back past the last
        check (it was set right after a jump forward)."""
        last = self.last_check
        return last is None or now - last >= self.check_every or now < last

    def tick(self, close_days: bool = True) -> SchedulerTick | None:
        """Close what is due and send what should go now; None if another tick is running.
        `close_days` False: only send (a browser tab leaves closing to the kiosk). A day
        that cannot be closed is kept in `problem`; the others are closed and sent."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            now = self.clock.now()
            closed = EndOfDay()
            checking = self._check_due(now)
            if checking:
                self.last_check = now
            if checking and close_days:
                self.held = self.watch is not None and self.watch.read().jumped
            if checking and close_days and not self.held:
                closed = self.end_of_day.close_due(send=False)  # sent below, in this tick
                self.problem = closed.problems[0] if closed.problems else None
            sent = None
            if self._send_now(now, bool(closed.closes)):
                self._send_requested.clear()
                self.last_send = now
                sent = self.end_of_day.send()
            if closed.closes and self.after_close is not None:
                self._after_close()  # after the send: HR's file does not wait for it
            return SchedulerTick(closed, sent)
        finally:
            self._lock.release()

    def _after_close(self) -> None:
        assert self.after_close is not None
        try:
            self.after_close()
            self.backup_problem = None
        except KioskError as err:
            self.backup_problem = err
            logging.getLogger(__name__).warning("daily backup failed: %s", err)

    def _send_now(self, now: datetime, closed_now: bool) -> bool:
        """At start, right after a close, on request, and hourly while anything waits."""
        sync = self.end_of_day.sync
        if not sync.configured:
            self._send_requested.clear()
            return False
        if closed_now or self._send_requested.is_set() or self.last_send is None:
            return True
        if now - self.last_send < self.sync_every:
            return False
        return sync.has_pending()
