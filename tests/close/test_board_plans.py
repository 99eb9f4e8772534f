"""The board and the close plan everyone from one read of people.json (issue 15): a roster
override, leave and a weekly rest day on one board at once must come out exactly as the
one-person look-ups (`RosterService.plan`, `BoardService.person`) give them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.services.roster import Override
from tests.close.scripted_day import DAY, at, script_the_day, services_at


def test_overrides_leave_and_rest_on_one_board_match_one_person_lookups(
    tmp_path: Path,
) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    other_day = DAY + timedelta(days=1)
    services.roster.write_overrides(
        [
            Override("1006", DAY, "rest"),  # worked anyway: unscheduled
            Override("1008", DAY, "C"),  # absent on another shift
            Override("1010", DAY, "B"),  # on leave too: leave beats the override
            Override("1011", other_day, "rest"),  # another day's: not today's plan
            Override("1001", other_day, "C"),
        ],
        why="test",
    )
    services.leave.add("1010", "personal", DAY - timedelta(days=1), DAY)
    services.leave.add("1011", "sick", other_day, other_day)  # tomorrow only
    services.leave.add("1002", "paid", DAY + timedelta(days=3), DAY + timedelta(days=4))
    at(services, "20:35")

    rows = services.board.rows(DAY)
    members = [m for m in services.staff.all() if m.employed_on(DAY)]
    assert [row.staff.id for row in rows] == [m.id for m in members]
    assert [row.plan for row in rows] == [services.roster.plan(m, DAY) for m in members]
    assert [row.person for row in rows] == [services.board.person(m.id, DAY) for m in members]
    plans = {row.staff.id: (row.plan.plan, row.plan.source, row.plan.shift_code) for row in rows}
    assert plans["1006"] == ("rest", "override", "C")
    assert plans["1008"][:2] == ("shift", "override") and plans["1008"][2] == "C"
    assert plans["1010"] == ("leave", "override", "B")
    assert plans["1005"][:2] == ("rest", "default")
    assert plans["1011"][:2] == ("shift", "default")  # tomorrow's rest and leave do not apply
    assert plans["1001"][:2] == ("shift", "default")
    by_id = {row.staff.id: row for row in rows}
    assert "unscheduled" in by_id["1006"].flags
    assert by_id["1010"].person.leave_type == "personal"

    closed = services.day_close.close(DAY)
    assert list(closed.summary.people) == [
        row.person for row in services.board.rows_from(DAY, services.store.days.events(DAY), True)
    ]
    # a re-close after another leave keeps the one-person answer too
    services.leave.add("1008", "sick", DAY, DAY, phoned=True)
    again = services.day_close.close(DAY)
    line = next(p for p in again.summary.people if p.staff_id == "1008")
    assert (line.status, line.leave_type, again.revision) == ("leave", "sick", 2)
    assert line == services.board.person("1008", DAY)
