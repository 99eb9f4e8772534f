"""`kiosk central ...`: the central PostgreSQL database that several kiosks feed.

The DSN comes from `--dsn` or the KIOSK_CENTRAL_DSN variable (better: a DSN can carry a
password, and a command line is visible to every user of the machine).
"""

from __future__ import annotations

import click

from kiosk.central.connection import connect, public_name, require_schema
from kiosk.central.report import CENTRAL_ID, fetch_month, merged_summaries
from kiosk.central.schema import migrate
from kiosk.commands.common import CliState, emit, pass_state, warn
from kiosk.commands.export import write_export
from kiosk.services.exports import FORMATS, parse_month

DSN_ENV = "KIOSK_CENTRAL_DSN"
REPORT_TIMEOUT_SECONDS = 60  # a month of every kiosk's events, read in one go


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


@central.command("report")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month to report.")
@dsn_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--out", default=None, metavar="PATH", help="Write here (default: standard output).")
@pass_state
def report(state: CliState, month: str, dsn: str, fmt: str, out: str | None) -> None:
    """The month across every kiosk, in the local month export's columns. Shifts and rules
    come from this data folder's kiosk.toml (the department's, shared by its kiosks)."""
    services = state.services()
    prefix, first, last = parse_month(month)
    with connect(dsn, REPORT_TIMEOUT_SECONDS) as conn:
        require_schema(conn, dsn)
        records = fetch_month(conn, first, last)
    summaries = merged_summaries(records, services.board)
    if records.unclosed:
        pairs = ", ".join(f"{day.isoformat()} {kiosk}" for day, kiosk in records.unclosed)
        warn(state.tr.t("central.unclosed", count=len(records.unclosed), pairs=pairs))
    data = services.exports.render_month(prefix, CENTRAL_ID, summaries, fmt, state.tr)
    write_export(state, data, out, len(summaries))
