"""Per-day event files: `days/YYYY-MM/YYYY-MM-DD.json`, one per attendance date.

Partitioning by day keeps every write the same size on day 1 and in year 5 (TinyDB rewrites
the whole file on each insert). Events are append-only dicts with a UUID `id`; nothing is
edited in place, a correction is a new event naming the original.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from kiosk.store.atomic import AtomicJSONStorage, read_json
from kiosk.store.datafile import DataFile

EVENTS = "events"


class DayTransaction:
    """Fresh reads and appends for a set of days whose files are all locked."""

    def __init__(self, files: dict[date, DataFile]) -> None:
        self._files = files
        self._dbs: dict[date, TinyDB] = {}

    def events(self, day: date) -> list[dict[str, Any]]:
        data = read_json(self._files[day].path) or {}
        return list(data.get(EVENTS, {}).values())

    def append(self, day: date, event: dict[str, Any]) -> None:
        db = TinyDB(self._files[day].path, storage=AtomicJSONStorage)
        try:
            db.table(EVENTS).insert(event)
        finally:
            db.close()


class DayStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[date, DataFile] = {}

    def path_for(self, day: date) -> Path:
        return self.root / f"{day:%Y-%m}" / f"{day:%Y-%m-%d}.json"

    def file(self, day: date) -> DataFile:
        if day not in self._files:
            self._files[day] = DataFile(self.path_for(day))
        return self._files[day]

    def events(self, day: date) -> list[dict[str, Any]]:
        """The day's events (cached read); StoreError if its file is damaged."""
        return self.file(day).rows(EVENTS)

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
            yield DayTransaction({day: self.file(day) for day in wanted})
