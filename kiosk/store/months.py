"""months.json: the month sign-offs, every approval and re-opening, oldest first.

Append-only and signed like the day files and the audit trail (kiosk.domain.chain): each
record is chained to the one before it and carries an HMAC with the records key, so a
record edited, deleted or slipped in shows (`problems`). Every append is one atomic write
under the file's lock. What the records mean is kiosk.domain.month_signoff's business.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kiosk.domain.chain import ChainProblem, seal, verify_chain
from kiosk.errors import StoreError
from kiosk.store.datafile import DataFile, Tables, in_record_order

MONTHS_FILE = "months.json"
RECORDS = "records"
T = TypeVar("T")


def check_records(path: Path, data: Tables) -> None:
    """Refuse a file whose records are not sign-offs (a hand edit, a bad restore)."""
    for doc_id, row in data.get(RECORDS, {}).items():
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) and row[k] for k in ("type", "month")
        ):
            raise StoreError("corrupt_record", path=str(path), detail=f"#{doc_id}: not a record")
        if not isinstance(row.get("revision"), int) or isinstance(row.get("revision"), bool):
            raise StoreError("corrupt_record", path=str(path), detail=f"#{doc_id}: bad revision")


class MonthStore:
    def __init__(self, path: Path, key: Callable[[], bytes]) -> None:
        self.file = DataFile(path, validate=check_records)
        self.key = key

    @property
    def path(self) -> Path:
        return self.file.path

    def records(self) -> list[dict[str, Any]]:
        """Every record in the order written (cached read: a stat when nothing changed)."""
        return self.file.rows(RECORDS)

    def problems(self) -> list[ChainProblem]:
        """Where the records are not as the kiosk wrote them (kiosk.domain.chain)."""
        return verify_chain(self.records(), self.key())

    def append_if(self, decide: Callable[[list[dict[str, Any]]], tuple[dict[str, Any], T]]) -> T:
        """Under the lock: `decide(records as they are now)` returns (record, result) or
        raises; the record is chained after the last one, signed, and written atomically."""

        def change(data: Tables) -> T:
            rows = data.setdefault(RECORDS, {})
            earlier = in_record_order(rows)
            record, result = decide([dict(r) for r in earlier])
            seal(record, earlier[-1] if earlier else None, self.key())
            next_id = max((int(k) for k in rows if k.isdigit()), default=0) + 1
            rows[str(next_id)] = record
            return result

        return self.file.rewrite(change)
