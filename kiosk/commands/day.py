"""`kiosk day close`: freeze a day's standing, flags and fines (services/end_of_day.py)."""

from __future__ import annotations

import click

from kiosk.commands.common import CliState, emit, parse_day, pass_state, warn
from kiosk.commands.help import HelpGroup
from kiosk.presentation.day import describe_close, shifts_running_note
from kiosk.presentation.sync import end_of_day_warnings
from kiosk.services.end_of_day import EndOfDay


@click.group(cls=HelpGroup)
def day() -> None:
    """The day as a whole: close it."""


@day.command("close")
@click.option("--date", "when", default=None, metavar="DATE")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def close(state: CliState, when: str | None, as_json: bool) -> None:
    """Close a day: mark absences and flags, compute fines, store the summary."""
    state.json = as_json
    services = state.services()
    done = services.end_of_day.close(parse_day(when, state) if when else None)
    closed = done.closes[0]
    emit(state, describe_close(closed, state.tr), closed.public())
    running = services.day_close.shifts_still_running(closed.date)
    if running and closed.changed:
        warn(shifts_running_note(running, state.tr))
    for line in end_of_day_warnings(done, state.tr):
        warn(line)


def say_end_of_day(state: CliState, done: EndOfDay) -> None:
    """After a lead's change: which closed days were closed again (the next revision) and
    whether sending them worked. On stderr, so `--json` output stays one object."""
    for closed in done.changed:
        warn(state.tr.t("day.reclosed", date=closed.date.isoformat(), revision=closed.revision))
    for line in end_of_day_warnings(done, state.tr):
        warn(line)
