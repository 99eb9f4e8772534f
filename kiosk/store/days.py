"""Per-day event files: `days/YYYY-MM/YYYY-MM-DD.json`, one per attendance date.

Partitioning by day keeps files small over the years; within a day, each event is one
appended line (store/day_file.py), so a punch costs the same at 100 staff and at 5,000.
Events are append-only dicts with a UUID `id`; nothing is edited in place, a correction is
a new event naming the original.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.domain.chain import seal_line
from kiosk.store.day_file import DayFile

# Called with (first, last) before anything is written about those days; raises (a
# RefusedError) when they may not change (a signed-off month). Injected by the composition
# root, so the store knows no rule about which days are frozen.
DayGuard = Callable[[date, date], None]

ACTIONS = ("check_in", "check_out", "break_out", "break_in")
DAY_WIDE = ("day_closed",)  # events about the whole day: no staff_id


# Day files whose parsed events are kept (a board, a close and the punches all read today;
# a month export reads each day once). Older ones are dropped, so a kiosk running for
# months, or an export of a year, holds a few days in memory, not all of them.
KEPT_DAYS = 8
# The days punches write to (a night shift's yesterday, today, tomorrow) are the last to be
# dropped: reading a month of closed days (the line under each result, an export) must not
# push out today's parse, which at 5,000 staff costs a second to make again.
WORKING_DAYS = 3


def event_problem(event: Any) -> str | None:
    """What makes a record unreadable as an event, or None. A hand-edited or half-restored
    file that is valid JSON but lacks an event's id, type, person or time must stop with a
    message naming the file (StoreError `corrupt_record`), not a KeyError later on."""
    if not isinstance(event, dict):
        return "not an object"
    keys = (
        ("id", "type", "date")
        if event.get("type") in DAY_WIDE
        else ("id", "type", "staff_id", "date")
    )
    for key in keys:
        if not isinstance(event.get(key), str) or not event[key]:
            return f"missing {key}"
    if event["type"] == "punch" and event.get("action") not in ACTIONS:
        return "punch without a known action"
    at = event.get("at")
    if at is not None or event["type"] == "punch":
        try:
            moment = datetime.fromisoformat(at)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return "bad time"
        if moment.tzinfo is None:
            return "time without UTC offset"
    return None


class DayTransaction:
    """Reads and appends for a set of days whose files are all locked."""

    def __init__(
        self,
        files: dict[date, DayFile],
        key: Callable[[], bytes] | None,
        guard: DayGuard | None = None,
    ) -> None:
        self._files = files
        self._key = key
        self._guard = guard

    def unchanged(self, day: date, stamp: tuple[int, int, int, int] | None) -> bool:
        """True when the day's file is still at `stamp` (DayStore.snapshot): nothing was
        written since the snapshot a result was computed from."""
        return self._files[day].stamp() == stamp

    def events(self, day: date) -> list[dict[str, Any]]:
        """The day's events as the file holds them now (read under its lock)."""
        return self._files[day].snapshot()[1]

    def person_events(self, day: date, staff_id: str) -> list[dict[str, Any]]:
        """One person's events of the day, in file order (read under its lock)."""
        return self._files[day].person_events(staff_id)

    def closes(self, day: date) -> list[dict[str, Any]]:
        """The day's closes, in file order (read under its lock)."""
        return self._files[day].closes()

    def append(self, day: date, event: dict[str, Any]) -> None:
        """Append `event`, chained after the day's last event and signed (domain.chain).
        Every punch, correction, check, incident and close of a day passes here: so the
        day guard (a signed-off month) is asked here, once for all of them."""
        if self._guard is not None:
            self._guard(day, day)
        last = self._files[day].last()  # also refuses a damaged file before anything is added
        if self._key is None:
            self._files[day].append(event)
        else:  # sealed and encoded once (the line is the event's as event_line writes it)
            self._files[day].append(event, seal_line(event, last, self._key()) + b"\n")


