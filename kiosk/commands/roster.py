"""`kiosk roster set|show` and `kiosk leave add|done`."""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, emit, parse_day, pass_state
from kiosk.i18n import Translator
from kiosk.services.records import LEAVE_TYPES, DayPlan


def describe(plan: DayPlan, tr: Translator) -> str:
    if plan.plan == "shift":
        return tr.t("plan.shift", shift=plan.shift_code)
    if plan.plan == "leave" and plan.leave:
        return tr.t("plan.leave", leave_type=plan.leave.type)
    return tr.t("plan.rest")


@click.group()
def roster() -> None:
    """Who works which shift on a day."""


@roster.command("set")
@click.argument("staff_id")
@click.argument("day", metavar="DATE")
@click.argument("shift", metavar="A|B|C|rest")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def set_(state: CliState, staff_id: str, day: str, shift: str, as_json: bool) -> None:
    """Override one person's shift (or rest) on one day."""
    state.json = as_json
    plan = state.services().roster.set(staff_id, parse_day(day, state), shift)
    public = plan.public()
    text = state.tr.t(
        "roster.set",
        name=plan.staff.name,
        staff_id=plan.staff.id,
        date=public["date"],
        plan=describe(plan, state.tr),
    )
    emit(state, text, public)


@roster.command("show")
@click.option("--date", "day", default=None, metavar="DATE")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def show(state: CliState, day: str | None, as_json: bool) -> None:
    state.json = as_json
    when = parse_day(day, state)
    plans = state.services().roster.day(when)
    if as_json:
        emit(state, "", {"date": when.isoformat(), "roster": [p.public() for p in plans]})
        return
    click.echo(when.isoformat())
    for plan in plans:
        click.echo(f"{plan.staff.id:<16} {plan.staff.name:<12} {describe(plan, state.tr)}")


@click.group()
def leave() -> None:
    """Leave: applied in advance or phoned in (paperwork pending until done)."""


@leave.command("add")
@click.argument("staff_id")
@click.argument("leave_type", metavar="TYPE", type=click.Choice(LEAVE_TYPES, case_sensitive=False))
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="[TO]", required=False)
@click.option("--phoned", is_flag=True, help="Phoned in; paperwork to follow.")
@click.option("--note", default="")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def leave_add(
    state: CliState,
    staff_id: str,
    leave_type: str,
    start: str,
    end: str | None,
    phoned: bool,
    note: str,
    as_json: bool,
) -> None:
    state.json = as_json
    services = state.services()
    first = parse_day(start, state)
    last = parse_day(end, state) if end else None
    record = services.leave.add(staff_id, leave_type, first, last, phoned, note)
    member = services.staff.get(record.staff_id)
    public = record.public()
    text = state.tr.t(
        "leave.added", name=member.name, start=public["from"], end=public["to"], **public
    )
    if record.paperwork_pending:
        text += "\n" + state.tr.t("leave.pending", leave_id=record.id)
    emit(state, text, public)


@leave.command("done")
@click.argument("leave_id")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def leave_done(state: CliState, leave_id: str, as_json: bool) -> None:
    """Mark a phoned-in leave's paperwork as completed."""
    state.json = as_json
    record = state.services().leave.done(leave_id)
    emit(state, state.tr.t("leave.done", leave_id=record.id), record.public())
