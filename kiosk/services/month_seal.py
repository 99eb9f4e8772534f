"""Whether a day may still change: not while its month is signed off (月结).

The store asks `require_open(first, last)` before it writes anything about those days (a
day file append, a roster or leave row: see Store.guard_days); the services ask it for a
change "from a date". The refusal names the month and how to re-open it.

Every command builds the seal; the sign-off's domain rules are imported when a seal is
first asked (a write to a day), not by a command that writes none (`kiosk staff list`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kiosk.domain.audit import MONTH_APPROVED, MONTH_REOPENED
from kiosk.errors import RefusedError, StoreError

if TYPE_CHECKING:
    from kiosk.domain.month_signoff import MonthState, SignoffKey
    from kiosk.store.audit import AuditStore
    from kiosk.store.months import MonthStore


class MonthSeal:
    def __init__(self, months: MonthStore, trail: AuditStore | None = None) -> None:
        """`trail`: the audit trail, where every sign-off is also recorded: months.json
        deleted or cut short would otherwise re-open a month without a word."""
        self.months = months
        self.trail = trail

    def state(self, month: str) -> MonthState:
        """The month's approvals and re-openings; StoreError for a damaged record, or
        `months_tampered` for records not as the kiosk wrote them: a re-opening slipped in
        or an approval edited must not quietly let a signed-off month's days change."""
        from kiosk.domain.month_signoff import lost_signoffs, month_state, record_from_json

        rows = self.months.records()
        problems = self.months.problems() if rows else []
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
        kept = [(str(r["type"]), str(r["month"]), _revision(r)) for r in rows]
        lost = lost_signoffs(self._on_trail(month), kept)
        if lost:
            raise StoreError(
                "months_lost", path=str(self.months.path), month=month, count=len(lost)
            )
        return month_state(month, records)

    def _on_trail(self, month: str) -> list[SignoffKey]:
        """The month's sign-offs as the audit trail recorded them. A month is signed off
        only once it is over, so they are in the trail's files of the months after it: a
        change to the running month reads none."""
        if self.trail is None:
            return []
        return [
            (str(e["type"]), month, _revision(e))
            for later in self.trail.months()
            if later > month
            for e in self.trail.entries(later)
            if e.get("type") in (MONTH_APPROVED, MONTH_REOPENED) and e.get("month") == month
        ]

    def sealed(self, day: date) -> bool:
        from kiosk.domain.month_signoff import month_of

        return self.state(month_of(day)).sealed

    def require_open(self, first: date, last: date | None = None) -> None:
        """RefusedError `month_signed_off` if any day of first..last is in a signed-off
        month."""
        from kiosk.domain.month_signoff import months_between

        for month in months_between(first, last or first):
            approval = self.state(month).approval
            if approval is not None:
                raise RefusedError(
                    "month_signed_off",
                    month=month,
                    revision=approval.revision,
                    by=approval.approved_by,
                )


def _revision(row: dict[str, object]) -> int:
    value = row.get("revision")
    return value if isinstance(value, int) else -1
