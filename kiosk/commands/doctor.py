"""`kiosk doctor [--json] [--min-free-mb MB]`: is this machine ready to be the kiosk?

One line per check, OK or what to do, in the kiosk's language; with --json one object
(docs/doctor.schema.json). Exit 0 when every check passes (or does not apply), 4 when any
fails (as `kiosk verify` does for records that do not verify), 2 for bad usage.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import click

from kiosk.commands.common import CliState, emit, pass_state
from kiosk.commands.help import KioskCommand
from kiosk.errors import EXIT_STORE
from kiosk.i18n import Translator, describe_error
from kiosk.parsing import shown_safely
from kiosk.services.doctor import DoctorCheck, DoctorReport

MARKS = {"ok": "✓", "fail": "✗", "skip": "-"}


@click.command("doctor", cls=KioskCommand)
@click.option("--min-free-mb", type=click.IntRange(0, 10**9), default=None, metavar="MB")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def doctor(state: CliState, min_free_mb: int | None, as_json: bool) -> None:
    """Check everything a kiosk needs (config, data folder, disk, clock, site key, sync
    targets, central database, terminal); exit 0 only when every check passes."""
    state.json = as_json
    assert state.doctor is not None, "kiosk.cli wires the doctor"
    report: DoctorReport = state.doctor(state, terminal_size(os.environ), min_free_mb).run()
    tr = state.tr
    emit(state, "\n".join(lines(report, tr)), report.to_json(lambda c: message(c, tr)))
    if not report.ok:
        click.get_current_context().exit(EXIT_STORE)


def terminal_size(env: Mapping[str, str]) -> tuple[int, int] | None:
    """COLUMNS x LINES when both are set (a test, or a shell that exports them), else the
    size of whichever of stdout, stderr, stdin is a terminal; None when none is."""
    columns, rows = env.get("COLUMNS", ""), env.get("LINES", "")
    if columns.isdigit() and rows.isdigit():
        return int(columns), int(rows)
    for fd in (1, 2, 0):
        try:
            size = os.get_terminal_size(fd)
        except OSError:
            continue
        return size.columns, size.lines
    return None


def lines(report: DoctorReport, tr: Translator) -> list[str]:
    shown = [
        tr.t(
            "doctor.line",
            mark=MARKS[c.status],
            check=tr.t(f"doctor.check.{c.check}"),
            message=message(c, tr),
        )
        + (f" [{shown_safely(c.target)}]" if c.target else "")
        for c in report.checks
    ]
    failed = len(report.failed())
    shown.append(tr.t("doctor.all_ok") if report.ok else tr.t("doctor.some_failed", count=failed))
    return shown


def message(check: DoctorCheck, tr: Translator) -> str:
    """What a person reads for one check: OK (with its figures), why it did not apply, or
    what is wrong and what to do about it."""
    params = {k: shown_safely(v) if isinstance(v, str) else v for k, v in check.details.items()}
    if check.status == "ok":
        return tr.t(f"doctor.ok.{check.check}", **params)
    if check.status == "skip":
        return tr.t(f"doctor.skip.{check.problem}")
    if check.error is not None:
        fix = tr.t(f"doctor.fix.{check.check}")
        return tr.t("doctor.then", first=describe_error(check.error, tr), fix=fix)
    return tr.t(f"doctor.fail.{check.problem}", **params)
