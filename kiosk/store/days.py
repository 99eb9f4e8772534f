"""Per-day event files: `days/YYYY-MM/YYYY-MM-DD.json`, one per attendance date.

Partitioning by day keeps every write the same size on day 1 and in year 5 (TinyDB rewrites
the whole file on each insert). Events are append-only dicts with a UUID `id`; nothing is
edited in place, a correction is a new event naming the original.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from kiosk.domain.chain import seal
from kiosk.errors import StoreError
from kiosk.store.atomic import AtomicJSONStorage
from kiosk.store.datafile import DataFile, in_record_order

EVENTS = "events"


# Called with (first, last) before anything is written about those days; raises (a
# RefusedError) when they may not change (a signed-off month). Injected by the composition
# root, so the store knows no rule about which days are frozen.
DayGuard = Callable[[date, date], None]

ACTIONS = ("check_in", "check_out", "break_out", "break_in")
DAY_WIDE = ("day_closed",)  # events about the whole day: no staff_id


def check_events(path: Path, data: dict[str, dict[str, Any]]) -> None:
    """Refuse a day file whose records are not events the services can read.

    A hand-edited or half-restored file that is valid JSON but lacks an event's id, type,
    person or time must stop with a message naming the file, not a KeyError later on.
    """
    for doc_id, event in data.get(EVENTS, {}).items():
        problem = _event_problem(event)
        if problem:
            raise StoreError("corrupt_record", path=str(path), detail=f"#{doc_id}: {problem}")


def _event_problem(event: Any) -> str | None:
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
    """Fresh reads and appends for a set of days whose files are all locked.

    Each day file is parsed once per transaction; an append writes that parsed data back
    with the new event, so a punch costs one read and one write per file. (Reusing the
    process's cached parse, or keeping what was written as the cache, gave readers the
    writer's key order instead of the file's: a day export changed bytes, issue 15.)
    """

    def __init__(
        self,
        files: dict[date, DataFile],
        key: Callable[[], bytes] | None,
        guard: DayGuard | None = None,
    ) -> None:
        self._files = files
        self._key = key
        self._guard = guard
        self._data: dict[date, dict[str, dict[str, Any]]] = {}

    def _tables(self, day: date) -> dict[str, dict[str, Any]]:
        if day not in self._data:
            # A fresh parse under the lock, never the shared cached one: what is written
            # back must be what the file holds, in the order it holds it.
            self._data[day] = self._files[day].load()
        return self._data[day]

    def unchanged(self, day: date, stamp: tuple[int, int, int] | None) -> bool:
        """True when the day's file is still at `stamp` (DayStore.snapshot): nothing was
        written since the snapshot a result was computed from."""
        return self._files[day].stamp() == stamp

    def events(self, day: date) -> list[dict[str, Any]]:
        return in_record_order(self._tables(day).get(EVENTS, {}))

    def append(self, day: date, event: dict[str, Any]) -> None:
        """Append `event`, chained after the day's last event and signed (domain.chain).
        Every punch, correction, check, incident and close of a day passes here: so the
        day guard (a signed-off month) is asked here, once for all of them."""
        if self._guard is not None:
            self._guard(day, day)
        if self._key is not None:
            earlier = self.events(day)
            seal(event, earlier[-1] if earlier else None, self._key())
        db = TinyDB(self._files[day].path, storage=AtomicJSONStorage, preloaded=self._tables(day))
        try:
            db.table(EVENTS).insert(event)
        except BaseException:
            # TinyDB adds the event to the parsed data before writing it; if the write failed,
            # forget that data so nothing later in this transaction saves the phantom event.
            self._data.pop(day, None)
            raise
        finally:
            db.close()


class DayStore:
    def __init__(self, root: Path, key: Callable[[], bytes] | None = None) -> None:
        """`key`: the record key every appended event is signed with (read when first
        needed, so a folder without a site key can still be read)."""
        self.root = root
        self.key = key
        self.guard: DayGuard | None = None  # see DayGuard; set by Store.guard_days
        self._files: dict[date, DataFile] = {}

    def path_for(self, day: date) -> Path:
        """The day's file, `YYYY-MM/YYYY-MM-DD.json`. ValueError for a year that is not
        four digits: `%Y` writes year 26 as `26`, a file no close or export would find
        (the dates people give are checked before this, services/dates.py)."""
        if not 1000 <= day.year <= 9999:
            raise ValueError(f"no day file for the year {day.year}")
        return self.root / f"{day:%Y-%m}" / f"{day:%Y-%m-%d}.json"

    def file(self, day: date) -> DataFile:
        if day not in self._files:
            self._files[day] = DataFile(self.path_for(day), validate=check_events)
        return self._files[day]

    def events(self, day: date) -> list[dict[str, Any]]:
        """The day's events (cached read); StoreError if its file is damaged."""
        return self.file(day).rows(EVENTS)

    def snapshot(self, day: date) -> tuple[tuple[int, int, int] | None, list[dict[str, Any]]]:
        """The day's events with the stamp they were read at (cached read, no lock): for
        work computed outside the lock and written only if the day did not change
        (DayTransaction.unchanged)."""
        stamp, tables = self.file(day).snapshot()
        return stamp, in_record_order(tables.get(EVENTS, {}))

    def stamp(self, day: date) -> tuple[int, int, int] | None:
        """The day file's version (see DataFile.stamp); None when the day has no file."""
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
        with ExitStack() as stack:
            for day in wanted:
                stack.enter_context(self.file(day).locked())
            yield DayTransaction({day: self.file(day) for day in wanted}, self.key, self.guard)
