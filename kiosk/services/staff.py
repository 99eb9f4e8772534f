"""Staff records: add, import from CSV, list, PINs with lockout, badge revocation."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tinydb import Query, TinyDB

from kiosk.badges import STAFF_ID
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.shifts import WEEKDAYS
from kiosk.errors import RefusedError, UsageError
from kiosk.pins import hash_pin, normalise_pin, valid_pin, verify_pin
from kiosk.services.records import StaffMember
from kiosk.store.people import PIN_FAILURES, STAFF, PeopleStore, upsert

MAX_NAME = 40
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
# Unicode categories a name may not contain: control and invisible format characters, lone
# surrogates, line and paragraph separators (a tab or line break in a name breaks every table
# and export). Private-use characters stay allowed: some systems map rare name characters there.
_BAD_NAME_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _rest_day_aliases() -> dict[str, str]:
    """mon, monday, 周一, 星期一 ... -> mon; Sunday is also 周天 and 星期天."""
    aliases = {"周天": "sun", "星期天": "sun"}
    for day, full, zh in zip(WEEKDAYS, _WEEKDAY_NAMES, "一二三四五六日", strict=True):
        aliases |= {day: day, full: day, f"周{zh}": day, f"星期{zh}": day}
    return aliases


_REST_DAY_ALIASES = _rest_day_aliases()


def normalise_id(raw: str) -> str:
    """Staff IDs are upper-case so that they fit the QR alphanumeric set on badges.

    NFKC first, so that full-width "１００１" (a Chinese IME in full-width mode) is 1001.
    """
    return unicodedata.normalize("NFKC", raw).strip().upper()


def parse_rest_day(text: str) -> str | None:
    """`mon`..`sun` for mon, Monday, 周一, 星期一 (周日/周天/星期日/星期天 for sun); else None.

    Exact words only: "monkey" is not Monday.
    """
    return _REST_DAY_ALIASES.get(unicodedata.normalize("NFKC", text).strip().lower())


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in _BAD_NAME_CATEGORIES for ch in text)


def decode_text(data: bytes, source: str = "-") -> str:
    """A text file's contents: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030.

    Excel and WPS on Chinese Windows save "CSV (comma delimited)" in the ANSI code page
    (GBK, which GB18030 contains); bytes that are not UTF-8 are read as that. UsageError
    `bad_encoding` when neither fits.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif _broken_utf8(data):
        # UTF-8 with a stray byte: read as GB18030 it would turn every name into mojibake
        # and a re-import would store that over the right names. Refuse instead.
        encodings = ()
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError("bad_encoding", path=source)


