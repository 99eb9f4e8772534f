"""Finding 2 of issue 15: a wall-clock jump must not write wrong records.

The clock jumps from 2026-11-27 11:51 to 11-28 11:51 (the wall clock only: a bad NTP step,
a dead RTC battery). Before the fix the kiosk closed 11-27 at once, filed the next scan as
"checked in 11:51, 231 minutes late" on 11-28, and on the real 11-28 at 07:55 asked that
person "leave early? 605 minutes". Real files, the real services, an injected clock.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.i18n import Translator
from kiosk.services.container import Services
from tests.cli.cli_helpers import install_demo

FRIDAY, SATURDAY = date(2026, 11, 27), date(2026, 11, 28)


def at(services: Services, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=services.config.timezone)


@pytest.fixture
def services(tmp_path: Path) -> Services:
    data_dir = tmp_path / "data"
    install_demo(data_dir)
    wired = wire_services(data_dir, clock=FixedClock(datetime(2026, 11, 27, 7, 55)))
    clock = wired.clock
    assert isinstance(clock, FixedClock)
    clock.tz = wired.config.timezone
    clock.set(at(wired, "2026-11-27T07:55"))
    wired.clock_watch.confirm()  # the test's start is the trusted time
    return wired


def test_a_jump_forward_closes_nothing_flags_the_scan_and_leaves_no_check_in_behind(
    services: Services,
) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    assert services.punch.punch("1001").action == "check_in"  # 07:55, on time
    clock.set(at(services, "2026-11-27T11:51"))  # real time passes
    services.scheduler.tick()
    assert not services.clock_watch.read().jumped

    clock.jump(at(services, "2026-11-28T11:51"))  # the wall clock alone moves a day
    services.scheduler.tick()
    assert not services.day_close.is_closed(FRIDAY), "closed 11-27 on the strength of a jump"
    assert services.scheduler.held
    status = services.clock_watch.read()
    assert status.jumped and status.direction == "forward" and status.drift_minutes == 1440

    scan = services.punch.punch("1001")
    assert scan.clock_jumped
    assert scan.public()["clock_jumped"] is True
    stored = [e for e in services.store.days.events(scan.shift.date) if e["id"] == scan.event_id]
    assert stored[0]["clock_jumped"] is True

    # IT sets the time back: the clock is consistent again and closes resume at 20:30.
    clock.jump(at(services, "2026-11-27T11:53"))
    assert not services.clock_watch.read().jumped
    clock.set(at(services, "2026-11-27T20:31"))
    services.scheduler.tick()
    assert not services.scheduler.held
    assert services.day_close.is_closed(FRIDAY)

    # The real Saturday morning: a check-in, not "leave early? 605 minutes".
    clock.set(at(services, "2026-11-28T07:55"))
    morning = services.punch.punch("1001")
    assert (morning.action, morning.late_minutes, morning.clock_jumped) == ("check_in", 0, False)

    # The day close judges the honest punches and keeps the flag.
    clock.set(at(services, "2026-11-28T18:00"))
    evening = services.punch.punch("1001")
    assert (evening.action, evening.early_minutes) == ("check_out", 0)
    clock.set(at(services, "2026-11-28T20:31"))
    services.scheduler.tick()
    closed = services.day_close.latest(SATURDAY)
    person = next(p for p in closed.summary.people if p.staff_id == "1001")
    assert "clock_jumped" in person.flags and person.late_minutes == 0
    assert person.check_in is not None and person.check_in.hour == 7

    # The exports and the verification carry the day as closed, flag and all.
    as_json = services.exports.day(SATURDAY, "json", Translator("en")).data.decode("utf-8")
    assert '"clock_jumped"' in as_json
    as_csv = services.exports.day(SATURDAY, "csv", Translator("en")).data.decode("utf-8-sig")
    assert "scanned while the clock had jumped" in as_csv
    assert services.verify.verify(FRIDAY, SATURDAY).ok


def test_a_jump_back_is_a_jump_too_and_a_lead_can_accept_the_new_time(
    services: Services,
) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.jump(at(services, "2026-11-27T07:50"))  # five minutes back: beyond 120 s
    status = services.clock_watch.read()
    assert status.jumped and status.direction == "back"
    assert services.punch.punch("1002").clock_jumped
    assert not services.clock_watch.confirm().jumped
    assert not services.punch.punch("1003").clock_jumped


def test_drift_inside_the_tolerance_is_no_jump(services: Services) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    for minute in range(1, 60):  # a second gained each minute (59 s in the hour): drift
        clock.set(at(services, f"2026-11-27T08:{minute:02d}"))
        clock.jump(at(services, f"2026-11-27T08:{minute:02d}:01"))
    assert not services.clock_watch.read().jumped
