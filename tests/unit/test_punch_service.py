"""PunchService against a real store: which attendance date a punch lands on, corrections,
and the guards around them. Clock injected, nothing mocked."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.config import default_config_text
from kiosk.errors import RefusedError, StoreError, UsageError
from kiosk.services.container import Services
from kiosk.store.site import Store

TZ = ZoneInfo("Asia/Shanghai")
EXTRA_SHIFTS = """
[[shifts]]
code = "N"
zh = "夜班"
en = "Night"
start = "22:00"
end = "06:00"
break_start = "02:00"
break_end = "02:30"

[[shifts]]
code = "M"
zh = "零点班"
en = "Midnight"
start = "00:00"
end = "08:00"
"""


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(local("2026-11-28T12:00:00"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = Store(tmp_path / "data")
    store.create()
    store.write_config_text(default_config_text() + EXTRA_SHIFTS)
    store.ensure_site_secret()
    return store.data_dir


@pytest.fixture
def services(folder: Path, clock: FixedClock) -> Services:
    services = wire_services(folder, clock)
    services.staff.add("L1", "负责人", "A", "sun", True, "1234")
    services.staff.add("A1", "白班", "A", "sun", False, None)
    services.staff.add("N1", "夜班", "N", "sun", False, None)
    services.staff.add("M1", "零点", "M", "sun", False, None)
    return services


def test_a_shift_starting_at_midnight_checks_in_the_evening_before(services: Services) -> None:
    first = services.punch.punch("M1", at=local("2026-11-26T23:45:00"))
    assert (first.action, first.shift.date, first.late_minutes) == (
        "check_in",
        date(2026, 11, 27),
        0,
    )
    last = services.punch.punch("M1", at=local("2026-11-27T08:00:00"))
    assert (last.action, last.shift.date) == ("check_out", date(2026, 11, 27))
    assert last.worked_minutes == 495


def test_a_midnight_shift_window_opens_an_hour_before(services: Services) -> None:
    with pytest.raises(RefusedError) as refused:
        services.punch.punch("M1", at=local("2026-11-26T22:59:00"))
    # Still the 26th's shift (00:00-08:00, long over); the 27th's opens at 23:00.
    assert (refused.value.code, refused.value.params["date"]) == ("shift_over", "2026-11-26")
    assert services.punch.punch("M1", at=local("2026-11-26T23:00:00")).shift.date == date(
        2026, 11, 27
    )


def test_a_night_shift_is_dated_by_its_start(services: Services) -> None:
    services.punch.punch("N1", at=local("2026-11-26T21:55:00"))
    out = services.punch.punch("N1", at=local("2026-11-27T06:05:00"))
    assert (out.action, out.shift.date, out.worked_minutes) == (
        "check_out",
        date(2026, 11, 26),
        460,
    )


def test_a_roster_change_after_check_in_judges_the_day_by_the_new_shift(
    services: Services,
) -> None:
    """Issue 11 item 4: the lead's roster is the truth for the whole day. Checked in at
    07:55 for A, moved to C (12:00-20:00): the check-out at 18:00 is two hours early."""
    services.punch.punch("A1", at=local("2026-11-27T07:55:00"))
    services.roster.set("A1", date(2026, 11, 27), "C")
    with pytest.raises(RefusedError) as early:
        services.punch.punch("A1", at=local("2026-11-27T18:00:00"))
    assert (early.value.code, early.value.params["early_minutes"]) == ("needs_confirmation", 120)
    out = services.punch.punch("A1", at=local("2026-11-27T20:00:00"))
    assert (out.shift.template.code, out.early_minutes, out.late_minutes) == ("C", 0, 0)
    # nothing was rewritten: the check-in event still says the shift it was made against
    events = services.store.days.events(date(2026, 11, 27))
    assert [e["shift"] for e in events if e["type"] == "punch"] == ["A", "C"]


def test_an_early_leave_refusal_says_when_the_person_checked_in(services: Services) -> None:
    """Someone who scanned twice by mistake must see that they are already in: the
    question to confirm an early leave (and the meal-break one) carries the check-in."""
    services.punch.punch("A1", at=local("2026-11-27T07:40:00"))
    for at, code in (("10:11", "needs_confirmation"), ("12:30", "meal_break")):
        with pytest.raises(RefusedError) as early:
            services.punch.punch("A1", at=local(f"2026-11-27T{at}:00"))
        assert (early.value.code, early.value.params["checked_in_at"]) == (code, "07:40")


def test_a_correction_can_name_its_attendance_date(services: Services) -> None:
    services.punch.punch("N1", at=local("2026-11-26T21:55:00"))
    fixed = services.punch.correct(
        "N1", local("2026-11-27T08:30:00"), "L1", "stayed late", "check_out", date(2026, 11, 26)
    )
    assert (fixed.shift.date, fixed.worked_minutes) == (date(2026, 11, 26), 605)


def test_a_check_out_correction_needs_a_check_in(services: Services) -> None:
    with pytest.raises(UsageError) as refused:
        services.punch.correct("A1", local("2026-11-27T18:00:00"), "L1", "x", "check_out")
    assert refused.value.code == "correction_needs_check_in"


def test_without_a_date_a_correction_takes_the_window_holding_its_time(
    services: Services,
) -> None:
    services.punch.punch("N1", at=local("2026-11-26T21:55:00"))
    fixed = services.punch.correct("N1", local("2026-11-27T07:10:00"), "L1", "forgot", None)
    assert (fixed.action, fixed.shift.date) == ("check_out", date(2026, 11, 26))


def test_nothing_in_the_future_can_be_recorded(services: Services, clock: FixedClock) -> None:
    later = local("2026-11-28T12:02:00")
    with pytest.raises(UsageError) as correction:
        services.punch.correct("A1", later, "L1", "x", "check_in")
    with pytest.raises(UsageError) as incident:
        services.appearance.incident("A1", "uniform_outside", "L1", later)
    with pytest.raises(UsageError) as check:
        services.appearance.check("A1", "L1", [], date(2026, 11, 29))
    assert {correction.value.code, incident.value.code, check.value.code} == {"in_future"}
    assert services.appearance.incident("A1", "uniform_outside", "L1", clock.now()).fine == 20


def test_a_template_removed_from_the_config_is_named(
    services: Services, folder: Path, clock: FixedClock
) -> None:
    config = folder / "kiosk.toml"
    config.write_text(default_config_text(), "utf-8")  # N and M are gone
    again = wire_services(folder, clock)
    with pytest.raises(UsageError) as refused:
        again.punch.punch("N1", at=local("2026-11-27T21:55:00"))
    assert refused.value.code == "staff_shift_unknown"
    assert refused.value.params == {"staff_id": "N1", "shift": "N"}


def test_a_damaged_site_key_stops_badges_but_not_typed_ids(
    services: Services, folder: Path
) -> None:
    (folder / "site.key").write_text("zz", "ascii")
    assert services.scan.identify("a1").staff.id == "A1"
    with pytest.raises(StoreError) as damaged:
        services.scan.identify("SK:A1:1:AAAAAAAAAAAAAAAA")
    assert damaged.value.code == "corrupt_file"


def test_a_second_scan_before_midnight_checks_out_of_tomorrows_shift(services: Services) -> None:
    services.punch.punch("M1", at=local("2026-11-26T23:40:00"))
    out = services.punch.punch("M1", at=local("2026-11-26T23:50:00"), confirmed=True)
    assert (out.action, out.shift.date, out.early_minutes) == ("check_out", date(2026, 11, 27), 490)


def test_a_late_night_correction_goes_to_the_shift_waiting_for_it(services: Services) -> None:
    services.punch.punch("N1", at=local("2026-11-26T21:55:00"))
    # 08:30 is past that shift's check-out window (06:00 + 120 min) and in no other window.
    fixed = services.punch.correct("N1", local("2026-11-27T08:30:00"), "L1", "forgot", None)
    assert (fixed.action, fixed.shift.date, fixed.worked_minutes) == (
        "check_out",
        date(2026, 11, 26),
        605,
    )


def test_a_roster_change_to_a_later_shift_judges_the_check_in_again(
    services: Services,
) -> None:
    services.punch.punch("A1", at=local("2026-11-27T12:10:00"))  # 250 minutes late for A
    before = services.board.row("A1", date(2026, 11, 27))
    assert before is not None and before.late_minutes == 250
    services.roster.set("A1", date(2026, 11, 27), "C")
    row = services.board.row("A1", date(2026, 11, 27))
    assert row is not None
    assert (row.shift.template.code, row.late_minutes, "late" in row.flags) == ("C", 10, True)
