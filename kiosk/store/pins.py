"""pins.json: the PIN failures and this minute's PIN checks, in a small file of their own.

Every PIN check writes these counters, inside a lock and before the slow hash is verified
(services/staff.py). Kept in people.json, a lead's sign-in at 5,000 staff rewrote the whole
staff file twice (1.4 MB, about 0.6 s) and made every reader of the staff list (the board,
the roster) parse it again (issue 15). Here they have their own file and their own lock.

Upgrade: a folder from before holds its rows in people.json. Reads take both (the stricter
row wins); the first write moves them here under both locks, people.json's first and then
this file's (the only order the kiosk ever takes the two in): pins.json is written before
the rows leave people.json, so a crash between the two writes leaves the rows in both, and
the next move merges them again.

A damaged pins.json is StoreError `pins_damaged`, never overwritten: no PIN is checked
(fail closed) until IT restores or removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from kiosk.errors import StoreError
from kiosk.store.atomic import dump_tables, write_atomic
from kiosk.store.datafile import DataFile, Tables, in_record_order
from kiosk.store.people import (
    PIN_ATTEMPTS,
    PIN_FAILURES,
    AfterWrite,
    PeopleStore,
    PeopleTables,
    pin_failure_problem,
)

PINS_FILE = "pins.json"
PIN_TABLES = (PIN_FAILURES, PIN_ATTEMPTS)
TYPED = "typed"  # the way in of a failure row from before badge and typed ID were kept apart
T = TypeVar("T")
Row = dict[str, Any]


def check_pins(path: Path, data: Tables) -> None:
    """StoreError `pins_damaged` for a row the PIN checks could misread."""
    for table, check in ((PIN_FAILURES, _failure_problem), (PIN_ATTEMPTS, _attempts_problem)):
        for doc_id, row in data.get(table, {}).items():
            problem = check(row) if isinstance(row, dict) else "not an object"
            if problem:
                raise StoreError(
                    "pins_damaged", path=str(path), detail=f"{table} #{doc_id}: {problem}"
                )


def _failure_problem(row: Row) -> str | None:
    if not isinstance(row.get("staff_id"), str) or not row["staff_id"]:
        return "missing staff_id"
    if row.get("means", TYPED) not in ("badge", TYPED):
        return "bad means"
    return pin_failure_problem(row)


def _attempts_problem(row: Row) -> str | None:
    count = row.get("count")
    if not isinstance(row.get("key"), str) or not isinstance(count, int) or isinstance(count, bool):
        return "bad count"
    try:
        datetime.fromisoformat(row["minute"])
    except (KeyError, TypeError, ValueError):
        return "bad minute"
    return None


class _PinFile(DataFile):
    """The file, with any damage said as `pins_damaged` (its own sentence: PINs refused)."""

    def load(self) -> Tables:
        try:
            return super().load()
        except StoreError as err:
            if err.code in ("corrupt_file", "corrupt_record"):
                raise StoreError("pins_damaged", path=str(self.path), detail=err.code) from err
            raise


class PinStore:
    def __init__(self, path: Path, people: PeopleStore) -> None:
        self.file = _PinFile(path, validate=check_pins)
        self.people = people  # where a folder from before keeps its rows

    @property
    def path(self) -> Path:
        return self.file.path

    def rows(self, table: str) -> list[Row]:
        """The table's rows, with those still in people.json merged in (read, not moved:
        a read never writes)."""
        own = self.file.rows(table)
        legacy = self.people.rows(table)
        return merge(table, own, legacy) if legacy else own

    def update(self, change: Callable[[PeopleTables], T]) -> T:
        """Run `change` on pins.json as it is now, inside its lock (rows still in
        people.json moved over first), and write it once; returns what `change` returns."""
        if any(self.people.rows(t) for t in PIN_TABLES):
            self.move_legacy()
        with self.file.transaction() as db:
            return change(PeopleTables(db))

    def clear(self, staff_id: str) -> None:
        """Forget one person's PIN failures (a right PIN, a new PIN)."""
        self.update(lambda tables: tables.remove(PIN_FAILURES, staff_id=staff_id))

    def move_legacy(self) -> None:
        """Move the PIN rows people.json still holds into pins.json (see the module
        docstring); nothing is written when another process has moved them meanwhile."""
        with self.people.file.locked():
            if not any(self.people.file.load().get(t) for t in PIN_TABLES):
                return
            self.people.rewrite(self._moved)

    def _moved(self, data: Tables, _after: AfterWrite) -> None:
        legacy = {t: in_record_order(data.pop(t, {})) for t in PIN_TABLES}
        with self.file.locked():
            own = self.file.load()
            for table in PIN_TABLES:
                rows = merge(table, in_record_order(own.get(table, {})), legacy[table])
                own[table] = {str(n): row for n, row in enumerate(rows, start=1)}
            check_pins(self.path, own)
            write_atomic(self.path, dump_tables(own))  # before people.json loses them


def merge(table: str, *sources: Iterable[Row]) -> list[Row]:
    """One row per key (a person and their way in; the minute's single count), the
    strictest where several name it: a later lock, else a higher count (a later minute,
    else a higher count, for the checks per minute)."""
    best: dict[tuple[str, ...], Row] = {}
    for rows in sources:
        for row in rows:
            key = (row.get("staff_id", ""), row.get("means", TYPED)) if table == PIN_FAILURES \
                else (str(row.get("key", "")),)  # fmt: skip
            kept = best.get(key)
            if kept is None or _strictness(table, row) > _strictness(table, kept):
                best[key] = dict(row)
    return list(best.values())


def _strictness(table: str, row: Row) -> tuple[float, int]:
    moment = row.get("locked_until") if table == PIN_FAILURES else row.get("minute")
    when = datetime.fromisoformat(moment).timestamp() if moment else float("-inf")
    return when, int(row.get("count", 0))
