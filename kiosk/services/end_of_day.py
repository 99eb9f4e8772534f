"""The end of day, once: close a day, queue it, send it, and close it again after a change.

Every face goes through here: `kiosk day close`, the lead's end-of-day screen, the running
kiosk's automatic close (through the scheduler), and every change a lead makes to a day
(services/lead.py). So a change to a closed day behaves the same wherever it was made: the
day's next revision is stored, queued for every sync target and sent at once.

Sending is done in the caller's thread by default (the CLI waits for it, as a person at a
shell expects). The running kiosk hands sending to its scheduler instead (`send_later`),
so a lead's dialog never waits for a target that is down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from kiosk.errors import KioskError
from kiosk.services.day_close import DayClose, DayCloseService
from kiosk.services.sync import SyncReport, SyncService


@dataclass(frozen=True)
class EndOfDay:
    """What one end-of-day step did: the closes it stored and the send, if one ran now."""

    closes: tuple[DayClose, ...] = ()
    sync: SyncReport | None = None  # None: no targets, or the send was handed on
    sync_error: KioskError | None = None  # the run itself failed (another is running...)
    send_deferred: bool = False
    problems: tuple[KioskError, ...] = ()  # days that could not be closed (a damaged file)

    @property
    def changed(self) -> tuple[DayClose, ...]:
        return tuple(c for c in self.closes if c.changed)


class EndOfDayService:
    def __init__(self, day_close: DayCloseService, sync: SyncService) -> None:
        self.day_close = day_close
        self.sync = sync
        self.send_later: Callable[[], None] | None = None

    def close(self, day: date | None = None, by: str | None = None) -> EndOfDay:
        """Close `day` (default today), queue the close and send it."""
        closed = self.day_close.close(day, by=by)
        return self._queue_and_send([closed])

    def after_change(
        self, first: date, last: date | None = None, by: str | None = None
    ) -> EndOfDay:
        """After a change touching `first`..`last`: close again every day in the range that
        had been closed (not future days, not days never closed), queue and send what
        moved. Days without a file were never closed and are skipped without a read, and
        so are days before the first day of records, which cannot be closed."""
        last = last or first
        today = self.day_close.today()
        first = max(first, self.day_close.first_day() or first)
        found = [d for d in self.day_close.days.days() if first <= d <= min(last, today)]
        reclosed = [
            closed
            for d in found
            if self.day_close.was_closed(d) and (closed := self.day_close.close(d, by=by)).changed
        ]
        return self._queue_and_send(reclosed)

    def close_due(self, look_back_days: int = 31, send: bool = True) -> EndOfDay:
        """What the running kiosk closes by itself: today after `close_at`, and any recent
        day missed while it was off or re-opened since; queued, and sent unless `send` is
        False (the scheduler sends in the same tick). A day before the first day of records
        is not looked at. A day that cannot be closed (its file is damaged) is reported in
        `problems` and stops neither the others nor the send."""
        closed: list[DayClose] = []
        problems: list[KioskError] = []
        try:
            due = self.day_close.due_days(look_back_days)
        except KioskError as err:  # months.json damaged: no day's sign-off can be told
            return replace(self._queue_and_send([], send), problems=(err,))
        for day in due:
            try:
                if not self.day_close.is_closed(day):
                    closed.append(self.day_close.close(day))
            except KioskError as err:
                problems.append(err)
        done = self._queue_and_send(closed, send)
        return replace(done, problems=tuple(problems))

    def send(self) -> EndOfDay:
        """Send everything pending to every target now (the hourly retry, F3 on the lead's
        screen, `kiosk sync`)."""
        if not self.sync.configured:
            return EndOfDay()
        try:
            return EndOfDay(sync=self.sync.run())
        except KioskError as err:  # sync_busy (another process is sending), a damaged ledger
            return EndOfDay(sync_error=err)

    def _queue_and_send(self, closed: list[DayClose], send: bool = True) -> EndOfDay:
        if not closed or not self.sync.configured:
            return EndOfDay(tuple(closed))
        try:
            for close in closed:
                self.sync.enqueue(close)
        except KioskError as err:  # a damaged ledger: the close stands; the send is said
            return EndOfDay(tuple(closed), sync_error=err)
        if not send:
            return EndOfDay(tuple(closed))
        if self.send_later is not None:
            self.send_later()
            return EndOfDay(tuple(closed), send_deferred=True)
        sent = self.send()
        return EndOfDay(tuple(closed), sent.sync, sent.sync_error)
