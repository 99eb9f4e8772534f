"""people.json: staff, per-day roster overrides and leave (PIN failures: store/pins.py).

Small and read on every scan, so reads come from `DataFile`'s cache (re-parsed only when the
file changed on disk) and writes go through a locked transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query, TinyDB

from kiosk.errors import StoreError
from kiosk.store.datafile import DataFile, Tables, in_record_order

if TYPE_CHECKING:
    from kiosk.store.days import DayGuard

STAFF, ROSTER, LEAVE = "staff", "roster", "leave"
# PIN failures and the PIN checks this minute (all IDs together): pins.json's tables, which
# a folder from before keeps here until its first PIN check moves them (store/pins.py).
PIN_FAILURES, PIN_ATTEMPTS = "pin_failures", "pin_attempts"
AUDIT_HEAD = "audit_head"  # the audit trail's last entry these records include, signed
T = TypeVar("T")
AfterWrite = list[Callable[[], None]]

# Fields each record must carry, and their types; anything else is damage (a hand edit, a
# half-restored backup) and is reported with the file's name instead of a KeyError later.
_REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    STAFF: {"id": str, "name": str, "shift": str, "rest_day": str},
    ROSTER: {"staff_id": str, "date": str, "shift": str},
    LEAVE: {"id": str, "staff_id": str, "type": str, "from": str, "to": str},
    PIN_FAILURES: {"staff_id": str},
}
_OPTIONAL: dict[str, dict[str, type | tuple[type, ...]]] = {
    STAFF: {
        "lead": bool,
        "badge_version": int,
        "pin_hash": (str, type(None)),
        "left_on": (str, type(None)),
        "starts_on": (str, type(None)),
        "earlier": list,
    },
}


_DATES = {ROSTER: ("date",), LEAVE: ("from", "to")}
DAY_TABLES = (ROSTER, LEAVE)  # tables whose rows name days: a change to one changes them


def days_named(table: str, row: dict[str, Any]) -> tuple[date, date] | None:
    """The days a roster or leave row names (its date; its from..to), for the day guard."""
    try:
        if table == ROSTER:
            day = date.fromisoformat(row["date"])
            return day, day
        if table == LEAVE:
            return date.fromisoformat(row["from"]), date.fromisoformat(row["to"])
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _guard_rows(guard: DayGuard | None, table: str, rows: list[dict[str, Any]]) -> None:
    if guard is None or table not in DAY_TABLES:
        return
    for row in rows:
        span = days_named(table, row)
        if span is not None:
            guard(*span)


def _day_rows(data: Tables) -> dict[str, set[str]]:
    return {
        t: {json.dumps(r, sort_keys=True) for r in data.get(t, {}).values()} for t in DAY_TABLES
    }


def check_people(path: Path, data: Tables) -> None:
    for table, fields in _REQUIRED.items():
        for doc_id, row in data.get(table, {}).items():
            problem = _row_problem(row, fields, _OPTIONAL.get(table, {}))
            problem = problem or _date_problem(row, _DATES.get(table, ()))
            if table == PIN_FAILURES and not problem:
                problem = pin_failure_problem(row)
            if problem:
                detail = f"{table} #{doc_id}: {problem}"
                raise StoreError("corrupt_record", path=str(path), detail=detail)


def _date_problem(row: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        try:
            date.fromisoformat(row[key])
        except ValueError:
            return f"bad date {key}"
    return None


def pin_failure_problem(row: dict[str, Any]) -> str | None:
    count, until = row.get("count", 0), row.get("locked_until")
    if not isinstance(count, int) or isinstance(count, bool):
        return "bad count"
    if until is not None:
        try:
            datetime.fromisoformat(until)
        except (TypeError, ValueError):
            return "bad locked_until"
    return None


def _row_problem(
    row: Any,
    required: dict[str, type | tuple[type, ...]],
    optional: dict[str, type | tuple[type, ...]],
) -> str | None:
    if not isinstance(row, dict):
        return "not an object"
    for key, kind in required.items():
        if not isinstance(row.get(key), kind) or row[key] == "":
            return f"missing {key}"
    for key, kind in optional.items():
        value = row.get(key)
        if key in row and (
            not isinstance(value, kind)
            or (kind is int and value is not None and isinstance(value, bool))
        ):
            return f"bad {key}"
    return None


class PeopleStore:
    def __init__(self, path: Path) -> None:
        self.file = DataFile(path, validate=check_people)
        # Asked before a roster or leave row naming a day is written, and by the services
        # for a change "from a date" (see DayGuard); set by Store.guard_days.
        self.guard: DayGuard | None = None
        self._staff: tuple[Tables, Mapping[str, dict[str, Any]]] | None = None

    def require_open(self, first: date, last: date) -> None:
        """Raise (the guard's refusal) unless first..last may change."""
        if self.guard is not None and first <= last:
            self.guard(first, last)

    @property
    def path(self) -> Path:
        return self.file.path

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.file.rows(table)

    def tables(self, *names: str) -> dict[str, list[dict[str, Any]]]:
        """Several tables' rows (in record order) from ONE read of the file: consistent
        with each other, and one stat for a whole board instead of one per person."""
        tables = self.file.tables()
        return {name: in_record_order(tables.get(name, {})) for name in names}

    def read_mark(self) -> object:
        """The file's current read: the same object for as long as the file is unchanged
        (and another once it changes), so what is derived from it can be kept meanwhile.
        Asked before the rows it is kept with, so a mark is never newer than they are."""
        return self.file.tables()

    def staff(self) -> Mapping[str, dict[str, Any]]:
        """The staff by ID, read-only. Built once per read of the file: every punch looks
        its person up here, and at 5,000 staff building it cost a punch 0.7 ms."""
        tables = self.file.tables()
        kept = self._staff
        if kept is None or kept[0] is not tables:
            rows = in_record_order(tables.get(STAFF, {}))
            kept = (tables, MappingProxyType({row["id"]: row for row in rows}))
            self._staff = kept
        return kept[1]

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        return [r for r in self.rows(table) if all(r.get(k) == v for k, v in match.items())]

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        with self.file.transaction() as db:
            yield db

    def rewrite(self, change: Callable[[Tables, AfterWrite], T]) -> T:
        """Many records changed in one atomic write (see `DataFile.rewrite`); `change` may
        add actions to its second argument, run once the write is on disk, still inside
        the lock (the audit trail is appended there)."""
        after: AfterWrite = []

        def guarded(data: Tables) -> T:
            before = _day_rows(data) if self.guard is not None else {}
            result = change(data, after)
            if self.guard is not None:
                now = _day_rows(data)
                for table in DAY_TABLES:
                    moved = before[table] ^ now[table]
                    _guard_rows(self.guard, table, [json.loads(r) for r in sorted(moved)])
            return result

        with self.file.locked():
            result = self.file.rewrite(guarded)
            for action in after:
                action()
        return result

    def update(self, change: Callable[[PeopleTables], T]) -> T:
        """Run `change` on the file as it is now, inside the lock, and return its result:
        a check and its write cannot be split by another process. Actions `change` adds
        to `PeopleTables.after_write` run once the write is on disk, inside the lock."""
        with self.file.locked():
            with self.transaction() as db:
                tables = PeopleTables(db, self.guard)
                result = change(tables)
            for action in tables.after_write:
                action()
        return result


class PeopleTables:
    """The records of people.json inside a transaction, by table and field values; the
    services use this, so TinyDB stays an implementation detail of the store."""

    def __init__(self, db: TinyDB, guard: DayGuard | None = None) -> None:
        self._db = db
        self._guard = guard  # every roster or leave row written or removed is shown to it
        self.after_write: AfterWrite = []

    def all(self, table: str) -> list[dict[str, Any]]:
        return [dict(row) for row in self._db.table(table).all()]

    def get(self, table: str, **key: Any) -> dict[str, Any] | None:
        row = self._db.table(table).get(_matching(key))
        return dict(row) if row is not None else None  # type: ignore[arg-type]

    def contains(self, table: str, **key: Any) -> bool:
        return self._db.table(table).contains(_matching(key))

    def insert(self, table: str, row: dict[str, Any]) -> None:
        _guard_rows(self._guard, table, [row])
        self._db.table(table).insert(row)

    def _matched(self, table: str, key: dict[str, Any]) -> list[dict[str, Any]]:
        rows = self._db.table(table).search(_matching(key)) if key else self._db.table(table)
        return [dict(r) for r in rows]

    def update(self, table: str, fields: dict[str, Any], **key: Any) -> None:
        """Change `fields` of the rows matching `key` (every row without a key)."""
        if self._guard is not None and table in DAY_TABLES:
            matched = self._matched(table, key)
            _guard_rows(self._guard, table, matched + [r | fields for r in matched])
        if key:
            self._db.table(table).update(fields, _matching(key))
        else:
            self._db.table(table).update(fields)

    def remove(self, table: str, **key: Any) -> None:
        if self._guard is not None and table in DAY_TABLES:
            _guard_rows(self._guard, table, self._matched(table, key))
        self._db.table(table).remove(_matching(key))

    def upsert(self, table: str, row: dict[str, Any], **key: Any) -> None:
        """Insert `row`, or replace the rows that match `key` (one logical record per key)."""
        if self.contains(table, **key):
            self.update(table, row, **key)
        else:
            self.insert(table, row)


def _matching(key: dict[str, Any]) -> Any:
    query = Query()
    condition = None
    for name, value in key.items():
        clause = query[name] == value
        condition = clause if condition is None else condition & clause
    assert condition is not None, "a key is needed"
    return condition
