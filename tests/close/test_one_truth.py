"""Issue 11's boundaries, through the real services on a real data folder.

A closed day keeps the rules it was judged by; the meal break is not an early leave; an
overlapping window goes to the shift that is starting; every lead change re-closes a
closed day the same way.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.errors import RefusedError
from kiosk.services.container import Services
from tests.close.scripted_day import DAY, at, services_at


def reopen(data: Path, services: Services) -> Services:
    """The same folder read again (as after a restart), at the same moment."""
    return wire_services(data, clock=FixedClock(services.clock.now()))


def edit_config(data: Path, old: str, new: str) -> None:
    path = data / "kiosk.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def person(services: Services, day: date, staff_id: str) -> dict:  # type: ignore[type-arg]
    latest = services.day_close.latest(day)
    assert latest is not None
    return next(p for p in latest.summary.to_json()["people"] if p["staff_id"] == staff_id)


# -- a closed day keeps the rules it was judged by ---------------------------------------------


def test_a_template_edit_after_a_close_changes_nothing_and_a_re_close_keeps_the_old_start(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "08:10")
    services.punch.punch("1008")  # B starts 08:00: 10 minutes late
    at(services, "20:40")
    first = services.end_of_day.close(DAY).closes[0]
    assert (first.revision, person(services, DAY, "1008")["late_minutes"]) == (1, 10)
    judged = first.summary.judged_by
    assert judged is not None and judged["shifts"]["B"]["start"] == "08:00"

    # B moves to 08:30 from now on: the closed day is not judged again by itself
    edit_config(data, 'start = "08:00"\nend = "16:00"', 'start = "08:30"\nend = "16:00"')
    later = reopen(data, services)
    assert later.config.shifts["B"].start.strftime("%H:%M") == "08:30"
    again = later.end_of_day.close(DAY).closes[0]
    assert (again.revision, again.changed) == (1, False)

    # a real change to that day closes it again, by the times in force that day
    change = later.lead.appearance_check("1008", "L001", ["badge"], DAY)
    [reclosed] = change.end_of_day.changed
    assert reclosed.revision == 2
    assert reclosed.summary.judged_by == judged
    mine = person(later, DAY, "1008")
    assert (mine["late_minutes"], "late" in mine["flags"]) == (10, True)

    # and a day not closed yet is judged by the new times
    tomorrow = DAY + timedelta(days=1)
    at(later, "08:20", tomorrow.isoformat())
    result = later.punch.punch("1008")
    assert (result.late_minutes, result.late) == (0, False)


# -- the meal break ------------------------------------------------------------------------


def test_a_scan_at_lunch_on_shift_a_records_nothing_and_says_it_is_the_meal_break(
    tmp_path: Path,
) -> None:
    services = services_at(tmp_path / "data")
    at(services, "07:55")
    services.punch.punch("1002")
    at(services, "12:05")
    with pytest.raises(RefusedError) as refused:
        services.punch.punch("1002")
    err = refused.value
    assert err.code == "meal_break"
    assert (err.params["break_start"], err.params["break_end"], err.params["end"]) == (
        "12:00",
        "14:00",
        "18:00",
    )
    assert err.exit_code == 3
    assert len([e for e in services.store.days.events(DAY) if e["type"] == "punch"]) == 1
    # sent home sick at 12:05: confirmed, it is today's early check-out
    out = services.punch.punch("1002", confirmed=True)
    assert (out.action, out.early, out.early_minutes, out.worked_minutes) == (
        "check_out",
        True,
        355,
        245,
    )


def break_punches_on(data: Path) -> None:
    edit_config(data, 'break_end = "14:00"', 'break_end = "14:00"\nbreak_punches = true')


def with_break_punches(tmp_path: Path) -> Services:
    """The demo folder with shift A recording its meal break, read again as at a restart."""
    data = tmp_path / "data"
    services = services_at(data)
    break_punches_on(data)
    return reopen(data, services)


def test_with_break_punches_lunch_is_recorded_and_a_late_return_is_flagged(
    tmp_path: Path,
) -> None:
    services = with_break_punches(tmp_path)
    assert services.config.shifts["A"].break_punches
    at(services, "07:55")
    services.punch.punch("1002")
    at(services, "12:05")
    going = services.punch.punch("1002")
    assert going.action == "break_out"
    at(services, "14:01")
    back = services.punch.punch("1002")
    assert (back.action, back.late_from_break_minutes) == ("break_in", 1)
    assert "late_from_break" in back.standing.flags
    at(services, "18:00")
    out = services.punch.punch("1002")
    # worked: 07:55-18:00 less the real break 12:05-14:01
    assert (out.action, out.worked_minutes, out.early) == ("check_out", 605 - 116, False)
    at(services, "20:40")
    services.end_of_day.close(DAY)
    mine = person(services, DAY, "1002")
    assert "late_from_break" in mine["flags"]
    assert (mine["late_from_break_minutes"], mine["worked_minutes"]) == (1, 489)
    csv = services.exports.day(DAY, "csv", services.sync.tr).data.decode("utf-8")
    assert "午休晚归" in csv


def test_coming_back_from_lunch_on_time_is_not_flagged(tmp_path: Path) -> None:
    services = with_break_punches(tmp_path)
    at(services, "07:55")
    services.punch.punch("1002")
    at(services, "12:00")
    services.punch.punch("1002")
    at(services, "14:00")
    back = services.punch.punch("1002")
    assert (back.action, back.late_from_break_minutes) == ("break_in", 0)
    assert "late_from_break" not in back.standing.flags


# -- every lead change re-closes a closed day (the CLI and services face) ---------------------

LEAD_CHANGES = {
    "appearance_check": lambda s: s.lead.appearance_check("1001", "L001", ["nails"], DAY),
    "incident": lambda s: s.lead.record_incident(
        "1001", "uniform_outside", "L001", s.clock.now().replace(day=27, hour=13)
    ),
    "correction": lambda s: s.lead.correct_punch(
        "1001", s.clock.now().replace(day=27, hour=18, minute=5), "L001", "forgot", "check_out"
    ),
    "leave": lambda s: s.lead.record_leave("1010", "sick", DAY, DAY, phoned=False, by="L001"),
    "paperwork_done": lambda s: s.lead.leave_paperwork_done(
        s.leave.covering("1004", DAY).id, by="L001"
    ),
    "roster": lambda s: s.lead.set_roster("1011", DAY, "rest", by="L001"),
}


@pytest.mark.parametrize("kind", sorted(LEAD_CHANGES))
def test_every_kind_of_lead_change_re_closes_a_closed_day_at_once(
    tmp_path: Path, kind: str
) -> None:
    services = services_at(tmp_path / "data")
    at(services, "07:55")
    services.punch.punch("1001")
    # (the demo has 1004 on phoned-in sick leave today, paperwork pending)
    at(services, "20:40")
    services.end_of_day.close(DAY)
    at(services, "20:45")
    change = LEAD_CHANGES[kind](services)
    [reclosed] = change.end_of_day.changed
    assert (reclosed.date, reclosed.revision) == (DAY, 2)
    assert services.day_close.is_closed(DAY)  # not left re-opened
