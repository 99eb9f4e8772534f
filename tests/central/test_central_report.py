"""The month across kiosks from PostgreSQL, and the live link that lets desks share a day."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.central.central_support import DEAD_DSN, Kiosk, make_kiosk, rows
from tests.cli.cli_helpers import day_events

DESK_2_STAFF = (
    "2001,周芳,A,sun,0,2001\n2002,吴倩,A,sun,0,2002\n2003,郑丹,B,sun,0,2003\n"
    "L002,何静,A,sun,1,1234\n"
)
TRAVELLER = "3001"  # on both desks' staff lists
DAYS = ("2026-11-25", "2026-11-26", "2026-11-27")


@pytest.fixture
def desks(tmp_path: Path, central_dsn: str) -> tuple[Kiosk, Kiosk]:
    desk_1 = make_kiosk(tmp_path, "desk-1", central_dsn)
    desk_2 = make_kiosk(tmp_path, "desk-2", central_dsn, DESK_2_STAFF)
    assert desk_1("central", "init", "--dsn", central_dsn, now="2026-11-20T06:00:00").exit_code == 0
    return desk_1, desk_2


def ok(kiosk: Kiosk, *args: str, now: str) -> dict[str, Any]:
    result = kiosk(*args, "--json", now=now)
    assert result.exit_code == 0, (args, result.stderr)
    return result.json()


def a_varied_day(
    desk: Kiosk, day: str, on_time: str, late: str, fined: str, lead: str = "L001"
) -> None:
    """One on time; one late who also leaves early; a failed appearance check and an
    incident; everyone else absent, resting or on leave as the roster says; closed at 21:00."""
    ok(desk, "punch", on_time, now=f"{day}T07:55:00")
    ok(desk, "punch", late, now=f"{day}T08:12:00")
    ok(desk, "check", on_time, "--by", lead, "--fail", "makeup,breath", now=f"{day}T08:20:00")
    ok(desk, "incident", fined, "uniform_outside", "--by", lead, now=f"{day}T12:00:00")
    ok(desk, "punch", on_time, now=f"{day}T18:05:00")
    ok(desk, "punch", late, "--yes", now=f"{day}T17:30:00")
    assert desk("day", "close", "--date", day, now=f"{day}T21:00:00").exit_code == 0


def month(desk: Kiosk, *args: str, fmt: str = "json") -> bytes:
    result = desk(*args, "--month", "2026-11", "--format", fmt, now="2026-11-28T09:00:00")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes if fmt == "xlsx" else result.stdout.encode("utf-8")


def central_month(desk: Kiosk, dsn: str, *args: str, fmt: str = "json") -> bytes:
    return month(desk, "central", "report", "--dsn", dsn, *args, fmt=fmt)


def people_by_day(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{d['date']} {p['staff_id']}": p for d in report["days"] for p in d["people"]}


def test_the_central_month_is_the_sum_of_the_local_ones(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, desk_2 = desks
    ok(desk_1, "leave", "add", "1005", "sick", "2026-11-26", "--phoned", now="2026-11-26T07:00:00")
    for day in DAYS:
        a_varied_day(desk_1, day, "1001", "1002", "1006")
        a_varied_day(desk_2, day, "2001", "2002", "2003", lead="L002")
    local = [json.loads(month(d, "export")) for d in desks]
    central = json.loads(central_month(desk_1, central_dsn))

    assert central["kiosk_id"] == "central"
    assert [d["date"] for d in central["days"]] == list(DAYS)
    assert people_by_day(central) == people_by_day(local[0]) | people_by_day(local[1])
    totals = {t["staff_id"]: t for report in local for t in report["totals"]}
    assert {t["staff_id"]: t for t in central["totals"]} == totals
    assert totals["1002"]["late_count"] == 3 and totals["1002"]["early_count"] == 3
    assert totals["1005"]["leave_days"] == {"sick": 1}
    assert totals["2003"]["incident_fines"] == 60

    # The CSVs have the local export's columns, and their rows are the desks' rows together.
    central_csv = csv_parts(central_month(desk_1, central_dsn, fmt="csv"))
    local_csv = [csv_parts(month(d, "export", fmt="csv")) for d in desks]
    central_totals = csv_parts(central_month(desk_1, central_dsn, "--totals", fmt="csv"))
    local_totals = [csv_parts(month(d, "export", "--totals", fmt="csv")) for d in desks]
    for central_part, local_parts in ((central_csv, local_csv), (central_totals, local_totals)):
        assert all(local["header"] == central_part["header"] for local in local_parts)
        assert central_part["rows"] == local_parts[0]["rows"] + local_parts[1]["rows"]

    # The workbook is the local export's, from the same render function.
    book = load_workbook(io.BytesIO(central_month(desk_1, central_dsn, fmt="xlsx")))
    assert book.sheetnames == ["Attendance", "Detail", "Totals"]  # the desks speak English here
    grid = book["Attendance"]
    assert "central" in str(grid["A2"].value) and "not approved" in str(grid["A2"].value)
    marks = {row[0]: row[2 + 24 : 2 + 27] for row in grid.iter_rows(min_row=5, values_only=True)}
    assert marks["1002"] == ("LE", "LE", "LE") and marks["2001"] == ("√", "√", "√")  # 25th-27th
    assert book["Totals"].max_row == 1 + len(totals)


def csv_parts(data: bytes) -> dict[str, Any]:
    """A month CSV (the day rows, or with --totals the totals): its header and its rows."""
    lines = data.decode("utf-8-sig").splitlines()
    assert "" not in lines  # one table per file
    return {"header": lines[0], "rows": Counter(lines[1:])}


def test_a_person_in_at_one_desk_and_out_at_another_is_counted_once(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, desk_2 = desks
    for desk in desks:
        ok(desk, "staff", "add", TRAVELLER, "钱敏", "--shift", "A", "--rest-day", "sun",
           now="2026-11-20T08:00:00")  # fmt: skip
    day = "2026-11-27"
    went_in = ok(desk_1, "punch", TRAVELLER, now=f"{day}T07:58:00")
    # The check-in is in the central database at once, before any close.
    assert rows(central_dsn, "SELECT kiosk_id FROM events WHERE event_id = %s", went_in["id"]) == [
        ("desk-1",)
    ]
    twice = desk_2("punch", TRAVELLER, "--json", now=f"{day}T07:59:00")
    assert twice.exit_code == 3 and twice.json()["refused"] == "duplicate"
    went_out = ok(desk_2, "punch", TRAVELLER, now=f"{day}T18:03:00")
    assert went_out["action"] == "check_out"  # desk 2 knew about desk 1's check-in
    # 07:58-18:03 on shift A (08:00-18:00 less its break) is 485 minutes, as at one desk.
    assert went_out["worked_minutes"] == 485 and went_out["early_minutes"] == 0
    for desk in desks:
        # Each desk's own close and board see the other desk's punch too: neither says
        # "no check-out" or "absent" for someone who worked the whole shift.
        closed = ok(desk, "day", "close", "--date", day, now=f"{day}T21:00:00")
        (line,) = [p for p in closed["people"] if p["staff_id"] == TRAVELLER]
        assert (line["status"], line["flags"]) == ("present", ["appearance_unchecked"])
        assert line["worked_minutes"] == 485

    central = json.loads(central_month(desk_1, central_dsn))
    (person,) = [p for d in central["days"] for p in d["people"] if p["staff_id"] == TRAVELLER]
    assert person["status"] == "present"
    assert person["check_in"] == f"{day}T07:58:00+08:00"
    assert person["check_out"] == f"{day}T18:03:00+08:00"
    assert "no_checkout" not in person["flags"] and person["late_minutes"] == 0
    assert person["worked_minutes"] == 485
    (total,) = [t for t in central["totals"] if t["staff_id"] == TRAVELLER]
    assert total["days_present"] == 1 and total["absences"] == 0 and total["no_checkout"] == 0


def test_punches_go_on_when_the_database_is_down_and_arrive_with_the_close(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, _ = desks
    desk_1.dsn = DEAD_DSN
    day = "2026-11-27"
    went_in = ok(desk_1, "punch", "1001", now=f"{day}T07:55:00")
    assert rows(central_dsn, "SELECT count(*) FROM events") == [(0,)]
    desk_1.dsn = central_dsn
    assert desk_1("day", "close", "--date", day, now=f"{day}T21:00:00").exit_code == 0
    assert rows(central_dsn, "SELECT kiosk_id FROM events WHERE event_id = %s", went_in["id"]) == [
        ("desk-1",)
    ]
    assert {e["id"] for e in day_events(desk_1.data_dir)} >= {went_in["id"]}


def test_report_names_kiosk_days_that_were_never_closed(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, desk_2 = desks
    a_varied_day(desk_1, "2026-11-27", "1001", "1002", "1006")
    ok(desk_2, "punch", "2001", now="2026-11-27T07:55:00")  # pushed live, never closed
    result = desk_1("central", "report", "--dsn", central_dsn, "--month", "2026-11",
                    now="2026-11-28T09:00:00", lang="zh")  # fmt: skip
    assert result.exit_code == 0
    assert "2026-11-27 desk-2" in result.stderr


def test_report_month_and_database_mistakes_are_one_sentence(
    desks: tuple[Kiosk, Kiosk], central_dsn: str, tmp_path: Path
) -> None:
    desk_1, _ = desks
    bad_month = desk_1("central", "report", "--dsn", central_dsn, "--month", "2026-13",
                       now="2026-11-28T09:00:00")  # fmt: skip
    assert bad_month.exit_code == 2
    down = desk_1("central", "report", "--dsn", DEAD_DSN, "--month", "2026-11",
                  now="2026-11-28T09:00:00")  # fmt: skip
    assert down.exit_code == 4 and "Cannot reach the central database" in down.stderr


def test_a_rest_day_set_at_one_desk_beats_the_other_desks_weekly_pattern(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    """Desk 1 gave the traveller Friday off; desk 2 only knows the weekly pattern (a
    working day). The person stayed home: the department's month says rest, not absent."""
    desk_1, _ = desks
    day = "2026-11-27"
    for desk in desks:
        ok(desk, "staff", "add", TRAVELLER, "钱敏", "--shift", "A", "--rest-day", "sun",
           now="2026-11-20T08:00:00")  # fmt: skip
    ok(desk_1, "roster", "set", TRAVELLER, day, "rest", now="2026-11-26T09:00:00")
    for desk in desks:
        assert desk("day", "close", "--date", day, now=f"{day}T21:00:00").exit_code == 0
    central = json.loads(central_month(desk_1, central_dsn))
    (person,) = [p for d in central["days"] for p in d["people"] if p["staff_id"] == TRAVELLER]
    assert (person["status"], person["plan"], person["plan_source"]) == ("rest", "rest", "override")
    (total,) = [t for t in central["totals"] if t["staff_id"] == TRAVELLER]
    assert total["absences"] == 0 and total["rest_days"] == 1


