"""Exports of closed days: one day, or a month with per-person totals.

Only closed days are exported, and only while nothing was recorded after their close: an
export must show the figures the lead closed, never figures that are still moving. A day that
is not closed (or was re-opened by a correction) is refused with how to close it, and one
before the first day the kiosk kept records with that day (it cannot be closed); a month
export leaves such days out and names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.config import Config
from kiosk.domain.month_sheet import MonthSheet, month_sheet
from kiosk.domain.month_signoff import MonthApproval
from kiosk.domain.summary import DaySummary
from kiosk.errors import RefusedError, UsageError
from kiosk.export import day_csv, day_json, month_csv, month_json, month_totals_csv
from kiosk.i18n import Translator
from kiosk.month_workbook import month_workbook
from kiosk.parsing import typed_month
from kiosk.services.day_close import closes, is_closed
from kiosk.services.records import LEAVE_TYPES
from kiosk.services.records_check import RecordsCheck
from kiosk.store.days import DayStore

FORMATS = ("csv", "json")  # a day
MONTH_FORMATS = ("csv", "json", "xlsx")  # a month: the 考勤表 workbook too


@dataclass(frozen=True)
class Export:
    data: bytes
    days: tuple[date, ...]  # the closed days exported
    not_closed: tuple[date, ...]  # days with records but no current close (month only)
    no_records: tuple[date, ...] = ()  # month days before the last recorded one with no file


@dataclass(frozen=True)
class MonthGrid:
    """The month's 考勤表 for a screen: the grid and what the export would warn about."""

    sheet: MonthSheet
    not_closed: tuple[date, ...]
    approval: MonthApproval | None  # the sign-off in force (None: not approved)


class ExportService:
    def __init__(
        self,
        days: DayStore,
        config: Config,
        records: RecordsCheck,
        today: Callable[[], date] | None = None,
        first_day: Callable[[], date | None] = lambda: None,
    ) -> None:
        """`today`: the kiosk's date (DayCloseService.today), so a day still to come is
        said to be in the future, not "not closed yet: close it". `first_day`: the first
        day the kiosk kept records (services/first_day.py): a day before it cannot be
        closed, so it is said to be before it, and a month's days before it are no gap."""
        self.days = days
        self.config = config
        self.records = records
        self.today = today
        self.first_day = first_day
        self.approvals: Callable[[str], MonthApproval | None] | None = None

    def closed_summary(self, day: date) -> DaySummary | None:
        """The day's summary if it is closed and nothing was recorded since; else None."""
        events = self.days.events(day)
        self.records.require(day, self.days.path_for(day), events)  # never a forged day
        found = closes(events)
        return DaySummary.from_json(found[-1]["summary"]) if found and is_closed(events) else None

    def day(self, day: date, fmt: str, tr: Translator) -> Export:
        if self.today is not None and day > self.today():
            raise UsageError("in_future", value=day.isoformat())
        summary = self.closed_summary(day)
        first = self.first_day()
        if summary is None and first is not None and day < first:
            raise RefusedError("before_first_day", date=day.isoformat(), first=first.isoformat())
        if summary is None:
            raise RefusedError("day_not_closed", date=day.isoformat())
        data = day_json(summary) if fmt == "json" else day_csv([summary], self.config, tr)
        return Export(data, (day,), ())

    def month(self, month: str, fmt: str, tr: Translator, totals: bool = False) -> Export:
        """The month file; `totals`: the CSV of the per-person totals, not the day rows."""
        prefix, _, _ = parse_month(month)
        summaries, closed, not_closed, gaps = self._closed_month(prefix)
        data = self.render_month(
            prefix, self.config.kiosk_id, summaries, fmt, tr, totals, self.approval_state(prefix)
        )
        return Export(data, tuple(closed), tuple(not_closed), tuple(gaps))

    def month_grid(self, month: str) -> MonthGrid:
        """The 考勤表 of `month` from its closed days: what the xlsx shows, for a screen."""
        prefix, first, last = parse_month(month)
        summaries, _, not_closed, _ = self._closed_month(prefix)
        sheet = month_sheet(prefix, first, last, summaries, LEAVE_TYPES)
        return MonthGrid(sheet, tuple(not_closed), self.approval_state(prefix))

    def approval_state(self, prefix: str) -> MonthApproval | None:
        """THE place the month sign-off's state enters the 考勤表 (its title and the lead's
        screen): the approval in force, or None while the month is not approved (printed
        未审批). `approvals` is the month seal's reading, set by kiosk.cli."""
        return self.approvals(prefix) if self.approvals is not None else None

    def _closed_month(
        self, prefix: str
    ) -> tuple[list[DaySummary], list[date], list[date], list[date]]:
        """The month's closed summaries, their dates, the days not closed, the gaps."""
        summaries: list[DaySummary] = []
        closed: list[date] = []
        not_closed: list[date] = []
        for day in self.days.days():
            if not day.isoformat().startswith(prefix):
                continue
            summary = self.closed_summary(day)
            if summary is None:
                not_closed.append(day)
            else:
                summaries.append(summary)
                closed.append(day)
        recorded = set(closed) | set(not_closed)
        gaps: list[date] = []
        if recorded:
            day = max(date.fromisoformat(f"{prefix}-01"), self.first_day() or date.min)
            while day < max(recorded):
                if day not in recorded:
                    gaps.append(day)  # the kiosk was off, or nobody punched: said, not hidden
                day += timedelta(days=1)
        return summaries, closed, not_closed, gaps

    def render_month(
        self,
        prefix: str,
        kiosk_id: str,
        summaries: list[DaySummary],
        fmt: str,
        tr: Translator,
        totals: bool = False,
        approval: MonthApproval | None = None,
    ) -> bytes:
        """The month file from day summaries: the local export and the central report
        share it, so their columns and totals can never drift apart. `approval`: the
        workbook title's sign-off state (see `approval_state`)."""
        if fmt == "json":
            return month_json(prefix, kiosk_id, summaries)
        if fmt != "xlsx" and not totals:
            return month_csv(summaries, self.config, tr)  # the day rows need no 考勤表 grid
        _, first, last = parse_month(prefix)
        sheet = month_sheet(prefix, first, last, summaries, LEAVE_TYPES)
        if fmt == "xlsx":
            return month_workbook(sheet, summaries, self.config, kiosk_id, tr, approval)
        return month_totals_csv(sheet, self.config, tr)


def parse_month(month: str) -> tuple[str, date, date]:
    """`YYYY-MM` -> (the prefix, its first day, its last day); UsageError `bad_month`."""
    parsed = typed_month(month)
    if parsed is None:
        raise UsageError("bad_month", value=month)
    return parsed
