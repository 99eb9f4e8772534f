"""One truth (issue 11): every face gives the same figures for the same punches.

Hypothesis writes two days' scripts for some of the demo staff (punches at random moments
for people on shift, on a rest day and on leave, a lead's corrections, appearance checks,
roster changes after a check-in, and a kiosk.toml edit between the days), runs them through
the real `kiosk` command on a real data folder, and checks that `punch --json`, the lead's
board rows and head counts, `day close --json`, and the CSV and JSON exports agree on every
person's status, flags and minutes. (The central report is checked against the same kind
of day in tests/central/test_central_report.py, against a real PostgreSQL.)
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import get_args

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import cli, wire_services
from kiosk.clock import FixedClock
from kiosk.domain.punch_rules import RefusalReason
from kiosk.domain.summary import day_counts
from kiosk.i18n import Translator
from tests.cli.cli_helpers import install_demo
from tests.conftest import lead_pin_input

DAY = date(2026, 11, 27)  # a Friday: 1005 rests (weekly), the demo has 1003 on rest, 1004 sick
PEOPLE = ("1001", "1002", "1003", "1004", "1005", "1006", "1009")
EN = Translator("en")


@dataclass(frozen=True)
class Step:
    """One thing that happens at the desk: a scan, a correction, a check or a roster move."""

    kind: str
    staff_id: str
    minute: int  # minutes after 06:30 on the day
    value: str = ""


def moment(day: date, minute: int) -> str:
    return (datetime.combine(day, datetime.min.time()) + timedelta(minutes=390 + minute)).isoformat(
        timespec="minutes"
    )


steps = st.lists(
    st.builds(
        Step,
        kind=st.sampled_from(["scan", "scan", "scan", "confirm", "correct", "check", "roster"]),
        staff_id=st.sampled_from(PEOPLE),
        minute=st.integers(min_value=0, max_value=14 * 60),
        value=st.sampled_from(["A", "B", "C", "rest", "nails", ""]),
    ),
    min_size=4,
    max_size=18,
)
config_edits = st.sampled_from(
    [
        None,
        ("late_grace_minutes = 0 ", "late_grace_minutes = 5 "),
        ('start = "08:00"\nend = "16:00"', 'start = "08:30"\nend = "16:00"'),
    ]
)


class Desk:
    """The real `kiosk` command, in-process, on one data folder."""

    def __init__(self, data: Path) -> None:
        self.data = data

    def __call__(self, *args: str, now: str) -> tuple[int, str]:
        result = CliRunner().invoke(
            cli,
            ["--data-dir", str(self.data), "--lang", "en", *args],
            input=lead_pin_input(args),
            env={"KIOSK_FAKE_NOW": now},
            catch_exceptions=False,
        )
        return result.exit_code, result.stdout


def run_day(desk: Desk, day: date, script: list[Step]) -> dict[str, dict]:  # type: ignore[type-arg]
    """Play the script in time order; the last accepted punch --json per person and action
    (none when a later step changed that person's day, since the figures then move)."""
    seen: dict[str, dict] = {}  # type: ignore[type-arg]
    for step in sorted(script, key=lambda s: s.minute):
        at = moment(day, step.minute)
        if step.kind in ("scan", "confirm"):
            extra = ["--yes"] if step.kind == "confirm" else []
            code, out = desk("punch", step.staff_id, "--at", at, *extra, "--json", now=at)
            body = json.loads(out)
            assert code in (0, 3), out
            if code == 0:
                assert body["action"] in ("check_in", "check_out", "break_out", "break_in")
                seen[f"{step.staff_id}:{body['action']}"] = body
            else:
                assert body["refused"] in get_args(RefusalReason)
            continue
        if step.kind == "correct":
            code, _ = desk(
                "punch", step.staff_id, "--by", "L001", "--at", at, "--reason", "forgot",
                "--date", day.isoformat(), "--json", now=at,
            )  # fmt: skip
        elif step.kind == "check":
            failed = step.value if step.value == "nails" else ""
            code, _ = desk(
                "check", step.staff_id, "--by", "L001", "--fail", failed,
                "--date", day.isoformat(), now=at,
            )  # fmt: skip
        else:
            shift = step.value if step.value in ("A", "B", "C", "rest") else "A"
            code, _ = desk("roster", "set", step.staff_id, day.isoformat(), shift, now=at)
        assert code in (0, 2), step
        for key in [k for k in seen if k.startswith(f"{step.staff_id}:")]:
            del seen[key]  # the person's day changed after that punch
    return seen


def check_day(desk: Desk, day: date, punches: dict[str, dict]) -> None:  # type: ignore[type-arg]
    late_night = f"{day.isoformat()}T23:30"
    code, out = desk("day", "close", "--date", day.isoformat(), "--json", now=late_night)
    assert code == 0, out
    closed = json.loads(out)
    people = {p["staff_id"]: p for p in closed["people"]}

    # punch --json said what the close says (for punches nothing changed since)
    for key, body in punches.items():
        staff_id, action = key.split(":")
        person = people[staff_id]
        if action == "check_in" and person["check_in"] == body["at"]:
            assert body["late_minutes"] == person["late_minutes"], (body, person)
            assert ("late" in body["flags"]) == ("late" in person["flags"])
            assert body["unscheduled"] == ("unscheduled" in person["flags"])
        if action == "check_out" and person["check_out"] == body["at"]:
            assert body["early_minutes"] == person["early_minutes"], (body, person)
            assert body["worked_minutes"] == person["worked_minutes"], (body, person)
        if body["unscheduled"]:
            assert body["late_minutes"] == body["early_minutes"] == 0

    # the board (as the lead sees it that night) has the same rows and the same counts
    services = wire_services(
        desk.data, clock=FixedClock(datetime.fromisoformat(late_night + ":00+08:00"))
    )
    rows = services.board.rows(day)
    board = {r.person.staff_id: r.person.to_json() for r in rows}
    for staff_id, person in people.items():
        mine = board[staff_id]
        for field in ("status", "flags", "late_minutes", "early_minutes", "worked_minutes"):
            assert mine[field] == person[field], (staff_id, field, mine, person)
    latest = services.day_close.latest(day)
    assert latest is not None
    assert day_counts([r.person for r in rows]) == latest.summary.counts

    # the exports carry the closed figures, as they are
    code, out = desk("export", "--date", day.isoformat(), "--format", "json", now=late_night)
    assert code == 0
    exported = json.loads(out)
    assert exported["people"] == closed["people"]
    code, out = desk("export", "--date", day.isoformat(), now=late_night)
    assert code == 0
    rows_csv = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    header = rows_csv[0]
    col = {name: header.index(EN.t(f"export.col.{name}")) for name in (
        "staff_id", "status", "flags", "late_minutes", "early_minutes", "worked_minutes",
    )}  # fmt: skip
    for line in rows_csv[1:]:
        person = people[line[col["staff_id"]]]
        assert line[col["status"]] == EN.t(f"export.status.{person['status']}")
        flags = [EN.t(f"export.flag.{f}") for f in person["flags"]]
        assert line[col["flags"]] == EN.t("export.list_separator").join(flags)
        assert int(line[col["late_minutes"]]) == person["late_minutes"]
        assert int(line[col["early_minutes"]]) == person["early_minutes"]
        worked = person["worked_minutes"]
        assert line[col["worked_minutes"]] == ("" if worked is None else str(worked))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=steps, second=steps, edit=config_edits)
def test_every_face_agrees_on_every_figure(
    tmp_path_factory, first: list[Step], second: list[Step], edit: tuple[str, str] | None
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("agree") / "data"
    install_demo(data)
    desk = Desk(data)
    check_day(desk, DAY, run_day(desk, DAY, first))
    before = json.loads(desk("export", "--date", DAY.isoformat(), "--format", "json",
                             now=f"{DAY.isoformat()}T23:40")[1])  # fmt: skip
    if edit is not None:  # kiosk.toml changes between the days
        path = data / "kiosk.toml"
        text = path.read_text("utf-8")
        old, new = edit
        if old in text:
            path.write_text(text.replace(old, new, 1), "utf-8")
    nxt = DAY + timedelta(days=1)
    check_day(desk, nxt, run_day(desk, nxt, second))
    # the config edit did not change the closed first day
    code, out = desk("day", "close", "--date", DAY.isoformat(), "--json", now=f"{nxt}T23:50")
    assert code == 0
    again = json.loads(out)
    assert (again["revision"], again["changed"]) == (before["revision"], False)
    assert again["people"] == before["people"]
