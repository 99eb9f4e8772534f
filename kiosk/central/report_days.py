"""The central report's checked dates, kept in the database between reports (issue 15).

Checking a month of 20 desks means hashing every event, following every chain and judging
every close again: minutes. Once a date is checked, its merged figures, its findings and its
unclosed desks are kept in `report_days` with the count of changes (schema migration 5's
trigger, by date and kiosk, summed) they were made from. The next report takes a date as it
was kept only while that count is unchanged and the date was judged with the same software
and the same local shift times and rules (`made_with`). Each desk's part of a date
(central/desk_check.py) is kept too, in `report_desks` with that desk's count (migration
6): a date where one desk changed checks that desk again and merges it with the others'
kept parts. Anything else, or a login that may not read or write the tables (a desk's),
checks the date again as before. The counts are read in the same snapshot as the events
and closes, so a desk's upload committed while a report runs makes the date's kept
figures stale, never wrong.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.central.desk_check import DeskCheck, desk_from_text, desk_text
from kiosk.central.integrity import CentralProblem
from kiosk.domain.summary import AppearanceRecord, DaySummary, PersonDay

if TYPE_CHECKING:
    import psycopg

    from kiosk.config import Config

# Raised when what a kept date holds, or how it is judged, changes shape.
KEPT_FORMAT = 1

_CHANGES = "SELECT kiosk_id, sum(changes) FROM day_changes WHERE attendance_date = %s GROUP BY 1"
# The summary is not read where its CSV rows in the asked-for words are (csv_words).
_KEPT = (
    "SELECT CASE WHEN csv_words = %(words)s AND csv IS NOT NULL THEN NULL ELSE summary END,"
    " summary IS NOT NULL, problems, unclosed,"
    " CASE WHEN csv_words = %(words)s THEN csv END FROM report_days"
    " WHERE attendance_date = %(day)s AND changes = %(changes)s AND made_with = %(made_with)s"
)
_KEEP = """
    INSERT INTO report_days (attendance_date, changes, made_with, summary, problems, unclosed,
        csv_words, csv)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (attendance_date) DO UPDATE SET changes = EXCLUDED.changes,
        made_with = EXCLUDED.made_with, summary = EXCLUDED.summary,
        problems = EXCLUDED.problems, unclosed = EXCLUDED.unclosed,
        csv_words = EXCLUDED.csv_words, csv = EXCLUDED.csv, checked_at = now()
"""
_KEEP_CSV = (
    "UPDATE report_days SET csv_words = %s, csv = %s"
    " WHERE attendance_date = %s AND changes = %s AND made_with = %s"
)
_KEPT_DESKS = (
    "SELECT kiosk_id, changes, checked FROM report_desks "
    "WHERE attendance_date = %s AND made_with = %s"
)
_KEEP_DESK = """
    INSERT INTO report_desks (attendance_date, kiosk_id, changes, made_with, checked)
    VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (attendance_date, kiosk_id) DO UPDATE SET changes = EXCLUDED.changes,
        made_with = EXCLUDED.made_with, checked = EXCLUDED.checked, checked_at = now()
