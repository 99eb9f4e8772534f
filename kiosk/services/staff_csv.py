"""Importing staff from a spreadsheet: encodings, header names, checking every row.

Kept apart from `StaffService` because reading what Excel or WPS saved (a BOM, GB18030,
Chinese headers, a stray byte) is its own job; the service only stores the checked rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kiosk.domain.audit import STAFF_SAVED, staff_state
from kiosk.domain.plans import earlier_after_change
from kiosk.errors import UsageError
from kiosk.pins import hash_pin, normalise_pin
from kiosk.services.audit import InRewrite, state_of_tables
from kiosk.services.records import normalise_id
from kiosk.spreadsheet import is_xlsx, numbered_rows
from kiosk.store.people import STAFF, AfterWrite

if TYPE_CHECKING:
    from kiosk.services.staff import StaffService

CSV_COLUMNS = ("id", "name", "shift", "rest_day", "lead", "pin")
# Headers of a sheet kept in Chinese (工号,姓名,班次,休息日,负责人,密码) mean the same columns.
CSV_HEADER_ALIASES = {
    "工号": "id",
    "姓名": "name",
    "班次": "shift",
    "休息日": "rest_day",
    "负责人": "lead",
    "密码": "pin",
}
CSV_LIST_LINES = 10  # at most this many further bad lines are named in the message
_TRUE = {"1", "y", "yes", "true", "是", "x"}
_FALSE = {"", "0", "n", "no", "false", "否"}


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int


Progress = Callable[[int, int], None]  # (PINs hashed so far, PINs to hash)


def import_staff_csv(
    service: StaffService,
    data: str | bytes,
    by: str | None = None,
    source: str = "-",
    encoding: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row first; import all of them or none.

    `data` is the file's text, or its bytes: a CSV (see `decode_text`) or an .xlsx (its
    first sheet; a bad row is named by its Excel row number). Headers may be English
    (id,name,shift,rest_day,lead,pin) or Chinese (工号,姓名,班次,休息日,负责人,密码), in any
    order. Every row is checked before anything is refused, so the error names the first
    bad line and how many more there are. More rows than `[limits] import_max_rows` is
    refused before any row is checked: a staff list that long is the wrong file, and
    every punch after it would read it all. `progress` hears of each PIN hashed (scrypt:
    tens of milliseconds each).
    """
    numbered = numbered_rows(data, source, encoding=encoding)
    xlsx = isinstance(data, bytes) and is_xlsx(data)
    filled = [(n, values) for n, values in numbered if any(c.strip() for c in values)]
    limit = service.config.import_max_rows
    if len(filled) - 1 > limit:
        raise UsageError("import_too_many_rows", path=source, rows=len(filled) - 1, limit=limit)
    header = filled[0][1] if filled else []
    columns = [_csv_column(h) for h in header]
    missing = [c for c in CSV_COLUMNS[:4] if c not in columns]
    if missing:
        raise UsageError("csv_missing_columns", columns=", ".join(missing))
    rows: list[tuple[dict[str, Any], str | None]] = []
    problems: list[tuple[int, UsageError]] = []
    seen: set[str] = set()
    stored = service.people.staff()
    for line, values in filled[1:]:
        record: dict[str, str] = {}
        for column, value in zip(columns, values, strict=False):
            record.setdefault(column, value.strip())
        if not any(record.values()):
            continue
        try:
            rows.append(_csv_row(service, record, stored, seen))
        except UsageError as err:
            problems.append((line, err))
    if problems:
        raise _bad_rows(problems, "sheet" if xlsx else "csv")
    hashed = _hashed(rows, progress)

    today = service.clock.now().astimezone(service.config.timezone).date()

    def write(tables: dict[str, dict[str, Any]], after: AfterWrite) -> ImportResult:
        table = tables.setdefault(STAFF, {})
        key_of = {doc["id"]: key for key, doc in table.items()}
        next_key = max((int(k) for k in table), default=0) + 1
        added = updated = 0
        before = state_of_tables(tables)  # new dicts: the rows below change the tables
        saved, pins = [], []
        for row, pin_hash in hashed:
            key = key_of.get(row["id"])
            old = table[key] if key is not None else {}
            row["pin_hash"] = pin_hash or old.get("pin_hash")
            row["badge_version"] = old.get("badge_version", 1)
            _keep_history(row, old, today)
            if key is None:
                key, next_key, added = str(next_key), next_key + 1, added + 1
            else:
                updated += 1
            if staff_state(row) != (staff_state(old) if old else None):
                saved.append(staff_state(row))
            if pin_hash:
                pins.append(row["id"])
            table[key] = row
        if saved:  # a file that changes nothing adds nothing to the trail
            view = InRewrite(tables, before, after)
            service.audit.record(STAFF_SAVED, by, "", view, staff=saved, pin_changed=pins)
        return ImportResult(added, updated)

    # One atomic write for the whole file: all rows or none, even on a full disk.
    return service.people.rewrite(write)


