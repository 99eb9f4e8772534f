"""`kiosk day close`: freeze a day's standing, flags and fines (see services/day_close.py)."""

from __future__ import annotations

from datetime import date

import click

from kiosk.commands.common import CliState, emit, parse_day, pass_state, warn
from kiosk.commands.sync import sync_after_close
from kiosk.services.day_close import DayClose


@click.group()
def day() -> None:
    """The day as a whole: close it."""


@day.command("close")
@click.option("--date", "when", default=None, metavar="DATE", help="Default: today.")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def close(state: CliState, when: str | None, as_json: bool) -> None:
    """Close a day: mark absences and flags, compute fines, store the summary."""
    state.json = as_json
    day_close = state.services().day_close
    closed = day_close.close(parse_day(when, state) if when else None)
    emit(state, describe_close(closed, state), closed.public())
    running = day_close.shifts_still_running(closed.date)
    if running and closed.changed:
        warn(state.tr.t("day.closed_early", shifts=", ".join(running)))
    sync_after_close(state, closed)


def reclose_after_change(
    state: CliState, day: date, by: str | None, last: date | None = None
) -> None:
    """A correction, check, incident, leave or roster change on a closed day changes its
    figures: close it again at once (the next revision) and send it. `last`: the end of a
    range (a leave). Said on stderr, so `--json` output stays one object."""
    for closed in state.services().day_close.reclose_days(day, last or day, by=by):
        warn(state.tr.t("day.reclosed", date=closed.date.isoformat(), revision=closed.revision))
        sync_after_close(state, closed)


def describe_close(closed: DayClose, state: CliState) -> str:
    tr = state.tr
    people = closed.summary["people"]
    counts = {
        status: sum(p["status"] == status for p in people)
        for status in ("present", "absent", "rest", "leave")
    }
    key = "day.closed" if closed.changed else "day.already_closed"
    return tr.t(
        key,
        date=closed.date.isoformat(),
        revision=closed.revision,
        fines=sum(p["fines_total"] for p in people),
        **counts,
    )
