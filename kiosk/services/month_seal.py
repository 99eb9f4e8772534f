"""Whether a day may still change: not while its month is signed off (月结).

The store asks `require_open(first, last)` before it writes anything about those days (a
day file append, a roster or leave row: see Store.guard_days); the services ask it for a
change "from a date". The refusal names the month and how to re-open it.
"""

from __future__ import annotations

from datetime import date

from kiosk.domain.month_signoff import (
    MonthState,
    month_of,
    month_state,
    months_between,
    record_from_json,
)
from kiosk.errors import RefusedError, StoreError
from kiosk.store.months import MonthStore


class MonthSeal:
    def __init__(self, months: MonthStore) -> None:
        self.months = months

    def state(self, month: str) -> MonthState:
        """The month's approvals and re-openings; StoreError for a damaged record, or
        `months_tampered` for records not as the kiosk wrote them: a re-opening slipped in
        or an approval edited must not quietly let a signed-off month's days change."""
        rows = self.months.records()
        problems = self.months.problems()
        if problems:
            raise StoreError(
                "months_tampered",
                path=str(self.months.path),
                index=problems[0].index + 1,
                count=len(problems),
            )
        try:
            records = [record_from_json(r) for r in rows]
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError("corrupt_record", path=str(self.months.path), detail=str(exc)) from exc
        return month_state(month, records)

    def sealed(self, day: date) -> bool:
        return self.state(month_of(day)).sealed

    def require_open(self, first: date, last: date | None = None) -> None:
        """RefusedError `month_signed_off` if any day of first..last is in a signed-off
        month."""
        if not self.months.path.exists():  # the usual case before any sign-off: one stat
            return
        for month in months_between(first, last or first):
            approval = self.state(month).approval
            if approval is not None:
                raise RefusedError(
                    "month_signed_off",
                    month=month,
                    revision=approval.revision,
                    by=approval.approved_by,
                )
