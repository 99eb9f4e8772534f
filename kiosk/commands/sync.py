"""`kiosk sync`: send closed days to the configured targets (see services/sync.py).

Exit 0 when every target has every closed day, 4 when anything stays pending (design.md:
4 = store or sync failure), so a cron job or a monitoring script can tell at once.
"""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, emit, pass_state, warn
from kiosk.errors import EXIT_STORE, KioskError
from kiosk.i18n import Translator, describe_error
from kiosk.services.day_close import DayClose
from kiosk.services.sync import SyncReport


@click.command("sync")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def sync(state: CliState, as_json: bool) -> None:
    """Send closed days that a sync target has not acknowledged yet."""
    state.json = as_json
    report = state.services().sync.run()
    emit(state, "\n".join(describe_sync(report, state.tr)), report.public(state.tr))
    if report.pending:
        click.get_current_context().exit(EXIT_STORE)


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
                delivered=len(target.delivered),
                pending=len(target.pending),
            )
        )
        if target.error is not None:
            lines.append(tr.t("sync.target_error", message=describe_error(target.error, tr)))
    return lines


def sync_after_close(state: CliState, closed: DayClose) -> None:
    """Queue the close and try to send it now. The close is stored whatever happens here,
    so a sync problem is a warning line on stderr, never a failed close."""
    services = state.services()
    if not services.sync.configured:
        return
    tr = state.tr
    try:
        services.sync.enqueue(closed)
        report = services.sync.run()
    except KioskError as err:
        warn(tr.t("sync.after_close_failed", message=describe_error(err, tr)))
        return
    for target in report.targets:
        if target.pending:
            message = describe_error(target.error, tr) if target.error else ""
            warn(
                tr.t(
                    "sync.after_close_pending",
                    target=target.target,
                    pending=len(target.pending),
                    message=message,
                )
            )
