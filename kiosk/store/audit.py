"""The audit trail on disk: `audit/YYYY-MM.json`, one file per month of changes.

Append-only and signed like the day files: each entry is chained to the one before it
(across months: a month's first entry follows the last of the month before) and carries
an HMAC with the records key, so an entry edited, deleted, inserted or moved shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from kiosk.domain.chain import seal
from kiosk.errors import StoreError
from kiosk.store.atomic import AtomicJSONStorage
from kiosk.store.datafile import DataFile, Tables, in_record_order

ENTRIES = "entries"
# Months whose parsed trail is kept (most recently used): this month, the last, and one a
# check reads. Every month read was kept before, so a kiosk running for years grew with
# its trail (is_empty and last_before read back through the months).
KEPT_MONTHS = 3


def check_entries(path: Path, data: Tables) -> None:
    """Refuse a trail file whose records are not entries (a hand edit, a bad restore)."""
    for doc_id, entry in data.get(ENTRIES, {}).items():
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) and entry[k] for k in ("id", "type", "at")
        ):
            raise StoreError("corrupt_record", path=str(path), detail=f"#{doc_id}: not an entry")


class AuditStore:
    def __init__(self, root: Path, key: Callable[[], bytes]) -> None:
        self.root = root
        self.key = key
        self._files: dict[str, DataFile] = {}  # most recently used last
        self._files_lock = threading.Lock()  # the scheduler's thread and the screens' workers

    def path_for(self, month: str) -> Path:
        return self.root / f"{month}.json"

    def file(self, month: str) -> DataFile:
        """The month's trail file, with what was last parsed of it (KEPT_MONTHS are kept;
        one let go is read again from disk when next asked)."""
        with self._files_lock:
            found = self._files.pop(month, None)
            if found is None:
                found = DataFile(self.path_for(month), validate=check_entries)
            self._files[month] = found
            while len(self._files) > KEPT_MONTHS:
                del self._files[next(iter(self._files))]
        return found

    def months(self) -> list[str]:
        """Every month with a trail file, oldest first."""
        return sorted(p.stem for p in self.root.glob("????-??.json"))

    def entries(self, month: str) -> list[dict[str, Any]]:
        """The month's entries in the order written (cached read)."""
        return self.file(month).rows(ENTRIES)

    def is_empty(self) -> bool:
        return not any(self.entries(month) for month in self.months())

    def last_before(self, month: str) -> dict[str, Any] | None:
        """The newest entry of the months before `month`: where its chain goes on from."""
        for earlier in reversed([m for m in self.months() if m < month]):
            found = self.entries(earlier)
            if found:
                return found[-1]
        return None

    def last(self) -> dict[str, Any] | None:
        """The newest entry of the whole trail."""
        for month in reversed(self.months()):
            found = self.entries(month)
            if found:
                return found[-1]
        return None

    def append(self, month: str, entry: dict[str, Any], sealed: bool = False) -> None:
        """Append `entry` to the month's file, chained after the trail's last entry and
        signed (inside its lock). `sealed`: the entry was sealed already (it is written to
        people.json first); StoreError if it no longer follows the trail's last entry."""
        data_file = self.file(month)
        with data_file.locked():
            data = data_file.load()
            earlier = in_record_order(data.get(ENTRIES, {}))
            previous = earlier[-1] if earlier else self.last_before(month)
            if not sealed:
                seal(entry, previous, self.key())
            elif entry.get("prev") != (previous or {}).get("mac", ""):
                raise StoreError("audit_out_of_order", path=str(data_file.path))
            db = TinyDB(data_file.path, storage=AtomicJSONStorage, preloaded=data)
            try:
                db.table(ENTRIES).insert(entry)
            finally:
                db.close()
