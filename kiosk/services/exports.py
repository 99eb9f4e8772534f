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
from kiosk.domain.summary import DaySummary
from kiosk.errors import RefusedError, UsageError
from kiosk.export import day_csv, day_json, month_csv, month_json
from kiosk.i18n import Translator
from kiosk.parsing import typed_month
from kiosk.services.day_close import closes, is_closed
from kiosk.services.records_check import RecordsCheck
from kiosk.store.days import DayStore

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Export:
    data: bytes
    days: tuple[date, ...]  # the closed days exported
    not_closed: tuple[date, ...]  # days with records but no current close (month only)
    no_records: tuple[date, ...] = ()  # month days before the last recorded one with no file


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

    def month(self, month: str, fmt: str, tr: Translator) -> Export:
        prefix, _, _ = parse_month(month)
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
        data = self.render_month(prefix, self.config.kiosk_id, summaries, fmt, tr)
        return Export(data, tuple(closed), tuple(not_closed), tuple(gaps))

    def render_month(
        self,
        prefix: str,
        kiosk_id: str,
        summaries: list[DaySummary],
        fmt: str,
        tr: Translator,
    ) -> bytes:
        """The month file from day summaries: the local export and the central report
        share it, so their columns and totals can never drift apart."""
        if fmt == "json":
            return month_json(prefix, kiosk_id, summaries)
        return month_csv(summaries, self.config, tr)


def parse_month(month: str) -> tuple[str, date, date]:
    """`YYYY-MM` -> (the prefix, its first day, its last day); UsageError `bad_month`."""
    parsed = typed_month(month)
    if parsed is None:
        raise UsageError("bad_month", value=month)
    return parsed
