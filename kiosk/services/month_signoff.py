"""The month sign-off (月结): what is open, approving the month, re-opening it, and sending it.

An approval is refused with the open list unless nothing is open or the lead accepts the
list (kept with the approval), and before the month's last day has passed. It records who,
when and a checksum of the month's figures; from then on every change to a day of the
month is refused (services/month_seal.py, asked by the store) until a lead re-opens it with
a reason. Each approval and re-opening also goes on the audit trail. An approval is queued
for every sync target as the month's files, once per target and revision, and retried by
every sync run until the target has it, like a closed day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.audit import MONTH_APPROVED, MONTH_REOPENED
from kiosk.domain.month_signoff import (
    MonthApproval,
    MonthDay,
    MonthRecord,
    MonthReopen,
    MonthState,
    OpenItem,
    before_records,
    days_that_can_be_open,
    figures_checksum,
    month_over,
    month_state,
    open_items,
    record_from_json,
)
from kiosk.errors import KioskError, RefusedError, StoreError, UsageError
from kiosk.i18n import Translator
from kiosk.parsing import has_control_characters, reads_as_words
from kiosk.services.audit import AuditTrail, InTransaction
from kiosk.services.day_close import DayCloseService
from kiosk.services.end_of_day import EndOfDay, EndOfDayService
from kiosk.services.exports import ExportService, parse_month
from kiosk.services.month_package import MONTH_FILE_FORMATS, TOTALS_CSV, MonthPackage
from kiosk.services.month_seal import MonthSeal
from kiosk.services.staff import StaffService
from kiosk.store.months import MonthStore
from kiosk.store.people import PeopleStore

MAX_REASON = 200


class MonthHasOpenItems(RefusedError):
    """Approval refused: these are open, and the lead did not accept them."""

    def __init__(self, month: str, items: tuple[OpenItem, ...]) -> None:
        super().__init__("month_open_items", month=month, count=len(items))
        self.items = items


@dataclass(frozen=True)
class MonthStatus:
    month: str
    over: bool  # the last day has passed: the month may be approved
    items: tuple[OpenItem, ...]
    state: MonthState

    def public(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "over": self.over,
            "open_items": [i.to_json() for i in self.items],
        } | {k: v for k, v in self.state.to_json().items() if k != "month"}


@dataclass(frozen=True)
class SignOffResult:
    """An approval or re-opening as stored, and the send it started (approvals only)."""

    record: MonthRecord
    sent: EndOfDay = field(default_factory=EndOfDay)

    def public(self) -> dict[str, Any]:
        return self.record.to_json()


class MonthSignoffService:
    def __init__(
        self,
        seal: MonthSeal,
        months: MonthStore,
        day_close: DayCloseService,
        exports: ExportService,
        end_of_day: EndOfDayService,
        staff: StaffService,
        people: PeopleStore,
        audit: AuditTrail,
        config: Config,
        clock: Clock,
        tr: Translator,
    ) -> None:
        self.seal = seal
        self.months = months
        self.day_close = day_close
        self.exports = exports
        self.end_of_day = end_of_day
        self.staff = staff
        self.people = people
        self.audit = audit
        self.config = config
        self.clock = clock
        self.tr = tr  # the config language: the month CSV's headers, as the day files have

    # -- reading ----------------------------------------------------------------------------

    def days(self, month: str) -> list[MonthDay]:
        _, first, last = parse_month(month)
        found = []
        can_be_open = days_that_can_be_open(
            first, last, self.day_close.first_day(), self.day_close.today()
        )
        for day in can_be_open:
            latest = self.day_close.latest(day)
            current = latest is not None and self.day_close.is_closed(day)
            found.append(MonthDay(day, latest.summary if latest else None, current))
        return found

    def open_items(self, month: str) -> tuple[OpenItem, ...]:
        return open_items(self.days(month))

    def status(self, month: str) -> MonthStatus:
        prefix, _, last = parse_month(month)
        over = month_over(last, self.day_close.today())
        return MonthStatus(prefix, over, self.open_items(prefix), self.seal.state(prefix))

    def previous_month(self) -> str:
        """The month a lead signs off by default: the one before today's."""
        first = self.day_close.today().replace(day=1)
        return f"{date.fromordinal(first.toordinal() - 1):%Y-%m}"

    # -- changing ---------------------------------------------------------------------------

    def approve(self, month: str, by: str, accept_open: bool = False) -> SignOffResult:
        """Approve `month` as lead `by` (the face checked their PIN). MonthHasOpenItems
        unless nothing is open or `accept_open`; RefusedError before the month is over,
        for a month before the first day of records, or while it is approved already."""
        prefix, _, last = parse_month(month)
        lead = self.staff.lead(by)
        if not month_over(last, self.day_close.today()):
            raise RefusedError("month_not_over", month=prefix, last=last.isoformat())
        first_record = self.day_close.first_day()
        if before_records(last, first_record):
            shown = first_record.isoformat() if first_record else "-"
            raise RefusedError("month_before_records", month=prefix, first=shown)
        current = self.seal.state(prefix).approval
        if current is not None:
            raise RefusedError("month_already_signed_off", month=prefix, revision=current.revision)
        items = self.open_items(prefix)
        if items and not accept_open:
            raise MonthHasOpenItems(prefix, items)
        now = self.clock.now()

        def decide(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], MonthApproval]:
            state = self._state(prefix, rows)
            if state.approval is not None:  # another lead, in another process, just now
                raise RefusedError(
                    "month_already_signed_off", month=prefix, revision=state.approval.revision
                )
            figures = self.exports.month(prefix, "json", self.tr).data
            approval = MonthApproval(
                prefix, state.next_revision, lead.id, now, figures_checksum(figures),
                items, self.config.kiosk_id,
            )  # fmt: skip
            self._audit(
                MONTH_APPROVED, lead.id, "", month=prefix, revision=approval.revision,
                checksum=approval.checksum, accepted_open=[i.to_json() for i in items],
            )  # fmt: skip
            return approval.to_json(), approval

        approval = self.months.append_if(decide)
        return SignOffResult(approval, self._queue_and_send(approval))

    def reopen(self, month: str, by: str, reason: str) -> SignOffResult:
        """Re-open an approved month, with a reason in words; its days may change again,
        and the next approval is its next revision."""
        prefix, _, _ = parse_month(month)
        lead = self.staff.lead(by)
        reason = reason.strip()
        if not reason:
            raise UsageError("month_reason_required")
        if has_control_characters(reason):
            raise UsageError("text_control_characters", field="reason")
        if not reads_as_words(reason):
            raise UsageError("month_reason_not_words", reason=reason[:40])
        now = self.clock.now()

        def decide(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], MonthReopen]:
            approval = self._state(prefix, rows).approval
            if approval is None:
                raise RefusedError("month_not_signed_off", month=prefix)
            record = MonthReopen(prefix, approval.revision, lead.id, now, reason[:MAX_REASON])
            self._audit(
                MONTH_REOPENED, lead.id, record.reason, month=prefix, revision=approval.revision
            )
            return record.to_json(), record

        return SignOffResult(self.months.append_if(decide))

    # -- sending (kiosk.services.month_package.MonthSource) ---------------------------------

    def current_revision(self, month: str) -> int | None:
        approval = self.seal.state(month).approval
        return approval.revision if approval else None

    def package(self, month: str) -> MonthPackage:
        """The approved month's files; StoreError if its figures no longer give the
        approval's checksum (the records were changed behind the kiosk's back)."""
        approval = self.seal.state(month).approval
        if approval is None:
            raise StoreError("month_not_signed_off_now", month=month)
        figures = self.exports.month(month, "json", self.tr).data
        if figures_checksum(figures) != approval.checksum:
            raise StoreError("month_figures_changed", month=month, revision=approval.revision)
        files = tuple((fmt, self._month_file(month, fmt, figures)) for fmt in MONTH_FILE_FORMATS)
        return MonthPackage(approval, json.loads(figures.decode("utf-8")), files)

    # -- helpers ----------------------------------------------------------------------------

    def _month_file(self, month: str, fmt: str, figures: bytes) -> bytes:
        """One of MONTH_FILE_FORMATS: the JSON already built, else the export of it."""
        if fmt == "json":
            return figures
        if fmt == TOTALS_CSV:
            return self.exports.month(month, "csv", self.tr, totals=True).data
        return self.exports.month(month, fmt, self.tr).data

    def _state(self, month: str, rows: list[dict[str, Any]]) -> MonthState:
        try:
            return month_state(month, [record_from_json(r) for r in rows])
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError("corrupt_record", path=str(self.months.path), detail=str(exc)) from exc

    def _audit(self, kind: str, by: str, why: str, **details: Any) -> None:
        """On the trail, written with people.json's signed mark like every other entry."""
        self.people.update(
            lambda tables: self.audit.record(kind, by, why, InTransaction(tables), **details)
        )

    def _queue_and_send(self, approval: MonthApproval) -> EndOfDay:
        sync = self.end_of_day.sync
        if not sync.configured:
            return EndOfDay()
        try:
            sync.enqueue_month(approval.month, approval.revision)
        except KioskError as err:  # a damaged ledger: the approval stands; the send is said
            return EndOfDay(sync_error=err)
        if self.end_of_day.send_later is not None:
            self.end_of_day.send_later()
            return EndOfDay(send_deferred=True)
        return self.end_of_day.send()
