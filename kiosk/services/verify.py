"""`kiosk verify`: are the records as the kiosk wrote them? Reads only, never rewrites.

For every day file asked about: the chain and signatures of its events (each edit,
deletion, insertion or re-ordering named with its place and id), and, for a closed day,
whether the stored close equals a fresh recomputation from its events. The folder's file
modes are checked too (a warning: they say who else could read the records).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.domain.audit import MONTH_APPROVED, MONTH_REOPENED
from kiosk.domain.chain import ChainProblem
from kiosk.domain.month_signoff import SignoffKey, lost_signoffs
from kiosk.errors import KioskError
from kiosk.services.audit import AuditTrail, TrailCheck
from kiosk.services.day_close import DayCloseService, closes
from kiosk.services.records_check import DayCheck, RecordsCheck
from kiosk.store.days import DayStore
from kiosk.store.months import MonthStore


@dataclass(frozen=True)
class MonthsCheck:
    """months.json against how the kiosk wrote it and against the audit trail."""

    path: Path
    problems: tuple[ChainProblem, ...] = ()  # records edited, slipped in, re-ordered
    gone: tuple[SignoffKey, ...] = ()  # sign-offs on the trail that the file lost
    damaged: KioskError | None = None  # the file cannot even be read

    @property
    def ok(self) -> bool:
        return not (self.problems or self.gone or self.damaged)


@dataclass(frozen=True)
class VerifyReport:
    checked: tuple[DayCheck, ...]
    damaged: tuple[tuple[date, Path, KioskError], ...]  # files that cannot even be read
    close_differs: tuple[tuple[date, Path], ...]  # a stored close its events do not give
    loose_modes: tuple[Path, ...]
    trail: TrailCheck | None = None  # the audit trail, and people.json against it
    # closed days whose close names an audit entry the trail no longer has
    trail_gone: tuple[tuple[date, Path], ...] = ()
    months: MonthsCheck | None = None  # the month sign-offs (months.json)

    @property
    def days_ok(self) -> bool:
        """The day files (events and closes) are as written."""
        tampered = any(not c.ok for c in self.checked)
        return not (tampered or self.damaged or self.close_differs)

    @property
    def trail_ok(self) -> bool:
        return (self.trail is None or self.trail.ok) and not self.trail_gone

    @property
    def months_ok(self) -> bool:
        return self.months is None or self.months.ok

    @property
    def ok(self) -> bool:
        return self.days_ok and self.trail_ok and self.months_ok


class VerifyService:
    def __init__(
        self,
        days: DayStore,
        day_close: DayCloseService,
        records: RecordsCheck,
        data_dir: Path,
        audit: AuditTrail,
        months: MonthStore | None = None,
    ) -> None:
        self.days = days
        self.months = months
        self.audit = audit
        self.day_close = day_close
        self.records = records
        self.data_dir = data_dir

    def verify(self, first: date | None = None, last: date | None = None) -> VerifyReport:
        """Every day file from `first` to `last` (default: all of them)."""
        checked, damaged, differs = [], [], []
        for day in self.days.days():
            if (first and day < first) or (last and day > last):
                continue
            path = self.days.path_for(day)
            try:
                events = self.days.events(day)
            except KioskError as err:
                damaged.append((day, path, err))
                continue
            found = self.records.check(day, path, events)
            checked.append(found)
            if found.ok and self.day_close.recomputed_differs(day):
                differs.append((day, path))
        trail = self.check_trail()
        gone = tuple(
            (c.day, c.path) for c in checked if c.ok and self._head_gone(c.day, trail.macs)
        )
        return VerifyReport(
            tuple(checked), tuple(damaged), tuple(differs), self.loose(), trail, gone,
            self.check_months(),
        )  # fmt: skip

    def check_months(self) -> MonthsCheck | None:
        """months.json's chain, and every sign-off on the audit trail still in it: a
        deleted file or a cut-off re-opening would otherwise re-open a month unseen."""
        if self.months is None:
            return None
        path = self.months.path
        try:
            records = self.months.records()
            problems = tuple(self.months.problems())
            on_trail = [
                (e.type, str(e.details.get("month")), _revision(e.details))
                for e in self.audit.entries()
                if e.type in (MONTH_APPROVED, MONTH_REOPENED)
            ]
        except KioskError as err:
            return MonthsCheck(path, damaged=err)
        kept = [(str(r["type"]), str(r["month"]), _revision(r)) for r in records]
        return MonthsCheck(path, problems, lost_signoffs(on_trail, kept))

    def _head_gone(self, day: date, macs: frozenset[str]) -> bool:
        """One of the day's closes (each revision: a later close must not hide an earlier
        one's) saw an audit entry that is not in the trail."""
        heads = {str(c.get("audit_head") or "") for c in closes(self.days.events(day))}
        return any(head and head not in macs for head in heads)

    def check_trail(self) -> TrailCheck:
        """The whole audit trail (it is small, and a month's roster may have been changed
        in any month), with people.json against it."""
        try:
            return self.audit.check()
        except KioskError as err:  # people.json itself cannot be read
            path = self.audit.people.path
            return TrailCheck((), ((path, err),), (), path, True)

    def loose(self) -> tuple[Path, ...]:
        """Files and folders readable or writable by others than the kiosk's user."""
        found = []
        for path in [self.data_dir, *self.data_dir.rglob("*")]:
            try:
                if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                    found.append(path)
            except OSError:
                continue
        return tuple(found)


def _revision(row: dict[str, object]) -> int:
    value = row.get("revision")
    return value if isinstance(value, int) else -1
