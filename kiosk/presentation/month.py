"""How the month sign-off is said: the `kiosk month` command and the lead's month screen
word the same typed results the same way."""

from __future__ import annotations

from kiosk.domain.month_signoff import MonthApproval, MonthRecord, MonthReopen, OpenItem
from kiosk.i18n import Translator
from kiosk.services.month_signoff import MonthStatus


def item_words(item: OpenItem, tr: Translator) -> str:
    return tr.t(
        f"month.item.{item.kind}",
        date=item.date.isoformat(),
        name=item.name or "",
        staff_id=item.staff_id or "",
    )


def approval_words(approval: MonthApproval, tr: Translator) -> list[str]:
    lines = [
        tr.t(
            "month.approved",
            month=approval.month,
            revision=approval.revision,
            by=approval.approved_by,
            at=approval.approved_at.strftime("%Y-%m-%d %H:%M"),
            checksum=approval.checksum[:16],
        )
    ]
    if approval.accepted_open:
        lines.append(tr.t("month.accepted", count=len(approval.accepted_open)))
        lines.extend(f"  {item_words(i, tr)}" for i in approval.accepted_open)
    return lines


def reopen_words(record: MonthReopen, tr: Translator) -> str:
    return tr.t(
        "month.reopened",
        month=record.month,
        revision=record.revision,
        by=record.by,
        reason=record.reason,
        next=record.revision + 1,
    )


def history_words(record: MonthRecord, tr: Translator) -> str:
    if isinstance(record, MonthApproval):
        return tr.t(
            "month.history.approved",
            revision=record.revision,
            by=record.approved_by,
            at=record.approved_at.strftime("%Y-%m-%d %H:%M"),
            checksum=record.checksum[:16],
        )
    return tr.t(
        "month.history.reopened",
        revision=record.revision,
        by=record.by,
        at=record.at.strftime("%Y-%m-%d %H:%M"),
        reason=record.reason,
    )


def state_words(status: MonthStatus, tr: Translator) -> str:
    approval = status.state.approval
    if approval is not None:
        at = approval.approved_at.strftime("%Y-%m-%d %H:%M")
        return tr.t(
            "month.state.approved", revision=approval.revision, by=approval.approved_by, at=at
        )
    if not status.over:
        return tr.t("month.state.not_over")
    return tr.t("month.state.open")


def open_words(month: str, items: tuple[OpenItem, ...], tr: Translator) -> list[str]:
    if not items:
        return [tr.t("month.open_none", month=month)]
    return [tr.t("month.open_count", month=month, count=len(items))] + [
        f"  {item_words(i, tr)}" for i in items
    ]


def status_words(status: MonthStatus, tr: Translator) -> list[str]:
    lines = [state_words(status, tr), *open_words(status.month, status.items, tr)]
    if status.state.history:
        lines.append(tr.t("month.history"))
        lines.extend(f"  {history_words(r, tr)}" for r in status.state.history)
    return lines
