"""`kiosk roster month|export|import`: the month plan at the shell and in Excel/WPS.

Thin: the month is built and changed by services/month_plan.py, worded by
presentation/month_plan.py. A change names its lead with `--by LEAD` (the PIN asked), as
`kiosk roster set` does.
"""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.commands.common import (
    CliState,
    by_option,
    emit,
    optional_lead,
    out_path,
    pass_state,
    table,
    warn,
)
from kiosk.commands.day import say_end_of_day
from kiosk.commands.help import KioskCommand
from kiosk.errors import UsageError
from kiosk.presentation.month_plan import (
    month_csv,
    month_xlsx,
    text_grid,
    unscheduled_lines,
)
from kiosk.services.month_plan import parse_month_text
from kiosk.spreadsheet import ENCODINGS
from kiosk.store.atomic import write_atomic

SHEET_FORMATS = ("xlsx", "csv")


@click.command("month", cls=KioskCommand)
@click.option("--month", "month_text", required=True, metavar="YYYY-MM")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def month(state: CliState, month_text: str, as_json: bool) -> None:
    """Show the month's plan: the grid, the head count per day and shift, rest balances."""
    state.json = as_json
    year, number = parse_month_text(month_text)
    plan = state.services().month_plan.month(year, number)
    if as_json:
        emit(state, "", plan.to_json())
        return
    tr = state.tr
    click.echo(tr.t("plan.title", month=plan.month, per_week=plan.rest_days_per_week))
    rows = text_grid(plan, tr)
    for line in table(rows[0], rows[1:], gap=1):
        click.echo(line)
    if plan.short_days:
        dates = ", ".join(d.isoformat() for d in plan.short_days)
        click.echo(tr.t("plan.short_days", dates=dates))
    if plan.unscheduled:
        click.echo(tr.t("plan.unscheduled"))
        for line in unscheduled_lines(plan, tr):
            click.echo(line)


@click.command("export", cls=KioskCommand)
@click.option("--month", "month_text", required=True, metavar="YYYY-MM")
@click.option("--format", "fmt", type=click.Choice(SHEET_FORMATS), default="xlsx")
@click.option("--out", default=None, metavar="PATH")
@pass_state
def export_plan(state: CliState, month_text: str, fmt: str, out: str | None) -> None:
    """Write the month's plan as a sheet to edit in Excel/WPS and load back."""
    year, number = parse_month_text(month_text)
    if out is not None:
        out_path(state, out)  # refused before any work
    plan = state.services().month_plan.month(year, number)
    data = month_xlsx(plan, state.tr) if fmt == "xlsx" else month_csv(plan, state.tr)
    path = out or f"plan_{plan.month}.{fmt}"
    write_atomic(out_path(state, path), data)
    warn(state.tr.t("plan.exported", path=path, people=len(plan.people), month=plan.month))


@click.command("import", cls=KioskCommand)
@click.argument("file", metavar="FILE")
@by_option
@click.option("--encoding", type=click.Choice(ENCODINGS), default=None)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def import_plan(
    state: CliState, file: str, by_lead: str | None, encoding: str | None, as_json: bool
) -> None:
    """Load a month's plan sheet (.xlsx or .csv): every cell or none."""
    state.json = as_json
    try:
        data = Path(file).read_bytes()
    except OSError:
        raise UsageError("file_not_found", path=file) from None
    by = optional_lead(state, by_lead)
    services = state.services()
    known = _known(state)
    plan, change = services.month_plan.import_sheet(data, file, known, by, encoding)
    count = len(change.written)
    key = "plan.imported" if count else "plan.unchanged"
    payload = {
        "month": plan.month,
        "changed": [
            {"staff_id": o.staff_id, "date": o.day.isoformat(), "shift": o.shift}
            for o in change.written
        ],
    }
    emit(state, state.tr.t(key, month=plan.month, count=count), payload)
    say_end_of_day(state, change.end_of_day)


def _known(state: CliState) -> str:
    """What a cell may say, in the reader's words (A, B, C, 休)."""
    codes = ", ".join(state.services().config.shifts)
    return f"{codes}, {state.tr.t('plan.mark.rest')}" if codes else state.tr.t("plan.mark.rest")
