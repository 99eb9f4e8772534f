"""`kiosk sync`: send closed days to the configured targets (see services/sync.py).

Exit 0 when every target has every closed day, 4 when anything stays pending (design.md:
4 = store or sync failure), so a cron job or a monitoring script can tell at once.
"""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, emit, pass_state
from kiosk.commands.help import KioskCommand
from kiosk.errors import EXIT_STORE
from kiosk.presentation.sync import describe_sync, sync_json


@click.command("sync", cls=KioskCommand)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def sync(state: CliState, as_json: bool) -> None:
    """Send closed days that a sync target has not acknowledged yet."""
    state.json = as_json
    report = state.services().sync.run()
    emit(state, "\n".join(describe_sync(report, state.tr)), sync_json(report, state.tr))
    clock = report.clock
    if clock is not None and clock.server_off and clock.server_skew_seconds is not None:
        seconds, tolerance = f"{clock.server_skew_seconds:+.0f}", clock.tolerance_seconds
        click.echo(
            state.tr.t("clock.sync_server_off", seconds=seconds, tolerance=tolerance), err=True
        )
    if report.pending:
        click.get_current_context().exit(EXIT_STORE)
