"""`kiosk month approve|reopen|status`: the month sign-off (services/month_signoff.py)."""

from __future__ import annotations

import json

import click

from kiosk.commands.common import CliState, emit, lead_signed_in, pass_state, warn
from kiosk.commands.day import say_end_of_day
from kiosk.commands.help import HelpGroup
from kiosk.errors import EXIT_REFUSED
from kiosk.i18n import describe_error
from kiosk.presentation.month import approval_words, open_words, reopen_words, status_words
from kiosk.services.month_signoff import MonthHasOpenItems


@click.group(cls=HelpGroup)
def month() -> None:
    """The month sign-off: what is open, approve a month, re-open it."""


@month.command("approve")
@click.option("--month", "which", required=True, metavar="YYYY-MM")
@click.option("--by", "by_lead", required=True, metavar="LEAD")
@click.option("--accept-open", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@pass_state
@click.pass_context
def approve(
    ctx: click.Context, state: CliState, which: str, by_lead: str, accept_open: bool, as_json: bool
) -> None:
    """Sign off a month; refused with the open items listed unless --accept-open."""
    state.json = as_json
    services = state.services()
    by = lead_signed_in(state, by_lead)
    try:
        done = services.months.approve(which, by, accept_open)
    except MonthHasOpenItems as refused:
        message = describe_error(refused, state.tr)
        if as_json:
            payload = {
                "refused": refused.code,
                "message": message,
                "month": refused.params["month"],
                "open_items": [i.to_json() for i in refused.items],
            }
            click.echo(json.dumps(payload, ensure_ascii=False))
        else:
            for line in open_words(refused.params["month"], refused.items, state.tr):
                click.echo(line)
            warn(message)
        ctx.exit(EXIT_REFUSED)
    emit(state, "\n".join(approval_words(done.record, state.tr)), done.public())  # type: ignore[arg-type]
    if done.sent.send_deferred:
        warn(state.tr.t("month.sent_deferred"))
    say_end_of_day(state, done.sent)


@month.command("reopen")
@click.option("--month", "which", required=True, metavar="YYYY-MM")
@click.option("--by", "by_lead", required=True, metavar="LEAD")
@click.option("--reason", required=True)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def reopen(state: CliState, which: str, by_lead: str, reason: str, as_json: bool) -> None:
    """Re-open a signed-off month with a reason; the next sign-off is its next revision."""
    state.json = as_json
    services = state.services()
    by = lead_signed_in(state, by_lead)
    done = services.months.reopen(which, by, reason)
    emit(state, reopen_words(done.record, state.tr), done.public())  # type: ignore[arg-type]


@month.command("status")
@click.option("--month", "which", required=True, metavar="YYYY-MM")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def status(state: CliState, which: str, as_json: bool) -> None:
    """A month's open items, sign-off state and history."""
    state.json = as_json
    found = state.services().months.status(which)
    emit(state, "\n".join(status_words(found, state.tr)), found.public())
