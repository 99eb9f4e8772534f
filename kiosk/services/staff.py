"""Staff records: add, import from CSV, list, PINs with lockout, badge revocation."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query, TinyDB

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.shifts import WEEKDAYS
from kiosk.errors import RefusedError, UsageError
from kiosk.pins import hash_pin, valid_pin, verify_pin
from kiosk.services.records import StaffMember
from kiosk.store.people import PIN_FAILURES, STAFF, PeopleStore, upsert

STAFF_ID = re.compile(r"^[0-9A-Z-]{1,16}$")
CSV_COLUMNS = ("id", "name", "shift", "rest_day", "lead", "pin")
_TRUE = {"1", "y", "yes", "true", "是", "x"}
_FALSE = {"", "0", "n", "no", "false", "否"}


def normalise_id(raw: str) -> str:
    """Staff IDs are upper-case so that they fit the QR alphanumeric set on badges."""
    return raw.strip().upper()


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int


class StaffService:
    def __init__(self, people: PeopleStore, config: Config, clock: Clock) -> None:
        self.people = people
        self.config = config
        self.clock = clock

    # -- reading -------------------------------------------------------------------------
    def all(self) -> list[StaffMember]:
        return sorted(
            (StaffMember.from_row(r) for r in self.people.rows(STAFF)), key=lambda s: s.id
        )

    def get(self, staff_id: str) -> StaffMember:
        row = self.people.staff().get(normalise_id(staff_id))
        if row is None:
            raise UsageError("unknown_staff", staff_id=staff_id.strip()[:32])
        return StaffMember.from_row(row)

    def lead(self, staff_id: str) -> StaffMember:
        member = self.get(staff_id)
        if not member.lead:
            raise UsageError("not_a_lead", staff_id=member.id, name=member.name)
        return member

    # -- writing -------------------------------------------------------------------------
    def validate(
        self,
        staff_id: str,
        name: str,
        shift: str,
        rest_day: str,
        lead: bool,
        pin: str | None,
        has_pin: bool = False,
    ) -> dict[str, Any]:
        """The row to store, or UsageError naming the first bad field.

        `has_pin`: the person already has a stored PIN (a re-import that leaves it blank).
        """
        sid = normalise_id(staff_id)
        if not STAFF_ID.match(sid):
            raise UsageError("bad_staff_id", staff_id=staff_id)
        name = name.strip()
        if not name or len(name) > 40:
            raise UsageError("bad_name", staff_id=sid)
        code = shift.strip().upper()
        if code not in self.config.shifts:
            raise UsageError("unknown_shift", shift=shift, known=", ".join(self.config.shifts))
        day = rest_day.strip().lower()[:3]
        if day not in WEEKDAYS:
            raise UsageError("bad_rest_day", rest_day=rest_day)
        if pin is not None and not valid_pin(pin):
            raise UsageError("bad_pin")
        if lead and pin is None and not has_pin:
            raise UsageError("lead_needs_pin", staff_id=sid)
        row: dict[str, Any] = {
            "id": sid,
            "name": name,
            "shift": code,
            "rest_day": day,
            "lead": lead,
        }
        return row

    def add(
        self, staff_id: str, name: str, shift: str, rest_day: str, lead: bool, pin: str | None
    ) -> StaffMember:
        row = self.validate(staff_id, name, shift, rest_day, lead, pin)
        row["pin_hash"] = hash_pin(pin) if pin else None
        row["badge_version"] = 1

        def insert(db: TinyDB) -> None:
            if db.table(STAFF).contains(Query().id == row["id"]):
                raise UsageError("staff_exists", staff_id=row["id"])
            db.table(STAFF).insert(row)

        self.people.update(insert)
        return StaffMember.from_row(row)

    def import_csv(self, text: str) -> ImportResult:
        """Validate every row first; import all of them or none (errors name the line)."""
        text = text.lstrip("\ufeff")
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in CSV_COLUMNS[:4] if c not in header]
        if missing:
            raise UsageError("csv_missing_columns", columns=", ".join(missing))
        rows: list[tuple[dict[str, Any], str | None]] = []
        seen: set[str] = set()
        stored = self.people.staff()
        for line, raw in enumerate(reader, start=2):
            record = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            if not any(record.values()):
                continue
            lead_text = record.get("lead", "").lower()
            if lead_text not in _TRUE | _FALSE:
                raise UsageError(
                    "csv_bad_row", line=line, problem=UsageError("csv_bad_lead", value=lead_text)
                )
            pin = record.get("pin") or None
            stored_pin = stored.get(normalise_id(record.get("id", "")), {}).get("pin_hash")
            try:
                row = self.validate(
                    record.get("id", ""),
                    record.get("name", ""),
                    record.get("shift", ""),
                    record.get("rest_day", ""),
                    lead_text in _TRUE,
                    pin,
                    has_pin=bool(stored_pin),
                )
            except UsageError as err:
                raise UsageError("csv_bad_row", line=line, problem=err) from err
            if row["id"] in seen:
                raise UsageError(
                    "csv_bad_row", line=line, problem=UsageError("staff_exists", staff_id=row["id"])
                )
            seen.add(row["id"])
            rows.append((row, pin))
        hashed = [(row, hash_pin(pin) if pin else None) for row, pin in rows]

        def write(db: TinyDB) -> ImportResult:
            table = db.table(STAFF)
            existing = {doc["id"]: doc for doc in table.all()}
            added = updated = 0
            for row, pin_hash in hashed:
                old = existing.get(row["id"])
                row["pin_hash"] = pin_hash or (old or {}).get("pin_hash")
                row["badge_version"] = (old or {}).get("badge_version", 1)
                if old is None:
                    added += 1
                else:
                    updated += 1
            for row, _ in hashed:
                upsert(db, STAFF, row, id=row["id"])
            return ImportResult(added, updated)

        return self.people.update(write)

    def revoke_badge(self, staff_id: str) -> StaffMember:
        """Bump the badge version: every badge printed before stops working."""
        member = self.get(staff_id)

        def bump(db: TinyDB) -> int:
            doc = db.table(STAFF).get(Query().id == member.id)
            version = int(doc.get("badge_version", 1)) + 1 if doc else 1  # type: ignore[union-attr]
            db.table(STAFF).update({"badge_version": version}, Query().id == member.id)
            return version

        self.people.update(bump)
        return self.get(member.id)

    # -- PINs ----------------------------------------------------------------------------
    def check_pin(self, staff_id: str, pin: str) -> StaffMember:
        """The member if the PIN is right; RefusedError `pin_locked` or `wrong_pin` if not.

        After `pin_max_attempts` wrong PINs in a row the ID is locked for
        `pin_lockout_minutes`; a right PIN clears the count.
        """
        member = self.get(staff_id)
        now = self.clock.now()
        rules = self.config.rules
        failures = {r["staff_id"]: r for r in self.people.rows(PIN_FAILURES)}
        record = failures.get(member.id, {})
        locked_until = record.get("locked_until")
        if locked_until and datetime.fromisoformat(locked_until) > now:
            raise RefusedError("pin_locked", staff_id=member.id, until=locked_until[11:16])
        if member.pin_hash and verify_pin(pin, member.pin_hash):
            if record:
                self.people.update(
                    lambda db: db.table(PIN_FAILURES).remove(Query().staff_id == member.id)
                )
            return member

        def count_failure(db: TinyDB) -> dict[str, Any]:
            table = db.table(PIN_FAILURES)
            current = table.get(Query().staff_id == member.id) or {}
            count = int(current.get("count", 0)) + 1  # type: ignore[union-attr]
            row: dict[str, Any] = {"staff_id": member.id, "count": count, "locked_until": None}
            if count >= rules.pin_max_attempts:
                until = now + timedelta(minutes=rules.pin_lockout_minutes)
                row = {"staff_id": member.id, "count": 0, "locked_until": until.isoformat()}
            upsert(db, PIN_FAILURES, row, staff_id=member.id)
            return row

        row = self.people.update(count_failure)
        if row["locked_until"]:
            raise RefusedError("pin_locked", staff_id=member.id, until=row["locked_until"][11:16])
        raise RefusedError(
            "wrong_pin", staff_id=member.id, remaining=rules.pin_max_attempts - row["count"]
        )
