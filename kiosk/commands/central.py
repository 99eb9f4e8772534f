"""`kiosk central ...`: the central PostgreSQL database that several kiosks feed.

The DSN comes from `--dsn` or the KIOSK_CENTRAL_DSN variable (better: a DSN can carry a
password, and a command line is visible to every user of the machine).
"""

from __future__ import annotations

import os
import re

import click

from kiosk.central.connection import connect, public_name, require_schema
from kiosk.central.month_figures import month_report
from kiosk.central.report import CENTRAL_ID
from kiosk.central.schema import DESK_ROLE, grant_desk_role, migrate
from kiosk.commands.common import (
    CliState,
    emit,
    out_path,
    parse_month_in_range,
    pass_state,
    warn,
)
from kiosk.commands.export import write_export
from kiosk.commands.help import HelpGroup
from kiosk.errors import EXIT_STORE, UsageError
from kiosk.export import DayRowsCsv
from kiosk.gc_pause import collector_paused
from kiosk.services.exports import MONTH_FORMATS

DSN_ENV = "KIOSK_CENTRAL_DSN"
DESK_PASSWORD_ENV = "KIOSK_DESK_PASSWORD"
DESK_LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
REPORT_TIMEOUT_SECONDS = 60  # a month of every kiosk's events, read in one go


def dsn_option(command: click.Command) -> click.Command:
    return click.option("--dsn", envvar=DSN_ENV, required=True, metavar="DSN")(command)


@click.group("central", cls=HelpGroup)
def central() -> None:
    """The central PostgreSQL database: create it, report from it."""


@central.command("init")
@dsn_option
@click.option("--desk-login", default=None, metavar="LOGIN")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def init(state: CliState, dsn: str, desk_login: str | None, as_json: bool) -> None:
    """Create or update the central schema and the kiosks' insert-only role (safe to run
    again, from any kiosk). Run it with the owner's DSN; give the kiosks the desk login."""
    state.json = as_json
    password = _desk_password(desk_login)
    with connect(dsn) as conn:
        before, after = migrate(conn)
        grant_desk_role(conn, desk_login, password)
    target = public_name(dsn)
    key = "central.init_done" if before < after else "central.init_current"
    emit(
        state,
        state.tr.t(key, target=target, version=after, role=DESK_ROLE),
        {
            "target": target,
            "version_before": before,
            "version": after,
            "desk_role": DESK_ROLE,
            "desk_login": desk_login,
        },
    )


def _desk_password(login: str | None) -> str | None:
    """The desk login's password from the environment (never an argument: a command line
    is visible to every user of the machine); UsageError when a login has none."""
    if login is None:
        return None
    if not DESK_LOGIN_NAME.fullmatch(login):
        raise UsageError("central_desk_login_invalid", login=login)
    password = os.environ.get(DESK_PASSWORD_ENV, "")
    if not password:
        raise UsageError("central_desk_password_unset", variable=DESK_PASSWORD_ENV)
    return password


@central.command("report")
@click.option("--month", required=True, metavar="YYYY-MM")
@dsn_option
@click.option("--format", "fmt", type=click.Choice(MONTH_FORMATS), default="csv", show_default=True)
@click.option("--totals", is_flag=True)
@click.option("--out", default=None, metavar="PATH")
@pass_state
def report(state: CliState, month: str, dsn: str, fmt: str, totals: bool, out: str | None) -> None:
    """The month across every kiosk, in the local month export's columns (xlsx: the same
    考勤表 workbook). Shifts and rules come from this data folder's kiosk.toml (the
    department's, shared by its kiosks)."""
    services = state.services()
    prefix, first, last = parse_month_in_range(month, state)
    if out is not None:
        out_path(state, out)  # refused before the database is asked
    if totals and fmt != "csv":
        raise UsageError("export_totals_csv_only")
    exports = services.exports
    # The day rows' CSV is written a date at a time, and kept with each checked date.
    rows = DayRowsCsv(exports.config, state.tr) if fmt == "csv" and not totals else None
    with collector_paused():  # a month of 20 desks: millions of small objects, no cycles
        with connect(dsn, REPORT_TIMEOUT_SECONDS) as conn:
            require_schema(conn, dsn)
            month = month_report(conn, first, last, services.board, rows)
        summaries, problems = month.summaries, month.problems
        if month.unclosed:
            pairs = ", ".join(f"{day.isoformat()} {kiosk}" for day, kiosk in month.unclosed)
            warn(state.tr.t("central.unclosed", count=len(month.unclosed), pairs=pairs))
        approval = exports.approval_state(prefix)
        if rows is not None:
            data = rows.document(month.csv)
        else:
            data = exports.render_month(
                prefix, CENTRAL_ID, summaries, fmt, state.tr, totals, approval
            )
    write_export(state, data, out, month.days)
    if problems:
        for problem in problems:
            warn(
                state.tr.t(
                    f"central.problem_{problem.finding}",
                    date=problem.day.isoformat(),
                    kiosk=problem.kiosk_id,
                    event=problem.event_id,
                )
            )
        warn(state.tr.t("central.problems", count=len(problems)))
        click.get_current_context().exit(EXIT_STORE)
