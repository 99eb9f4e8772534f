"""people.json: staff, per-day roster overrides, leave and PIN failures.

Small and read on every scan, so reads come from `DataFile`'s cache (re-parsed only when the
file changed on disk) and writes go through a locked transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB

from kiosk.store.datafile import DataFile

STAFF, ROSTER, LEAVE, PIN_FAILURES = "staff", "roster", "leave", "pin_failures"
T = TypeVar("T")


class PeopleStore:
    def __init__(self, path: Path) -> None:
        self.file = DataFile(path)

    @property
    def path(self) -> Path:
        return self.file.path

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.file.rows(table)

    def staff(self) -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in self.rows(STAFF)}

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        return [r for r in self.rows(table) if all(r.get(k) == v for k, v in match.items())]

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        with self.file.transaction() as db:
            yield db

    def update(self, change: Callable[[TinyDB], T]) -> T:
        """Run `change` against a fresh TinyDB inside the lock and return its result."""
        with self.transaction() as db:
            return change(db)


def upsert(db: TinyDB, table: str, row: dict[str, Any], **key: Any) -> None:
    """Insert `row`, or replace the rows that match `key` (one logical record per key)."""
    query = Query()
    condition = None
    for name, value in key.items():
        clause = query[name] == value
        condition = clause if condition is None else condition & clause
    assert condition is not None
    tbl = db.table(table)
    if tbl.contains(condition):
        tbl.update(row, condition)
    else:
        tbl.insert(row)
