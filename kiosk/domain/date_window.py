"""The dates a person or a script may give: one window around today, for every face.

A typo (`0026-12-01`, `2099-12-31`) must not become a record no close, export or sync ever
reads. The window runs from a configured number of days back (default 62: last month's
paper sign-ins, entered before its sign-off, even from before the kiosk was set up), or
with 0 from the kiosk's first day of records, to a configured number of days ahead of
today (default one: a night shift's morning). Pure: today and the first day are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

EARLIEST = date(2000, 1, 1)  # with no first day known and no days back configured


@dataclass(frozen=True)
class DateWindow:
    first: date
    last: date

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last

    def overlaps(self, first: date, last: date) -> bool:
        """True when some day of first..last (a month) is in the window."""
        return first <= self.last and last >= self.first


def date_window(today: date, first_day: date | None, days_back: int, days_ahead: int) -> DateWindow:
    """`days_back` 0 means back to `first_day` (EARLIEST when there is none); otherwise
    that many days back."""
    first = today - timedelta(days=days_back) if days_back else first_day or EARLIEST
    return DateWindow(min(first, today), today + timedelta(days=days_ahead))


def moment_agrees(day: date, moment_day: date) -> bool:
    """A time given with a working day (`--date D --at T`) is on that day, or the next
    morning (a shift that crosses midnight belongs to the day it starts)."""
    return 0 <= (moment_day - day).days <= 1