def _hashed(
    rows: list[tuple[dict[str, Any], str | None]], progress: Progress | None
) -> list[tuple[dict[str, Any], str | None]]:
    """Each row with its PIN's hash (None for no PIN), telling `progress` as it goes."""
    total = sum(1 for _, pin in rows if pin)
    done = 0
    hashed: list[tuple[dict[str, Any], str | None]] = []
    for row, pin in rows:
        if pin:
            hashed.append((row, hash_pin(pin)))
            done += 1
            if progress is not None:
                progress(done, total)
        else:
            hashed.append((row, None))
    return hashed


def _keep_history(row: dict[str, Any], old: dict[str, Any], today: date) -> None:
    """A re-import keeps what the file does not carry: someone's first and last day, and
    the defaults of the weeks before; a new shift or rest day applies from today."""
    if old.get("left_on"):
        row["left_on"] = old["left_on"]
    if not old:  # HR's file carries no hire date: a new row has none (`staff add` does)
        return
    if old.get("starts_on"):
        row["starts_on"] = old["starts_on"]
    before, after = (old["shift"], old["rest_day"]), (row["shift"], row["rest_day"])
    earlier = earlier_after_change(old.get("earlier", []), before, after, today)
    if earlier:
        row["earlier"] = earlier


def _csv_row(
    service: StaffService, record: dict[str, str], stored: Mapping[str, Any], seen: set[str]
) -> tuple[dict[str, Any], str | None]:
    """One CSV record checked: the row to store and its (normalised) PIN."""
    before = stored.get(normalise_id(record.get("id", "")), {})
    lead_text = record.get("lead", "").lower()
    if lead_text not in _TRUE | _FALSE:
        raise UsageError("csv_bad_lead", value=lead_text)
    # A file without a lead column keeps each person's lead flag, as one without a pin
    # column keeps their PIN: leaving a column out never demotes or locks anyone out.
    lead = lead_text in _TRUE if "lead" in record else bool(before.get("lead", False))
    pin = normalise_pin(record.get("pin", "")) or None
    stored_pin = before.get("pin_hash")
    try:
        row = service.validate(
            record.get("id", ""),
            record.get("name", ""),
            record.get("shift", ""),
            record.get("rest_day", ""),
            lead,
            pin,
            has_pin=bool(stored_pin),
        )
    except UsageError as err:
        if err.code == "lead_needs_pin":  # not `--pin`: the file has a pin column
            raise UsageError("csv_lead_needs_pin", **err.params) from err
        raise
    if row["id"] in seen:
        raise UsageError("staff_exists", staff_id=row["id"])
    seen.add(row["id"])
    return row, pin


def _csv_column(header: str) -> str:
    name = unicodedata.normalize("NFKC", header).strip().lower()
    return CSV_HEADER_ALIASES.get(name, name)


def _bad_rows(problems: list[tuple[int, UsageError]], kind: str) -> UsageError:
    """The first bad line (a CSV's line, an .xlsx's row) with its problem, and how many
    more bad lines (named, up to 10). The code is `csv_bad_row` for either file."""
    (line, problem), rest = problems[0], problems[1:]
    if not rest:
        return UsageError("csv_bad_row", f"error.{kind}_bad_row", line=line, problem=problem)
    lines = ", ".join(str(n) for n, _ in rest[:CSV_LIST_LINES])
    if len(rest) > CSV_LIST_LINES:
        lines += ", ..."
    return UsageError(
        "csv_bad_row",
        f"error.{kind}_bad_rows",
        line=line,
        problem=problem,
        more=len(rest),
        lines=lines,
    )