"""
_TABLES = ("day_changes", "report_days", "report_desks")
_MAY = (
    "SELECT bool_and(has_table_privilege(t, 'SELECT')),"
    " bool_and(has_table_privilege(t, 'INSERT') AND has_table_privilege(t, 'UPDATE'))"
    " FROM unnest(%s::text[]) AS t"
)


@dataclass(frozen=True)
class CheckedDay:
    """One date as the report found it: the merged summary (None when no desk closed it,
    or when its CSV rows were kept and asked for: not read), the integrity findings, the
    desks with records but no close, and the summary's CSV rows where asked for
    (month_figures.RowsText)."""

    summary: DaySummary | None
    problems: tuple[CentralProblem, ...]
    unclosed: tuple[str, ...]
    csv: str | None = None
    closed: bool = False  # some desk closed it: the month has its summary
    checked_desks: int = 0  # desks' parts checked from their rows now (not kept)


def made_with(config: Config) -> str:
    """What a date's figures depend on besides the database: this software (its version
    and its very code, so an upgrade that changes how a figure or a finding is made checks
    every date again, version bumped or not), and the local shift times and rules used for
    a day no desk kept its own rule book with."""
    basis = {
        "format": KEPT_FORMAT,
        "person": [f.name for f in fields(PersonDay)],  # what _person_row writes
        "version": __version__,
        "code": code_digest(),
        "rule_book": config.rule_book.to_json(),
        "timezone": str(config.timezone),
    }
    text = json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def code_digest() -> str:
    """sha256 over the kiosk package's Python source, read once per process (a few ms)."""
    import kiosk

    digest = hashlib.sha256()
    package = Path(kiosk.__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()


class ReportDays:
    """Reading and keeping checked dates through one connection (autocommit)."""

    def __init__(self, conn: psycopg.Connection, config: Config) -> None:
        self.conn = conn
        self.made_with = made_with(config)
        row = conn.execute(_MAY, (list(_TABLES),)).fetchone()
        self.readable = bool(row and row[0])
        self.writable = bool(row and row[0] and row[1])

    def changes(self, day: date) -> dict[str, int]:
        """The date's change counts by desk (none before the trigger counted any, or for a
        login that may not read them); call it in the snapshot the date's events and
        closes are read in."""
        if not self.readable:
            return {}
        return {str(k): int(n) for k, n in self.conn.execute(_CHANGES, (day,))}

    def kept_desks(self, day: date, changes: dict[str, int]) -> dict[str, DeskCheck]:
        """The desks' parts of the date kept from exactly their present counts."""
        if not self.readable or not changes:
            return {}
        found = {}
        for kiosk, count, text in self.conn.execute(_KEPT_DESKS, (day, self.made_with)):
            if changes.get(kiosk) != count:
                continue
            try:
                desk = desk_from_text(text, _person)
            except (AttributeError, IndexError, KeyError, TypeError, ValueError):
                continue  # a kept row that does not read: check the desk again
            if desk.kiosk_id == kiosk:
                found[kiosk] = desk
        return found

    def keep_desks(self, day: date, changes: dict[str, int], desks: list[DeskCheck]) -> None:
        """Keep desks' parts of a date (as `keep`: nothing kept is no error). A desk the
        trigger never counted is not kept: nothing would tell its change."""
        if not self.writable:
            return
        rows = [
            (day, d.kiosk_id, changes[d.kiosk_id], self.made_with, desk_text(d, _person_row))
            for d in desks
            if changes.get(d.kiosk_id, 0) > 0
        ]
        if rows:
            self._write(_KEEP_DESK, rows)

    def kept(
        self, day: date, changes: dict[str, int], words: str | None = None
    ) -> CheckedDay | None:
        """The date as kept, if it was kept from exactly these counts (their sum: a count
        only grows) by this software; with `words` (a RowsText key), its CSV rows in
        those words instead of its summary, where they were kept."""
        if not self.readable or not changes:
            return None
        asked = {"words": words, "day": day, "changes": sum(changes.values())}
        row = self.conn.execute(_KEPT, asked | {"made_with": self.made_with}).fetchone()
        if row is None:
            return None
        summary, closed, problems, unclosed, csv = row
        try:
            return CheckedDay(
                summary_from_text(summary) if summary is not None else None,
                tuple(CentralProblem(day, k, f, e) for k, f, e in problems),
                tuple(str(k) for k in unclosed),
                None if csv is None else str(csv),
                bool(closed),
            )
        except (IndexError, KeyError, TypeError, ValueError):
            return None  # a kept row that does not read: check the date again

    def keep(
        self, day: date, changes: dict[str, int], checked: CheckedDay, words: str | None = None
    ) -> None:
        """Keep a checked date for the next report (nothing for a login that may not). The
        kept dates only save time: a date the database refuses to keep (a full disk, a
        constraint, a statement timeout) leaves this report's figures as they are, and the
        rest of the month is not offered for keeping either."""
        if not self.writable or not changes:
            return
        from psycopg.types.json import Jsonb

        summary = summary_text(checked.summary) if checked.summary is not None else None
        problems = Jsonb([[p.kiosk_id, p.finding, p.event_id] for p in checked.problems])
        unclosed = Jsonb(list(checked.unclosed))
        total = sum(changes.values())
        csv = (words, checked.csv) if words is not None and checked.csv is not None else (None,) * 2
        self._write(_KEEP, [(day, total, self.made_with, summary, problems, unclosed, *csv)])

    def keep_csv(self, day: date, changes: dict[str, int], words: str, csv: str) -> None:
        """Keep a kept date's CSV rows in `words` with it (replacing those in others)."""
        if self.writable and changes:
            total = sum(changes.values())
            self._write(_KEEP_CSV, [(words, csv, day, total, self.made_with)])

    def _write(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        import psycopg

        if not self.writable:
            return
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(statement, rows)
        except psycopg.OperationalError:
            raise  # the server went away: the report cannot go on either
        except psycopg.Error:
            self.writable = False


# -- the kept summary ---------------------------------------------------------------------------
# 10,000 people a date, 30 dates: the kept month is read whole by every report, so a person
# is kept as a row of values in PersonDay's field order (a third of the size of to_json's
# objects, parsed without a key per value) and the summary as text (no jsonb to rebuild).
# Times as to_json writes them. `made_with` names the fields: a PersonDay with other fields
# never reads a row written for the old ones.


def summary_text(summary: DaySummary) -> str:
    people = list(map(_person_row, summary.people))
    data = replace(summary, people=()).to_json() | {"people": people}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def summary_from_text(text: str) -> DaySummary:
    data = json.loads(text)
    people = tuple(_person(row) for row in data["people"])
    return replace(DaySummary.from_json(data | {"people": []}), people=people)


def _person_row(p: PersonDay) -> list[object]:
    a = p.appearance
    return [
        p.staff_id, p.name, p.plan, p.plan_source, p.planned_shift, p.shift, p.status, p.flags,
        _iso(p.check_in), _iso(p.check_out), p.late_minutes, p.early_minutes, p.worked_minutes,
        p.late_from_break_minutes, p.leave_type,
        [a.checked_by, a.failed, a.fine] if a is not None else None, p.incident_fines,
    ]  # fmt: skip


_PERSON_FIELDS = tuple(f.name for f in fields(PersonDay))


def _person(r: list[Any]) -> PersonDay:
    """A kept row as a PersonDay, made without the frozen dataclass's __init__: it sets 17
    fields one object.__setattr__ at a time (5 µs, 1.5 s of a 20-desk month); the fields
    are set here all at once, to what __init__ would set them to (a kept summary reads back
    equal: tests/central/test_central_report_days.py), each of its type: a row edited in
    the database is read as numbers and text, or refused (and checked again), never
    exported as something else."""
    a = r[15]
    values = (
        str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),
        None if r[5] is None else str(r[5]), str(r[6]), tuple(map(str, r[7])),
        datetime.fromisoformat(r[8]) if r[8] else None,
        datetime.fromisoformat(r[9]) if r[9] else None,
        int(r[10]), int(r[11]), None if r[12] is None else int(r[12]), int(r[13]),
        None if r[14] is None else str(r[14]),
        AppearanceRecord(str(a[0]), tuple(map(str, a[1])), int(a[2])) if a is not None else None,
        int(r[16]),
    )  # fmt: skip
    person = object.__new__(PersonDay)
    person.__dict__.update(zip(_PERSON_FIELDS, values, strict=True))
    return person


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
