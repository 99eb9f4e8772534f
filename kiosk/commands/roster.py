"""`kiosk roster set|show` and `kiosk leave add|list|done`."""

from __future__ import annotations

import click

from kiosk.commands.common import (
    CliState,
    by_option,
    emit,
    optional_lead,
    parse_day,
    pass_state,
    table,
)
from kiosk.commands.day import say_end_of_day
from kiosk.commands.help import HelpGroup
from kiosk.commands.roster_month import export_plan, import_plan, month
from kiosk.i18n import Translator
from kiosk.services.records import DayPlan, LeaveRecord


def describe(plan: DayPlan, tr: Translator) -> str:
    if plan.plan == "shift":
        return tr.t("plan.shift", shift=plan.shift_code)
    if plan.plan == "leave" and plan.leave:
        return tr.t("plan.leave", leave_type=tr.leave_type(plan.leave.type))
    return tr.t("plan.rest")


@click.group(cls=HelpGroup)
def roster() -> None:
    """Who works which shift on a day."""


@roster.command("set")
@click.argument("staff_id")
@click.argument("day", metavar="DATE")
@click.argument("shift", metavar="A|B|C|rest")
@by_option
@click.option("--reason", default="")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def set_(
    state: CliState,
    staff_id: str,
    day: str,
    shift: str,
    by_lead: str | None,
    reason: str,
    as_json: bool,
) -> None:
    """Override one person's shift (or rest: rest, 休 or 休息) on one day."""
    state.json = as_json
    when = parse_day(day, state, plan=True)
    by = optional_lead(state, by_lead)
    change = state.services().lead.set_roster(staff_id, when, shift, by, reason)
    plan = change.result
    public = plan.public()
    text = state.tr.t(
        "roster.set",
        name=plan.staff.name,
        staff_id=plan.staff.id,
        date=public["date"],
        plan=describe(plan, state.tr),
    )
    emit(state, text, public)
    say_end_of_day(state, change.end_of_day)


@roster.command("show")
@click.option("--date", "day", default=None, metavar="DATE")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def show(state: CliState, day: str | None, as_json: bool) -> None:
    """Who works what on a day (today by default): shift, rest day or leave."""
    state.json = as_json
    when = parse_day(day, state, plan=True)
    plans = state.services().roster.day(when)
    if as_json:
        emit(state, "", {"date": when.isoformat(), "roster": [p.public() for p in plans]})
        return
    tr = state.tr
    click.echo(when.isoformat())
    header = [tr.t("col.staff_id"), tr.t("col.name"), tr.t("col.plan")]
    for line in table(header, [[p.staff.id, p.staff.name, describe(p, tr)] for p in plans]):
        click.echo(line)


roster.add_command(month)
roster.add_command(export_plan)
roster.add_command(import_plan)


@click.group(cls=HelpGroup)
def leave() -> None:
    """Leave: applied in advance or phoned in (paperwork pending until done)."""


@leave.command("add")
@click.argument("staff_id")
@click.argument("leave_type", metavar="TYPE")
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="[TO]", required=False)
@click.option("--phoned", is_flag=True)
@click.option("--note", default="")
@by_option
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
    by_lead: str | None,
    as_json: bool,
) -> None:
    """Record leave. TYPE: personal sick marriage maternity bereavement compensatory paid
    work_injury, or 事假 病假 婚假 产假 丧假 换休假 带薪假 工伤假."""
    state.json = as_json
    services = state.services()
    first = parse_day(start, state, plan=True)
    last = parse_day(end, state, plan=True) if end else None
    by = optional_lead(state, by_lead)
    change = services.lead.record_leave(staff_id, leave_type, first, last, phoned, note, by)
    record = change.result
    member = services.staff.get(record.staff_id)
    public = record.public()
    fields = public | {"type": state.tr.leave_type(record.type)}
    text = state.tr.t(
        "leave.added", name=member.name, start=public["from"], end=public["to"], **fields
    )
    if record.paperwork_pending:
        text += "\n" + state.tr.t("leave.pending", leave_id=record.id)
    emit(state, text, public)
    say_end_of_day(state, change.end_of_day)


@leave.command("list")
@click.option("--pending", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def leave_list(state: CliState, pending: bool, as_json: bool) -> None:
    """List leave (with its LEAVE_ID), by first day; --pending: paperwork still to do."""
    state.json = as_json
    services = state.services()
    records = services.leave.listing(pending_only=pending)
    if as_json:
        emit(state, "", {"leave": [r.public() for r in records]})
        return
    tr = state.tr
    if not records:
        click.echo(tr.t("leave.none_pending" if pending else "leave.none"))
        return
    names = {m.id: m.name for m in services.staff.all()}
    columns = ("leave_id", "staff_id", "name", "type", "from", "to", "paperwork")
    header = [tr.t(f"col.{c}") for c in columns]
    rows = [
        [
            r.id,
            r.staff_id,
            names.get(r.staff_id, "?"),
            tr.leave_type(r.type),
            r.start.isoformat(),
            r.end.isoformat(),
            tr.t(f"leave.paperwork.{_paperwork(r)}"),
        ]
        for r in records
    ]
    for line in table(header, rows):
        click.echo(line)


def _paperwork(record: LeaveRecord) -> str:
    if not record.phoned:
        return "not_needed"
    return "done" if record.paperwork_done else "pending"


@leave.command("done")
@click.argument("leave_id")
@by_option
@click.option("--json", "as_json", is_flag=True)
@pass_state
def leave_done(state: CliState, leave_id: str, by_lead: str | None, as_json: bool) -> None:
    """Mark a phoned-in leave's paperwork as completed (see `kiosk leave list --pending`)."""
    state.json = as_json
    by = optional_lead(state, by_lead)
    change = state.services().lead.leave_paperwork_done(leave_id, by)
    result = change.result
    key = "leave.done" if result.outcome == "completed" else f"leave.done.{result.outcome}"
    payload = result.record.public() | {"paperwork": result.outcome}
    emit(state, state.tr.t(key, leave_id=result.record.id), payload)
    say_end_of_day(state, change.end_of_day)  # the days' "paperwork pending" flag is gone
