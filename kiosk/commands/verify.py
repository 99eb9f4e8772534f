"""`kiosk verify [--date D | --month YYYY-MM] [--json]`: are the records as written?"""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, date_or_month, emit, pass_state, warn
from kiosk.commands.help import KioskCommand
from kiosk.errors import EXIT_STORE
from kiosk.i18n import describe_error
from kiosk.presentation.audit import what_changed
from kiosk.services.verify import VerifyReport


@click.command("verify", cls=KioskCommand)
@click.option("--date", "day", default=None, metavar="DATE")
@click.option("--month", default=None, metavar="YYYY-MM")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def verify(state: CliState, day: str | None, month: str | None, as_json: bool) -> None:
    """Check every record is as the kiosk wrote it (signatures, chain, closes). Exit 0 only
    when everything verifies; nothing is ever rewritten."""
    state.json = as_json
    first, last = date_or_month(state, day, month)
    report = state.services().verify.verify(first, last)
    emit(state, "\n".join(describe(report, state)), as_json_report(report, state))
    for path in report.loose_modes[:20]:
        warn(state.tr.t("verify.loose_mode", path=path))
    if not report.ok:
        click.get_current_context().exit(EXIT_STORE)


def describe(report: VerifyReport, state: CliState) -> list[str]:
    tr = state.tr
    lines = []
    for check in report.checked:
        for problem in check.problems:
            lines.append(
                tr.t(
                    "verify.problem",
                    path=check.path,
                    index=problem.index + 1,
                    event=problem.event_id,
                    problem=tr.t(f"verify.kind.{problem.problem}"),
                )
            )
        if check.legacy:
            lines.append(tr.t("verify.unsigned_day", path=check.path))
    for _, _path, err in report.damaged:
        lines.append(describe_error(err, tr))
    for _, path in report.close_differs:
        lines.append(tr.t("verify.close_differs", path=path))
    lines.extend(_trail_lines(report, state))
    lines.extend(_months_lines(report, state))
    signed = sum(c.ok and not c.legacy for c in report.checked)
    key = (
        "verify.ok"
        if report.ok
        else "verify.failed"
        if not report.days_ok
        else _trail_key(report)
        if not report.trail_ok
        else "verify.failed_months"
    )
    lines.append(tr.t(key, days=signed))
    return lines


def as_json_report(report: VerifyReport, state: CliState) -> dict[str, object]:
    return {
        "ok": report.ok,
        "days": [
            {
                "date": c.day.isoformat(),
                "path": str(c.path),
                "unsigned": c.legacy,
                "problems": [
                    {"index": p.index, "event_id": p.event_id, "problem": p.problem}
                    for p in c.problems
                ],
            }
            for c in report.checked
        ],
        "damaged": [
            {"date": d.isoformat(), "path": str(p), "error": e.code} for d, p, e in report.damaged
        ],
        "close_differs": [{"date": d.isoformat(), "path": str(p)} for d, p in report.close_differs],
        "loose_modes": [str(p) for p in report.loose_modes],
        "audit": _trail_json(report),
        "months": _months_json(report),
    }


def _months_lines(report: VerifyReport, state: CliState) -> list[str]:
    found, tr = report.months, state.tr
    if found is None:
        return []
    lines = [
        tr.t(
            "verify.months_problem",
            path=found.path,
            index=p.index + 1,
            problem=tr.t(f"verify.kind.{p.problem}"),
        )
        for p in found.problems
    ]
    lines.extend(
        tr.t(f"verify.months_gone.{kind}", path=found.path, month=month, revision=revision)
        for kind, month, revision in found.gone
    )
    if found.damaged is not None:
        lines.append(describe_error(found.damaged, tr))
    return lines


def _months_json(report: VerifyReport) -> dict[str, object] | None:
    found = report.months
    if found is None:
        return None
    return {
        "ok": found.ok,
        "path": str(found.path),
        "problems": [{"index": p.index, "problem": p.problem} for p in found.problems],
        "gone": [{"type": t, "month": m, "revision": r} for t, m, r in found.gone],
        "error": found.damaged.code if found.damaged else None,
    }


def _trail_lines(report: VerifyReport, state: CliState) -> list[str]:
    trail, tr = report.trail, state.tr
    if trail is None:
        return []
    lines = [
        tr.t(
            "verify.problem",
            path=path,
            index=problem.index + 1,
            event=problem.event_id,
            problem=tr.t(f"verify.kind.{problem.problem}"),
        )
        for path, problem in trail.problems
    ]
    lines.extend(describe_error(err, tr) for _, err in trail.damaged)
    for found in trail.differences:
        table = tr.t(f"verify.table.{found.table}")
        lines.append(
            tr.t("verify.people_differs", path=trail.people_path, table=table, key=found.key)
        )
    if trail.head_problem:
        lines.append(tr.t(f"verify.head.{trail.head_problem}", path=trail.people_path))
    for _, path in report.trail_gone:
        lines.append(tr.t("verify.trail_gone", path=path))
    if trail.pending is not None:
        what = what_changed(trail.pending, tr)
        lines.append(
            tr.t("verify.trail_pending", path=trail.people_path, when=trail.pending.at, what=what)
        )
    if not (trail.started or trail.head_problem or trail.damaged or report.trail_gone):
        lines.append(tr.t("verify.trail_not_started", path=trail.people_path))
    return lines


def _trail_key(report: VerifyReport) -> str:
    """The closing sentence when only the audit trail or people.json is wrong."""
    trail = report.trail
    if trail is not None and (trail.problems or trail.damaged or trail.head_problem):
        return "verify.failed_trail"
    return "verify.failed_trail" if report.trail_gone else "verify.failed_people"


def _trail_json(report: VerifyReport) -> dict[str, object] | None:
    trail = report.trail
    if trail is None:
        return None
    return {
        "ok": trail.ok,
        "started": trail.started,
        "problems": [
            {"path": str(path), "index": p.index, "event_id": p.event_id, "problem": p.problem}
            for path, p in trail.problems
        ],
        "damaged": [{"path": str(path), "error": e.code} for path, e in trail.damaged],
        "people_differs": [
            {"path": str(trail.people_path), "table": d.table, "key": d.key}
            for d in trail.differences
        ],
        "head_problem": trail.head_problem,
        "pending": trail.pending.public() if trail.pending else None,
        "trail_gone": [{"date": d.isoformat(), "path": str(p)} for d, p in report.trail_gone],
    }
