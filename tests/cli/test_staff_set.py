"""`kiosk staff set ID ... --from DATE --by LEAD` (issue 13, point 4): a new default shift
or rest day from a date leaves the weeks before as they were; a re-import keeps it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import KioskRunner

NOW = "2026-11-27T09:00:00"


def planned(kiosk: KioskRunner, staff_id: str, day: str) -> tuple[str, str]:
    roster = kiosk("roster", "show", "--date", day, "--json", now=NOW).json()["roster"]
    plan = next(p for p in roster if p["staff_id"] == staff_id)
    return str(plan["plan"]), str(plan["shift"] or "")


def test_a_new_shift_from_a_date_leaves_the_days_before_alone(
    demo_kiosk: KioskRunner, tmp_path: Path
) -> None:
    assert planned(demo_kiosk, "1001", "2026-11-27") == ("shift", "A")
    changed = demo_kiosk("staff", "set", "1001", "--shift", "B", "--rest-day", "周三",
                         "--from", "2026-11-30", "--by", "L001", "--json", now=NOW)  # fmt: skip
    assert changed.exit_code == 0, changed.stderr
    assert (changed.json()["shift"], changed.json()["rest_day"]) == ("B", "wed")
    assert planned(demo_kiosk, "1001", "2026-11-23") == ("rest", "")  # a Monday before: old
    assert planned(demo_kiosk, "1001", "2026-11-27") == ("shift", "A")  # before: as it was
    assert planned(demo_kiosk, "1001", "2026-11-30") == ("shift", "B")  # Monday, from then
    assert planned(demo_kiosk, "1001", "2026-12-02") == ("rest", "")  # Wednesday: new rest

    csv = tmp_path / "same.csv"  # HR's file, with the new defaults and a new name
    csv.write_text("id,name,shift,rest_day\n1001,张丽丽,B,wed\n", "utf-8")
    assert demo_kiosk("staff", "import", str(csv), now=NOW).exit_code == 0
    assert planned(demo_kiosk, "1001", "2026-11-27") == ("shift", "A")  # history kept
    last = demo_kiosk("audit", "--json", "--staff", "1001", now=NOW).json()["entries"]
    assert [e["by"] for e in last[-2:]] == ["L001", None]
    assert demo_kiosk("verify", now=NOW).exit_code == 0


def test_a_name_and_the_lead_flag_change_at_once(demo_kiosk: KioskRunner) -> None:
    done = demo_kiosk("staff", "set", "1002", "--name", "李娜娜", "--json", now=NOW)
    assert done.exit_code == 0 and done.json()["name"] == "李娜娜"
    made = demo_kiosk("staff", "set", "1003", "--lead", now=NOW)  # a lead needs a PIN,
    assert made.exit_code == 0  # which the demo's 1003 has
    listed = demo_kiosk("staff", "list", "--json", now=NOW).json()["staff"]
    assert next(m for m in listed if m["staff_id"] == "1003")["lead"] is True