def test_two_desks_overriding_one_day_differently_give_the_working_day(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    """Desk 1 gave the traveller the day off, desk 2 put them on shift A (the later plan
    the person followed: they came in). Two overrides: the working one wins, whatever the
    desks' ids."""
    desk_1, desk_2 = desks
    day = "2026-11-27"
    for desk in desks:
        ok(desk, "staff", "add", TRAVELLER, "钱敏", "--shift", "A", "--rest-day", "sun",
           now="2026-11-20T08:00:00")  # fmt: skip
    ok(desk_1, "roster", "set", TRAVELLER, day, "rest", now="2026-11-26T09:00:00")
    ok(desk_2, "roster", "set", TRAVELLER, day, "A", now="2026-11-26T09:05:00")
    ok(desk_2, "punch", TRAVELLER, now=f"{day}T07:58:00")
    ok(desk_2, "punch", TRAVELLER, now=f"{day}T18:03:00")
    for desk in desks:
        assert desk("day", "close", "--date", day, now=f"{day}T21:00:00").exit_code == 0
    central = json.loads(central_month(desk_1, central_dsn))
    (person,) = [p for d in central["days"] for p in d["people"] if p["staff_id"] == TRAVELLER]
    assert (person["plan"], person["status"], person["flags"]) == (
        "shift",
        "present",
        ["appearance_unchecked"],
    )


def test_the_central_report_reads_every_figure_as_the_desk_does(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    """Issue 11: a day-off arrival, a roster change after the check-in and a config edit after
    the close: the central report recomputes each day with the same rules and the rule book
    the desk closed the day by, so its figures are the desk's, and it matches the schema."""
    from tests.close.test_schema import validate

    desk_1, _ = desks
    day = "2026-11-23"  # a Monday: 1001's weekly rest day
    ok(desk_1, "punch", "1001", now=f"{day}T09:10:00")  # came in anyway: unscheduled
    ok(desk_1, "punch", "1002", now=f"{day}T08:05:00")  # 5 minutes late for A
    ok(desk_1, "roster", "set", "1002", day, "C", now=f"{day}T09:00:00")  # now on time for C
    ok(desk_1, "punch", "1002", now=f"{day}T20:00:00")
    ok(desk_1, "punch", "1001", now=f"{day}T12:30:00")
    assert desk_1("day", "close", "--date", day, now=f"{day}T21:00:00").exit_code == 0
    config = desk_1.data_dir / "kiosk.toml"
    text = config.read_text("utf-8")
    later = 'start = "12:00"\nend = "21:00"'  # C ends an hour later from now on
    config.write_text(text.replace('start = "12:00"\nend = "20:00"', later, 1), "utf-8")

    local = people_by_day(json.loads(month(desk_1, "export")))
    central = json.loads(central_month(desk_1, central_dsn))
    for summary in central["days"]:
        validate(summary)
    assert people_by_day(central) == local
    moved, rested = local[f"{day} 1002"], local[f"{day} 1001"]
    assert (moved["shift"], moved["late_minutes"]) == ("C", 0)
    assert "late" not in moved["flags"] and moved["early_minutes"] == 0  # C then ended 20:00
    assert "unscheduled" in rested["flags"] and rested["late_minutes"] == 0
