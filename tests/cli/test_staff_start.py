"""A new hire's first day (`kiosk staff add --from`, default today): the days before do not
count them absent, even when one of those days is closed again later."""

from __future__ import annotations

from tests.conftest import KioskRunner

DAY = "2026-11-27"


def test_a_new_hire_is_not_absent_on_a_day_closed_again_before_they_started(
    demo_kiosk: KioskRunner,
) -> None:
    assert demo_kiosk("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    added = demo_kiosk("staff", "add", "2001", "王新", "--shift", "A", "--rest-day", "sun",
                       "--by", "L001", "--json", now="2026-11-30T09:00:00")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert added.json()["starts_on"] == "2026-11-30"
    fixed = demo_kiosk("punch", "1001", "--by", "L001", "--at", f"{DAY}T08:00:00",
                       "--reason", "忘记打卡", now="2026-11-30T09:00:00")  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr  # re-closes the 27th
    again = demo_kiosk("day", "close", "--date", DAY, "--json", now="2026-11-30T09:00:00").json()
    assert "2001" not in {p["staff_id"] for p in again["people"]}

    early = demo_kiosk("punch", "2001", "--json", now="2026-11-29T07:55:00")
    assert early.exit_code == 3 and early.json()["refused"] == "staff_not_started"


def test_a_hire_date_can_be_named(demo_kiosk: KioskRunner) -> None:
    added = demo_kiosk("staff", "add", "2002", "李明", "--shift", "A", "--rest-day", "sun",
                       "--from", "2026-12-07", "--json", now="2026-11-30T09:00:00")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    roster = demo_kiosk("roster", "show", "--date", "2026-12-01", "--json",
                        now="2026-11-30T09:00:00").json()  # fmt: skip
    assert "2002" not in {p["staff_id"] for p in roster["roster"]}
    assert demo_kiosk("verify", now="2026-11-30T09:00:00").exit_code == 0
