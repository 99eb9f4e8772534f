"""A person's month so far, for the line under their punch's result.

"本月:出勤 18 天 · 迟到 2 次 · 轮休还剩 1 天 · 罚款 20 元": the month's closed days (as
closed, never re-judged) plus today as the board reads it now, totalled by the one month
definition (kiosk.domain.month_totals); the rest days left are what the month owes the
person (kiosk.domain.month_plan, as the lead's month plan counts them) less the rest days
taken so far. Asked after every punch, so it must stay cheap at the desk: a
closed day is read and checked once and kept while its file is unchanged (the close, a
correction or a re-close changes the file; the KEPT_DAYS last used are kept), and today is
judged for this one person only.
A day of the month that is not closed (the kiosk was off at its close) is not counted: the
line says what the lead will sign off, not a guess.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kiosk.domain.month_plan import rest_still_owed
from kiosk.domain.month_totals import PersonMonth
from kiosk.domain.summary import PersonDay
from kiosk.services.board import BoardService
from kiosk.services.exports import ExportService
from kiosk.services.month_plan import MonthPlanService
from kiosk.store.days import DayStore

Stamp = tuple[int, int, int, int]
# Closed days kept read: the 30 days a month can have before today, twice over (a punch just
# after midnight on the 1st asks of the new month while the last month's are still kept).
# A kiosk running for months kept every day it had ever read (the soak test grew with it).
KEPT_DAYS = 62


@dataclass(frozen=True)
class MonthSoFar:
    """`totals`: the month's closed days before `day`, and `day` itself as it stands."""

    staff_id: str
    month: str  # YYYY-MM
    day: date
    totals: PersonMonth
    # The month's rest days owed (kiosk.domain.month_plan) less those taken so far.
    rest_left: int | None = None

    def public(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "date": self.day.isoformat(),
            "rest_left": self.rest_left,
            **self.totals.to_json(),
        }


class MonthSoFarService:
    def __init__(
        self,
        days: DayStore,
        exports: ExportService,
        board: BoardService,
        month_plan: MonthPlanService,
    ) -> None:
        self.days = days
        self.exports = exports
        self.board = board
        self.month_plan = month_plan
        self._closed: dict[date, tuple[Stamp, dict[str, PersonDay]]] = {}
        self._lock = threading.Lock()  # workers of two quick punches may ask at once

    def person(self, staff_id: str, day: date) -> MonthSoFar:
        """StoreError if a day file of the month is damaged (the caller shows nothing)."""
        totals = PersonMonth(staff_id)
        for earlier in _month_before(day):
            person = self._closed_day(earlier).get(staff_id)
            if person is not None:
                totals.add_day(person)
        today = self.board.person(staff_id, day)
        if today is not None:
            totals.add_day(today)
        plan = self.month_plan.person(staff_id, day.year, day.month)
        rest_left = rest_still_owed(plan.rest_entitled, totals.rest_days) if plan else None
        return MonthSoFar(staff_id, f"{day:%Y-%m}", day, totals, rest_left)

    def warm(self, day: date) -> None:
        """Read the month's closed days before `day` now (the kiosk does at start, in the
        background), so the first punch of the day does not pay for reading them."""
        for earlier in _month_before(day):
            self._closed_day(earlier)

    def _closed_day(self, day: date) -> dict[str, PersonDay]:
        """The people of `day`'s current close, by ID ({} when it has none): read once per
        version of its file."""
        stamp = self.days.stamp(day)
        if stamp is None:
            return {}
        with self._lock:
            cached = self._closed.pop(day, None)
            if cached is not None:  # most recently used last: the oldest is let go first
                self._closed[day] = cached
        if cached is not None and cached[0] == stamp:
            return cached[1]
        summary = self.exports.closed_summary(day)
        people = {p.staff_id: p for p in summary.people} if summary else {}
        with self._lock:
            self._closed.pop(day, None)
            self._closed[day] = (stamp, people)
            while len(self._closed) > KEPT_DAYS:
                del self._closed[next(iter(self._closed))]
        return people


def _month_before(day: date) -> list[date]:
    """The days of `day`'s month before it."""
    first = day.replace(day=1)
    return [first + timedelta(days=n) for n in range((day - first).days)]
