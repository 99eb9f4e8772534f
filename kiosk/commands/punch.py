"""`kiosk punch`, `kiosk check` and `kiosk incident`: the events of a working day."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from kiosk.commands.common import (
    CliState,
    emit,
    lead_signed_in,
    parse_day,
    parse_moment,
    pass_state,
    warn,
)
from kiosk.commands.help import KioskCommand
from kiosk.errors import KioskError, RefusedError, UsageError
from kiosk.i18n import Translator, describe_error
from kiosk.presentation.punch import describe_punch

if TYPE_CHECKING:  # the appearance check's modules are loaded by `kiosk check` alone
    from kiosk.services.appearance import AppearanceResult
    from kiosk.services.container import Services
    from kiosk.services.end_of_day import EndOfDay


def say_end_of_day(state: CliState, done: EndOfDay) -> None:
    """kiosk.commands.day's, imported only after a lead's change: a staff member's punch
    does not pay for the day close's and the sync's modules."""
    from kiosk.commands.day import say_end_of_day as say

    say(state, done)


@click.command(cls=KioskCommand)
@click.argument("staff_id", metavar="ID")
@click.option("--at", "at", default=None, metavar="DATETIME")
@click.option("--yes", "confirmed", is_flag=True)
@click.option("--by", "lead", default=None, metavar="LEAD")
@click.option("--reason", default=None)
@click.option(
    "--action",
    type=click.Choice(["check_in", "check_out", "break_out", "break_in"]),
    default=None,
)
@click.option(
    "--date",
    "day",
    default=None,
    metavar="DATE",
)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def punch(
    state: CliState,
    staff_id: str,
    at: str | None,
    confirmed: bool,
    lead: str | None,
    reason: str | None,
    action: str | None,
    day: str | None,
    as_json: bool,
) -> None:
    """Check in or out. ID may be a staff ID or a scanned badge payload."""
    state.json = as_json
    services = state.services()
    member = services.scan.identify(staff_id).staff
    moment = parse_moment(at, state) if at else None
    if lead is not None:
        if moment is None:
            raise UsageError("correction_needs_at")
        when = parse_day(day, state) if day else None
        if when is not None:
            services.dates.agree(when, moment)  # before the PIN, before anything is written
        lead = lead_signed_in(state, lead)
        change = services.lead.correct_punch(member.id, moment, lead, reason or "", action, when)
        result = change.result
        lead_name = services.staff.get(lead).name
        text = state.tr.t(
            "punch.corrected",
            lead=lead_name,
            name=member.name,
            action=state.tr.t(f"action.{result.action}"),
            time=moment.strftime("%Y-%m-%d %H:%M"),
            reason=reason,
        )
        emit(state, text, result.public())
        say_end_of_day(state, change.end_of_day)
        return
    if reason or action or day:
        raise UsageError("reason_needs_lead")
    try:
        result = services.punch.punch(member.id, confirmed=confirmed, at=moment)
    except RefusedError as err:
        if err.code not in ("needs_confirmation", "meal_break") or as_json:
            raise
        # The refusal, then how to confirm: a CLI user has no button to press.
        warn(describe_error(err, state.tr))
        warn(state.tr.t("punch.confirm_hint"))
        click.get_current_context().exit(err.exit_code)
    emit(state, describe_punch(result, state.tr), result.public())


@click.command(cls=KioskCommand)
@click.argument("staff_id", metavar="ID")
@click.option("--by", "lead", required=True, metavar="LEAD")
@click.option("--fail", "failed", default="", metavar="KEY,KEY")
@click.option("--date", "day", default=None, metavar="DATE")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def check(
    state: CliState, staff_id: str, lead: str, failed: str, day: str | None, as_json: bool
) -> None:
    """Record the lead's appearance check of one person (fines add up per failed item)."""
    state.json = as_json
    services = state.services()
    when = parse_day(day, state) if day else None
    lead = lead_signed_in(state, lead)
    change = services.lead.appearance_check(staff_id, lead, failed.split(","), when)
    result = change.result
    items = services.config.checklist_by_key
    separator = "、" if state.language == "zh" else "; "
    failed_text = (
        separator.join(items[k].label(state.language) for k in result.failed)
        if result.failed
        else state.tr.t("check.all_passed")
    )
    text = state.tr.t(
        "check.done",
        name=result.staff.name,
        lead=result.lead.name,
        failed=failed_text,
        fine=result.fine,
    )
    if result.corrects:
        text += "\n" + _replaced_check(services, result, state.tr)
    emit(state, text, result.public())
    say_end_of_day(state, change.end_of_day)


def _replaced_check(services: Services, result: AppearanceResult, tr: Translator) -> str:
    """The line saying which earlier check this one replaces, from the day's events."""
    try:
        events = services.store.days.events(result.date)
    except KioskError:  # the check is recorded; only the detail of the earlier one is missing
        events = []
    earlier = next((e for e in events if e.get("id") == result.corrects), None)
    if earlier is None:
        return tr.t("check.replaces_earlier")
    try:
        time = datetime.fromisoformat(str(earlier["at"])).strftime("%H:%M")
    except (KeyError, ValueError):
        time = "?"
    return tr.t("check.replaces", time=time, fine=earlier.get("fine", 0))


@click.command(cls=KioskCommand)
@click.argument("staff_id", metavar="ID")
@click.argument("kind", metavar="KIND")
@click.option("--by", "lead", required=True, metavar="LEAD")
@click.option("--at", "at", default=None, metavar="DATETIME")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def incident(
    state: CliState, staff_id: str, kind: str, lead: str, at: str | None, as_json: bool
) -> None:
    """Record an incident (e.g. uniform_outside) with its fine."""
    state.json = as_json
    services = state.services()
    moment = parse_moment(at, state) if at else None
    lead = lead_signed_in(state, lead)
    change = services.lead.record_incident(staff_id, kind, lead, moment)
    result = change.result
    label = services.config.incidents[result.kind].label(state.language)
    text = state.tr.t(
        "incident.done",
        name=result.staff.name,
        lead=result.lead.name,
        kind=label,
        fine=result.fine,
    )
    emit(state, text, result.public())
    say_end_of_day(state, change.end_of_day)