class DayStore:
    def __init__(self, root: Path, key: Callable[[], bytes] | None = None) -> None:
        """`key`: the record key every appended event is signed with (read when first
        needed, so a folder without a site key can still be read)."""
        self.root = root
        self.key = key
        self.guard: DayGuard | None = None  # see DayGuard; set by Store.guard_days
        self._files: dict[date, DayFile] = {}  # most recently used last
        self._working: dict[date, None] = {}  # days written or read ahead, newest last
        # Asked from the scheduler's thread and the screens' workers at once: two trimming
        # together could both pick the same oldest day and the second `del` fail.
        self._lock = threading.Lock()

    def path_for(self, day: date) -> Path:
        """The day's file, `YYYY-MM/YYYY-MM-DD.json`. ValueError for a year that is not
        four digits: `%Y` writes year 26 as `26`, a file no close or export would find
        (the dates people give are checked before this, services/dates.py)."""
        if not 1000 <= day.year <= 9999:
            raise ValueError(f"no day file for the year {day.year}")
        return self.root / f"{day:%Y-%m}" / f"{day:%Y-%m-%d}.json"

    def file(self, day: date) -> DayFile:
        """The day's file, with what was last parsed of it (KEPT_DAYS are kept)."""
        path = self.path_for(day)  # ValueError for a bad year, before anything is kept
        with self._lock:
            found = self._files.pop(day, None)
            if found is None:
                found = DayFile(path, event_problem)
            self._files[day] = found
            while len(self._files) > KEPT_DAYS:
                oldest = next((d for d in self._files if d not in self._working), None)
                del self._files[oldest if oldest is not None else next(iter(self._files))]
            return found

    def working(self, day: date) -> None:
        """Mark `day` as one punches write to (WORKING_DAYS are kept longest)."""
        with self._lock:
            self._working.pop(day, None)
            self._working[day] = None
            while len(self._working) > WORKING_DAYS:
                del self._working[next(iter(self._working))]

    def events(self, day: date) -> list[dict[str, Any]]:
        """The day's events (cached read); StoreError if its file is damaged."""
        return self.file(day).snapshot()[1]

    def person_events(self, day: date, staff_id: str) -> list[dict[str, Any]]:
        """One person's events of the day, in file order (cached read, no lock)."""
        return self.file(day).person_events(staff_id)

    def lines(self, day: date, events: list[dict[str, Any]], start: int = 0) -> list[bytes | None]:
        """Each of `events`' line as the day's file holds it, where it is the record read
        there; else None, as for the first `start` (DayFile.lines). Reads nothing: what
        was parsed last."""
        return self.file(day).lines(events, start)

    def closes(self, day: date) -> list[dict[str, Any]]:
        """The day's `day_closed` events, in file order (cached read, no lock)."""
        return self.file(day).closes()

    def snapshot(self, day: date) -> tuple[tuple[int, int, int, int] | None, list[dict[str, Any]]]:
        """The day's events with the stamp they were read at (cached read, no lock): for
        work computed outside the lock and written only if the day did not change
        (DayTransaction.unchanged)."""
        return self.file(day).snapshot()

    def stamp(self, day: date) -> tuple[int, int, int, int] | None:
        """The day file's version (see DayFile.stamp); None when the day has no file."""
        return self.file(day).stamp()

    def days(self) -> list[date]:
        """Every attendance date that has a file, oldest first."""
        found = []
        for path in self.root.glob("????-??/????-??-??.json"):
            try:
                found.append(date.fromisoformat(path.stem))
            except ValueError:
                continue
        return sorted(found)

    @contextmanager
    def transaction(self, days: Sequence[date]) -> Iterator[DayTransaction]:
        """Lock the given days' files (oldest first, so two writers never deadlock)."""
        wanted = sorted(set(days))
        for day in wanted:
            self.working(day)
        with ExitStack() as stack:
            files = {day: self.file(day) for day in wanted}
            for day in wanted:
                stack.enter_context(files[day].locked())
            yield DayTransaction(files, self.key, self.guard)
