"""Typed messages that workers post back to the screens.

Workers run in threads; they never touch widgets. They post one of these, and the screen
that started the worker turns it into a result screen, a dialog or an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

from kiosk.errors import KioskError
from kiosk.services.clock_watch import ClockStatus
from kiosk.services.records import StaffMember

if TYPE_CHECKING:  # types only: the home screen must not load the sync or the punch to start
    from kiosk.services.punch import PunchResult
    from kiosk.services.sync import SyncReport


class PunchRecorded(Message):
    """A punch is on disk; the result carries the day's plan and the rules' verdict."""

    def __init__(self, result: PunchResult) -> None:
        super().__init__()
        self.result = result


class PunchNeedsConfirmation(Message):
    """An early check-out (also one asked for in the meal break): the person must confirm
    before it is recorded."""

    def __init__(self, staff_id: str, error: KioskError) -> None:
        super().__init__()
        self.staff_id = staff_id
        self.error = error


class PinNeeded(Message):
    """A typed staff ID (not a badge): ask the person's PIN before punching."""

    def __init__(self, member: StaffMember) -> None:
        super().__init__()
        self.member = member


class ScanFailed(Message):
    """The scan was refused or could not be recorded; `error` says why, in catalog terms."""

    def __init__(self, error: KioskError) -> None:
        super().__init__()
        self.error = error


class StatusRead(Message):
    """The home screen's status line, read from the store in a worker."""

    def __init__(
        self,
        store_problem: KioskError | None,
        staff_count: int,
        closed_at: datetime | None,
        sync_state: SyncReport | None,
        clock: ClockStatus | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock  # services/clock_watch.py: a jump or a server clock far off
        self.store_problem = store_problem
        self.staff_count = staff_count
        self.closed_at = closed_at  # today's close, if today is closed
        self.sync_state = sync_state  # SyncService.status(); None when no target is set up
