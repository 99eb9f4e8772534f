"""How sending is said: `kiosk sync`, the warnings after a close, the lead's screens and the
home status line. The sync service's reports are typed and carry no translator; the
sentences (and the `--json` messages) are made here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.i18n import Translator, describe_error

if TYPE_CHECKING:  # types only: the home screen's status line must not load the sync
    from kiosk.services.end_of_day import EndOfDay
    from kiosk.services.sync import SyncReport, TargetReport


def sync_json(report: SyncReport, tr: Translator) -> dict[str, Any]:
    """`kiosk sync --json`: every target's deliveries, what is pending and its last error."""
    return {"targets": [target_json(t, tr) for t in report.targets], "pending": report.pending}


def target_json(target: TargetReport, tr: Translator) -> dict[str, Any]:
    error = None
    if target.error is not None:
        error = {"code": target.error.code, "message": describe_error(target.error, tr)}
    return {
        "kind": target.kind,
        "target": target.target,
        "delivered": [d.public() for d in target.delivered],
        "pending": [d.public() for d in target.pending],
        "months_delivered": [m.public() for m in target.months_delivered],
        "months_pending": [m.public() for m in target.months_pending],
        "error": error,
        "last_success": target.last_success,
        "last_attempt": target.last_attempt,
    }


def describe_sync(report: SyncReport, tr: Translator) -> list[str]:
    """One line per target: delivered now, still pending, and the last error if any."""
    if not report.targets:
        return [tr.t("sync.no_targets")]
    lines = []
    for target in report.targets:
        lines.append(
            tr.t(
                "sync.target",
                kind=tr.t(f"sync.kind.{target.kind}"),
                target=target.target,
                delivered=len(target.delivered) + len(target.months_delivered),
                pending=len(target.pending) + len(target.months_pending),
            )
        )
        if target.error is not None:
            lines.append(tr.t("sync.target_error", message=describe_error(target.error, tr)))
    return lines


def end_of_day_warnings(done: EndOfDay, tr: Translator) -> list[str]:
    """After a close or a re-close: what could not be sent yet (it is retried later)."""
    if done.sync_error is not None:
        return [tr.t("sync.after_close_failed", message=describe_error(done.sync_error, tr))]
    if done.sync is None:
        return []
    return [
        tr.t(
            "sync.after_close_pending",
            target=target.target,
            pending=len(target.pending) + len(target.months_pending),
            message=describe_error(target.error, tr) if target.error else "",
        )
        for target in done.sync.targets
        if target.pending or target.months_pending
    ]


def status_words(report: SyncReport | None, tr: Translator) -> str:
    """The home status line's part about sending."""
    if report is None:
        return tr.t("status.sync_off")
    if report.pending:
        return tr.t("status.sync_pending", count=report.pending)
    successes = [t.last_success for t in report.targets if t.last_success]
    if not successes:
        return tr.t("status.never_synced")
    return tr.t("status.synced", time=min(successes)[11:16])


def target_lines(report: SyncReport | None, tr: Translator) -> str:
    """The end-of-day screen: one line per target, delivered or what is pending and why."""
    if report is None:
        return tr.t("status.sync_off")
    lines = []
    for target in report.targets:
        name = f"{target.kind} {target.target}"
        waiting = len(target.pending) + len(target.months_pending)
        if waiting:
            line = tr.t("day_end.sync_pending", target=name, count=waiting)
            if target.error is not None:
                line += " " + describe_error(target.error, tr)
        elif target.last_success:
            line = tr.t("day_end.synced", target=name, time=target.last_success[11:16])
        else:
            line = tr.t("day_end.sync_nothing", target=name)
        lines.append(line)
    return "\n".join(lines)