def _broken_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 text with some invalid bytes (not a GBK file, whose bytes are
    mostly invalid as UTF-8)."""
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")  # CJK: 3-byte sequences
    return valid >= invalid


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
        if not STAFF_ID.fullmatch(sid):
            raise UsageError("bad_staff_id", staff_id=staff_id)
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise UsageError("bad_name", staff_id=sid)
        if has_control_characters(name):
            raise UsageError("name_control_characters", staff_id=sid)
        code = unicodedata.normalize("NFKC", shift).strip().upper()
        if code not in self.config.shifts:
            raise UsageError("unknown_shift", shift=shift, known=", ".join(self.config.shifts))
        day = parse_rest_day(rest_day)
        if day is None:
            raise UsageError("bad_rest_day", rest_day=rest_day)
        if pin is not None and not valid_pin(normalise_pin(pin)):
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
        pin = normalise_pin(pin) if pin is not None else None
        row = self.validate(staff_id, name, shift, rest_day, lead, pin)
        row["pin_hash"] = hash_pin(pin) if pin else None
        row["badge_version"] = 1

        def insert(db: TinyDB) -> None:
            if db.table(STAFF).contains(Query().id == row["id"]):
                raise UsageError("staff_exists", staff_id=row["id"])
            db.table(STAFF).insert(row)

        self.people.update(insert)
        return StaffMember.from_row(row)

    def import_csv(self, data: str | bytes) -> ImportResult:
        """Validate every row first; import all of them or none.

        `data` is the file's text, or its bytes (see `decode_text`). Headers may be English
        (id,name,shift,rest_day,lead,pin) or Chinese (工号,姓名,班次,休息日,负责人,密码), in any
        order. Every row is checked before anything is refused, so the error names the first
        bad line and how many more there are.
        """
        text = decode_text(data) if isinstance(data, bytes) else data
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
        try:
            header = next((r for r in reader if any(c.strip() for c in r)), [])
            columns = [_csv_column(h) for h in header]
            missing = [c for c in CSV_COLUMNS[:4] if c not in columns]
            if missing:
                raise UsageError("csv_missing_columns", columns=", ".join(missing))
            rows: list[tuple[dict[str, Any], str | None]] = []
            problems: list[tuple[int, UsageError]] = []
            seen: set[str] = set()
            stored = self.people.staff()
            line = reader.line_num + 1
            for values in reader:
                # The first physical line of the record (a quoted field may span lines).
                start, line = line, reader.line_num + 1
                record: dict[str, str] = {}
                for column, value in zip(columns, values, strict=False):
                    record.setdefault(column, value.strip())
                if not any(record.values()):
                    continue
                try:
                    rows.append(self._csv_row(record, stored, seen))
                except UsageError as err:
                    problems.append((start, err))
        except csv.Error as exc:
            raise UsageError("csv_unreadable", line=reader.line_num, reason=str(exc)) from exc
        if problems:
            raise _bad_rows(problems)
        hashed = [(row, hash_pin(pin) if pin else None) for row, pin in rows]

        def write(tables: dict[str, dict[str, Any]]) -> ImportResult:
            table = tables.setdefault(STAFF, {})
            key_of = {doc["id"]: key for key, doc in table.items()}
            next_key = max((int(k) for k in table), default=0) + 1
            added = updated = 0
            for row, pin_hash in hashed:
                key = key_of.get(row["id"])
                old = table[key] if key is not None else {}
                row["pin_hash"] = pin_hash or old.get("pin_hash")
                row["badge_version"] = old.get("badge_version", 1)
                if key is None:
                    key, next_key, added = str(next_key), next_key + 1, added + 1
                else:
                    updated += 1
                table[key] = row
            return ImportResult(added, updated)

        # One atomic write for the whole file: all rows or none, even on a full disk.
        return self.people.rewrite(write)

    def _csv_row(
        self, record: dict[str, str], stored: dict[str, Any], seen: set[str]
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
            row = self.validate(
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
        if member.pin_hash and _pin_matches(pin, member.pin_hash):
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


def _pin_matches(pin: str, stored: str) -> bool:
    """The PIN as typed, normalised ("１２３４" is 1234); a PIN stored before normalisation
    (hashed as typed, full-width digits and all) is tried as typed too."""
    normal = normalise_pin(pin)
    if verify_pin(normal, stored):
        return True
    return normal != pin and verify_pin(pin, stored)


def _csv_column(header: str) -> str:
    name = unicodedata.normalize("NFKC", header).strip().lower()
    return CSV_HEADER_ALIASES.get(name, name)


def _bad_rows(problems: list[tuple[int, UsageError]]) -> UsageError:
    """The first bad line with its problem, and how many more bad lines (named, up to 10)."""
    (line, problem), rest = problems[0], problems[1:]
    if not rest:
        return UsageError("csv_bad_row", line=line, problem=problem)
    lines = ", ".join(str(n) for n, _ in rest[:CSV_LIST_LINES])
    if len(rest) > CSV_LIST_LINES:
        lines += ", ..."
    return UsageError(
        "csv_bad_row",
        "error.csv_bad_rows",
        line=line,
        problem=problem,
        more=len(rest),
        lines=lines,
    )
