"""`kiosk export (--date D | --month YYYY-MM [--totals]) [--format csv|json|xlsx] [--out PATH]`."""

from __future__ import annotations

import sys

import click

from kiosk.commands.common import (
    CliState,
    out_path,
    parse_day,
    parse_month_in_range,
    pass_state,
    warn,
)
from kiosk.commands.help import KioskCommand
from kiosk.errors import UsageError
from kiosk.services.exports import FORMATS, MONTH_FORMATS
from kiosk.store.atomic import write_atomic


@click.command("export", cls=KioskCommand)
@click.option("--date", "day", default=None, metavar="DATE")
@click.option("--month", default=None, metavar="YYYY-MM")
@click.option("--format", "fmt", type=click.Choice(MONTH_FORMATS), default="csv", show_default=True)
@click.option("--totals", is_flag=True)
@click.option("--out", default=None, metavar="PATH")
@pass_state
def export(
    state: CliState, day: str | None, month: str | None, fmt: str, totals: bool, out: str | None
) -> None:
    """Export closed days: CSV (UTF-8 with BOM, opens in Excel/WPS) or JSON; a month also as
    the 考勤表 workbook (xlsx), and with --totals its per-person totals as their own CSV."""
    if (day is None) == (month is None):
        raise UsageError("export_needs_date_or_month")
    if out is not None:
        out_path(state, out)  # refused before any work
    if month is not None:
        parse_month_in_range(month, state)
    if day is not None and (fmt not in FORMATS or totals):
        raise UsageError("export_month_only")
    if totals and fmt != "csv":
        raise UsageError("export_totals_csv_only")
    if fmt == "xlsx" and out is None and sys.stdout.isatty():
        # A workbook's bytes would only garble the terminal: it needs a file to go to.
        raise UsageError("export_xlsx_needs_out", example=f"{month}.xlsx")
    exports = state.services().exports
    result = (
        exports.day(parse_day(day, state), fmt, state.tr)
        if day is not None
        else exports.month(month or "", fmt, state.tr, totals)
    )
    if result.no_records:
        dates = ", ".join(d.isoformat() for d in result.no_records)
        warn(state.tr.t("export.no_records", count=len(result.no_records), dates=dates))
    if result.not_closed:
        dates = ", ".join(d.isoformat() for d in result.not_closed)
        warn(state.tr.t("export.not_closed", count=len(result.not_closed), dates=dates))
    write_export(state, result.data, out, len(result.days))


def write_export(state: CliState, data: bytes, out: str | None, days: int) -> None:
    """To standard output, or atomically to `out` with a line saying so."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(out_path(state, out), data)
    warn(state.tr.t("export.written", path=out, days=days))
