"""How an audit entry is said: `kiosk audit` (and, later, the lead's screens)."""

from __future__ import annotations

from kiosk.domain.audit import (
    AUDIT_STARTED,
    BADGE_REVOKED,
    LEAVE_ADDED,
    LEAVE_PAPERWORK_DONE,
    MONTH_APPROVED,
    MONTH_REOPENED,
    ROSTER_PLANNED,
    ROSTER_SET,
    STAFF_SAVED,
)
from kiosk.domain.plans import REST
from kiosk.i18n import Translator
from kiosk.services.audit import AuditEntry


def what_changed(entry: AuditEntry, tr: Translator) -> str:
    """One sentence for the change; a kind this version does not know, or an entry not as
    the kiosk writes them (an edited trail: `kiosk verify` names it), is said as such."""
    try:
        return _sentence(entry, tr)
    except (AttributeError, KeyError, TypeError, ValueError):
        return tr.t("audit.unknown", kind=entry.type)


def _sentence(entry: AuditEntry, tr: Translator) -> str:
    d = entry.details
    if entry.type == ROSTER_SET:
        return tr.t(
            "audit.roster_set",
            staff_id=d.get("staff_id", "?"),
            date=d.get("date", "?"),
            before=_plan(d.get("before"), tr),
            after=_plan(d.get("shift"), tr),
        )
    if entry.type == ROSTER_PLANNED:
        cells = list(d.get("cells", ()))
        ids = sorted({str(c.get("staff_id", "?")) for c in cells})
        return tr.t("audit.roster_planned", count=len(cells), ids=_some(ids))
    if entry.type == LEAVE_ADDED:
        leave = d.get("leave") or {}
        return tr.t(
            "audit.leave_added",
            staff_id=leave.get("staff_id", "?"),
            leave_type=tr.leave_type(str(leave.get("type", "?"))),
            start=leave.get("from", "?"),
            end=leave.get("to", "?"),
            leave_id=leave.get("id", "?"),
        )
    if entry.type == LEAVE_PAPERWORK_DONE:
        return tr.t("audit.leave_paperwork_done", leave_id=d.get("leave_id", "?"))
    if entry.type == STAFF_SAVED:
        ids = [str(row.get("id", "?")) for row in d.get("staff", ())]
        text = tr.t("audit.staff_saved", count=len(ids), ids=_some(ids))
        pins = [str(i) for i in d.get("pin_changed", ())]
        return text + (tr.t("audit.pin_changed", ids=_some(pins)) if pins else "")
    if entry.type == BADGE_REVOKED:
        return tr.t(
            "audit.badge_revoked",
            staff_id=d.get("staff_id", "?"),
            version=d.get("badge_version", "?"),
        )
    if entry.type == MONTH_APPROVED:
        accepted = len(d.get("accepted_open", ()))
        return tr.t(
            "audit.month_approved",
            month=d.get("month", "?"),
            revision=d.get("revision", "?"),
            checksum=str(d.get("checksum", "?"))[:16],
            accepted=accepted,
        )
    if entry.type == MONTH_REOPENED:
        return tr.t(
            "audit.month_reopened", month=d.get("month", "?"), revision=d.get("revision", "?")
        )
    if entry.type == AUDIT_STARTED:
        return tr.t(f"audit.{entry.type}")
    return tr.t("audit.unknown", kind=entry.type)


def who(entry: AuditEntry, tr: Translator) -> str:
    if entry.by:
        return tr.t("audit.by_lead", lead=entry.by, account=entry.account)
    return tr.t("audit.by_account", account=entry.account or "?")


def _plan(code: object, tr: Translator) -> str:
    if code is None:
        return tr.t("audit.plan_default")
    return tr.t("plan.rest") if code == REST else str(code)


def _some(ids: list[str], shown: int = 8) -> str:
    more = len(ids) - shown
    return ", ".join(ids[:shown]) + (f" … (+{more})" if more > 0 else "")
