"""`kiosk central ...`: the central PostgreSQL database that several kiosks feed.

The DSN comes from `--dsn` or the KIOSK_CENTRAL_DSN variable (better: a DSN can carry a
password, and a command line is visible to every user of the machine).
"""

from __future__ import annotations

import click

from kiosk.central.connection import connect, public_name
from kiosk.central.schema import migrate
from kiosk.commands.common import CliState, emit, pass_state

DSN_ENV = "KIOSK_CENTRAL_DSN"


def dsn_option(command: click.Command) -> click.Command:
    return click.option(
        "--dsn",
        envvar=DSN_ENV,
        required=True,
        help=f"PostgreSQL connection string (or set {DSN_ENV}).",
    )(command)


@click.group("central")
def central() -> None:
    """The central PostgreSQL database: create it, report from it."""


@central.command("init")
@dsn_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def init(state: CliState, dsn: str, as_json: bool) -> None:
    """Create or update the central schema (safe to run again, from any kiosk)."""
    state.json = as_json
    with connect(dsn) as conn:
        before, after = migrate(conn)
    target = public_name(dsn)
    key = "central.init_done" if before < after else "central.init_current"
    emit(
        state,
        state.tr.t(key, target=target, version=after),
        {"target": target, "version_before": before, "version": after},
    )
