"""The first day this kiosk kept records: no day before it is closed, or exported as closed.

A close judges everyone on the roster; on a day before the kiosk was set up nobody could
punch at it, so a close there would mark the whole staff absent. "Set up" is the day
`kiosk init` first ran on the data folder: its first run notes that day in setup.json
(Store.note_first_day), once, and nothing moves it afterwards. A punch or a correction
recorded later for an earlier day does not move it either.

A data folder set up before setup.json existed has it noted on the first run of this
version, as the earliest of the days the kiosk is known to have been running on it:

- its first day file: the kiosk kept records that day, so that day and the ones after it
  stay closable (a day file written before the folder signed its records included);
- the day of the audit trail's first entry: the staff list as it stood at the first change;
- chain.json's `signed_since`: the first day a kiosk that signs its records ran on the
  folder (for a folder made since, the day of `kiosk init` itself).

The earliest, because each of them is a day the kiosk was already in use: a later one would
refuse days the kiosk really kept. None of them (a folder without a site key, or a read-only
one) leaves no first day, and then no day is refused for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.store.site import Store


class FirstDay:
    def __init__(self, store: Store, trail_began: Callable[[], date | None]) -> None:
        """`trail_began`: the day of the audit trail's first entry (AuditTrail.began_on)."""
        self.store = store
        self.trail_began = trail_began

    def get(self) -> date | None:
        """The first day of records: as noted, else as the folder's records tell it."""
        noted = self.store.first_day()
        return noted if noted is not None else self.from_records()

    def from_records(self) -> date | None:
        """The earliest day the folder's own records show the kiosk in use (see above)."""
        days = self.store.days.days()
        found = [days[0] if days else None, self.trail_began(), self.store.signed_since()]
        return min((d for d in found if d is not None), default=None)

    def note(self) -> None:
        """Note the first day once (at `kiosk init`, or an older folder's first run of this
        version); after that it only reads setup.json."""
        if self.store.first_day() is None and (day := self.from_records()) is not None:
            self.store.note_first_day(day)
