"""`kiosk staff end ID --from DATE --by LEAD` (issue 13, point 4): someone who leaves is
not planned, not counted absent and not let in from that date; their history stays."""

from __future__ import annotations

from tests.conftest import KioskRunner

DAY = "2026-11-27"


def plan_of(kiosk: KioskRunner, staff_id: str, day: str) -> list[dict[str, object]]:
    roster = kiosk("roster", "show", "--date", day, "--json", now=f"{DAY}T09:00:00").json()
    return [p for p in roster["roster"] if p["staff_id"] == staff_id]


def test_someone_who_left_is_kept_in_history_but_not_planned(demo_kiosk: KioskRunner) -> None:
    for at in ("07:55", "18:05"):
        assert demo_kiosk("punch", "1001", now=f"{DAY}T{at}:00").exit_code == 0
    ended = demo_kiosk("staff", "end", "1001", "--from", "2026-11-28", "--by", "L001", "--json",
                       now=f"{DAY}T19:00:00")  # fmt: skip
    assert ended.exit_code == 0, ended.stderr
    assert ended.json()["left_on"] == "2026-11-28"
    listed = demo_kiosk("staff", "list", "--json", now=f"{DAY}T19:00:00").json()["staff"]
    assert next(s for s in listed if s["staff_id"] == "1001")["left_on"] == "2026-11-28"

    assert plan_of(demo_kiosk, "1001", DAY)  # still on the staff that day
    assert plan_of(demo_kiosk, "1001", "2026-11-30") == []  # Monday: not planned at all
    refused = demo_kiosk("punch", "1001", "--json", now="2026-11-30T07:55:00")
    assert refused.exit_code == 3 and refused.json()["refused"] == "staff_left"

    closed = demo_kiosk("day", "close", "--date", "2026-11-30", "--json", now="2026-11-30T21:00:00")
    people = {p["staff_id"]: p["status"] for p in closed.json()["people"]}
    assert "1001" not in people  # not absent: not on the staff
    closed = demo_kiosk("day", "close", "--date", DAY, "--json", now="2026-11-30T21:00:00")
    assert {p["staff_id"]: p["status"] for p in closed.json()["people"]}["1001"] == "present"

    last = demo_kiosk("audit", "--json", "--staff", "1001", now=f"{DAY}T19:00:00").json()
    assert last["entries"][-1]["staff"][0]["left_on"] == "2026-11-28"
    assert demo_kiosk("verify", now="2026-11-30T21:00:00").exit_code == 0


def test_an_end_before_a_closed_day_closes_that_day_again(demo_kiosk: KioskRunner) -> None:
    """Someone who really left on Friday but was recorded on Monday: Friday, already closed
    with them absent, is closed again without them (and queued), not left saying absent."""
    closed = demo_kiosk("day", "close", "--date", DAY, "--json", now=f"{DAY}T21:00:00").json()
    assert {p["staff_id"]: p["status"] for p in closed["people"]}["1001"] == "absent"
    ended = demo_kiosk("staff", "end", "1001", "--from", DAY, "--by", "L001",
                       now="2026-11-30T09:00:00")  # fmt: skip
    assert ended.exit_code == 0, ended.stderr
    shown = demo_kiosk("day", "close", "--date", DAY, "--json", now="2026-11-30T09:00:00").json()
    assert (shown["revision"], shown["changed"]) == (2, False)  # closed again by `staff end`
    assert "1001" not in {p["staff_id"] for p in shown["people"]}
    assert demo_kiosk("verify", now="2026-11-30T09:00:00").exit_code == 0
