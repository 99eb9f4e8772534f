"""`kiosk roster set|show` and `kiosk leave add|done` on the demo staff.

Friday 2026-11-27: 1003 王静 rests by override, 1004 刘敏 phoned in sick, 1005 陈晓燕 has her
weekly rest. 1006 杨洋 works C and rests on Saturdays (2026-11-28).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.records import LEAVE_TYPES
from tests.cli.cli_helpers import install_demo, one_json, people
from tests.conftest import KioskRunner


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def plan_of(demo: KioskRunner, staff_id: str, day: str) -> dict:
    result = demo("roster", "show", "--date", day, "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert body["date"] == day
    return next(p for p in body["roster"] if p["staff_id"] == staff_id)


# -- roster ----------------------------------------------------------------------------------


def test_roster_show_today_json(demo: KioskRunner) -> None:
    result = demo("roster", "show", "--json")
    assert result.exit_code == 0
    body = one_json(result)
    assert body["date"] == "2026-11-27"
    plans = {p["staff_id"]: p for p in body["roster"]}
    assert len(plans) == 12
    assert plans["1001"] == {
        "staff_id": "1001",
        "name": "张丽",
        "date": "2026-11-27",
        "plan": "shift",
        "shift": "A",
        "source": "default",
        "leave_type": None,
        "leave_id": None,
    }
    assert (plans["1003"]["plan"], plans["1003"]["source"]) == ("rest", "override")
    assert (plans["1004"]["plan"], plans["1004"]["leave_type"]) == ("leave", "sick")
    assert plans["1004"]["leave_id"]
    assert (plans["1005"]["plan"], plans["1005"]["source"]) == ("rest", "default")
    assert plans["1006"]["shift"] == "C"


def test_roster_show_human(demo: KioskRunner) -> None:
    result = demo("roster", "show")
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-11-27"
    assert lines[1].split() == ["Staff", "ID", "Name", "Plan"]
    by_id = {line.split()[0]: line for line in lines[2:]}
    assert len(by_id) == 12
    assert by_id["1001"].endswith("shift A")
    assert by_id["1003"].endswith("rest day")
    assert by_id["1004"].endswith("on sick leave")


def test_override_to_another_shift(demo: KioskRunner, data_dir: Path) -> None:
    result = demo("roster", "set", "1006", "2026-11-30", "b", "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert (body["plan"], body["shift"], body["source"]) == ("shift", "B", "override")
    assert plan_of(demo, "1006", "2026-11-30")["shift"] == "B"
    assert plan_of(demo, "1006", "2026-12-01")["shift"] == "C"  # only that one day
    # Setting the same day again replaces the override (one per person per day).
    demo("roster", "set", "1006", "2026-11-30", "A")
    assert plan_of(demo, "1006", "2026-11-30")["shift"] == "A"
    assert len(people(data_dir)["roster"]) == 2  # the demo's one + this one


def test_override_to_rest(demo: KioskRunner) -> None:
    result = demo("roster", "set", "1006", "2026-11-30", "REST")
    assert result.exit_code == 0
    assert result.stdout.strip() == "杨洋 (1006) on 2026-11-30: rest day"
    assert plan_of(demo, "1006", "2026-11-30")["plan"] == "rest"


def test_override_to_a_shift_on_the_weekly_rest_day(demo: KioskRunner) -> None:
    demo("roster", "set", "1005", "2026-11-27", "C")
    assert plan_of(demo, "1005", "2026-11-27")["plan"] == "shift"
    punch = one_json(demo("punch", "1005", "--json", now="2026-11-27T12:00:00"))
    assert punch["unscheduled"] is False


def test_leave_takes_precedence_over_an_override_and_the_week(demo: KioskRunner) -> None:
    """Issue 11: leave > a day's roster override > the weekly pattern, decided once in
    kiosk.domain.plans for every face and the central report."""
    result = demo("leave", "add", "1006", "personal", "2026-11-28", "2026-11-30", "--json")
    assert result.exit_code == 0, result.stderr
    demo("roster", "set", "1006", "2026-11-30", "rest")
    demo("roster", "set", "1006", "2026-12-01", "rest")
    assert plan_of(demo, "1006", "2026-11-28")["plan"] == "leave"  # weekly rest (Saturday)
    assert plan_of(demo, "1006", "2026-11-29")["plan"] == "leave"
    assert plan_of(demo, "1006", "2026-11-30")["plan"] == "leave"  # rest override
    assert plan_of(demo, "1006", "2026-12-01")["plan"] == "rest"  # the override, no leave


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["1006", "2026-11-30", "Q"], "unknown_shift"),
        (["1006", "2026-13-30", "A"], "bad_date"),
        (["9999", "2026-11-30", "A"], "unknown_staff"),
    ],
)
def test_roster_set_errors(demo: KioskRunner, args: list[str], code: str) -> None:
    result = demo("roster", "set", *args, "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == code


def test_roster_show_bad_date(demo: KioskRunner) -> None:
    assert demo("roster", "show", "--date", "tomorrow").exit_code == 2


# -- leave -----------------------------------------------------------------------------------


@pytest.mark.parametrize("leave_type", LEAVE_TYPES)
def test_every_leave_type_is_accepted(demo: KioskRunner, leave_type: str) -> None:
    result = demo("leave", "add", "1001", leave_type, "2026-12-01", "2026-12-03", "--json")
    assert result.exit_code == 0, result.stderr
    body = one_json(result)
    assert body["type"] == leave_type
    assert (body["from"], body["to"]) == ("2026-12-01", "2026-12-03")
    assert (body["phoned"], body["paperwork_pending"]) == (False, False)
    assert plan_of(demo, "1001", "2026-12-02")["leave_type"] == leave_type


def test_there_are_eight_leave_types() -> None:
    assert len(LEAVE_TYPES) == 8


def test_single_day_leave_and_upper_case_type(demo: KioskRunner) -> None:
    body = one_json(demo("leave", "add", "1001", "SICK", "2026-12-01", "--json"))
    assert (body["type"], body["from"], body["to"]) == ("sick", "2026-12-01", "2026-12-01")


def test_unknown_leave_type_is_refused(demo: KioskRunner) -> None:
    result = demo("leave", "add", "1001", "holiday", "2026-12-01")
    assert result.exit_code == 2
    assert "holiday" in result.stderr


def test_to_before_from_is_refused(demo: KioskRunner) -> None:
    result = demo("leave", "add", "1001", "sick", "2026-12-05", "2026-12-04", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "bad_leave_range"


def test_overlapping_leave_is_refused(demo: KioskRunner) -> None:
    first = one_json(demo("leave", "add", "1001", "paid", "2026-12-01", "2026-12-05", "--json"))
    result = demo("leave", "add", "1001", "sick", "2026-12-05", "2026-12-07", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "leave_overlaps"
    assert body["leave_id"] == first["leave_id"]
    # Another person's leave on the same days is fine.
    assert demo("leave", "add", "1002", "sick", "2026-12-05").exit_code == 0


def test_leave_for_unknown_staff(demo: KioskRunner) -> None:
    result = demo("leave", "add", "9999", "sick", "2026-12-01", "--json")
    assert result.exit_code == 2
    assert one_json(result)["error"] == "unknown_staff"


def test_phoned_leave_is_pending_until_done(demo: KioskRunner) -> None:
    result = demo("leave", "add", "1001", "sick", "2026-12-01", "--phoned", "--note", "07:10 call")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    leave_id = lines[0].split()[1].rstrip(":")
    assert lines[1] == f"Phoned-in leave: paperwork pending until `kiosk leave done {leave_id}`."

    body = one_json(demo("leave", "add", "1002", "sick", "2026-12-01", "--phoned", "--json"))
    assert (body["phoned"], body["paperwork_pending"]) == (True, True)

    done = demo("leave", "done", body["leave_id"].lower(), "--json")
    assert done.exit_code == 0, done.stderr
    after = one_json(done)
    assert (after["leave_id"], after["phoned"], after["paperwork_pending"]) == (
        body["leave_id"],
        True,
        False,
    )
    assert demo("leave", "done", leave_id).stdout.strip() == (
        f"Leave {leave_id}: paperwork completed."
    )


def test_demo_phoned_sick_leave_can_be_completed(demo: KioskRunner, data_dir: Path) -> None:
    leave_id = plan_of(demo, "1004", "2026-11-27")["leave_id"]
    [row] = people(data_dir)["leave"].values()
    assert (row["id"], row["phoned"], row["paperwork_done"]) == (leave_id, True, False)
    assert demo("leave", "done", leave_id).exit_code == 0
    [row] = people(data_dir)["leave"].values()
    assert row["paperwork_done"] is True


def test_unknown_leave_id_is_refused(demo: KioskRunner) -> None:
    result = demo("leave", "done", "LNOPE", "--json")
    assert result.exit_code == 2
    body = one_json(result)
    assert body["error"] == "unknown_leave"
    assert "LNOPE" in body["message"]
