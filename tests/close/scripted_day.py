"""A scripted Friday on the demo staff that shows every status and flag, for close and export
tests: built through the real services on a real data folder with a FixedClock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.services.container import Services
from tests.cli.cli_helpers import install_demo

DAY = date(2026, 11, 27)


def services_at(data_dir: Path, now: str = "2026-11-27T07:55:00") -> Services:
    """The demo folder (as `kiosk init --demo` at 07:55 makes it) and its services."""
    install_demo(data_dir)
    services = wire_services(data_dir, clock=FixedClock(datetime.fromisoformat(now)))
    services.clock.set(datetime.fromisoformat(now).replace(tzinfo=services.config.timezone))  # type: ignore[attr-defined]
    return services


def at(services: Services, hhmm: str, day: str = "2026-11-27") -> datetime:
    moment = datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=services.config.timezone)
    services.clock.set(moment)  # type: ignore[attr-defined]
    return moment


def script_the_day(services: Services) -> None:
    """07:50-20:30: on time, late, early, no check-out, a day-off arrival, sick leave pending
    paperwork, rest, absences, an appearance fine, an incident and a lead's correction."""
    punch, check = services.punch, services.appearance
    at(services, "07:50")
    punch.punch("L001")
    at(services, "07:55")
    punch.punch("1001")
    at(services, "07:58")
    punch.punch("1007")  # never checks out, never inspected
    at(services, "08:07")
    punch.punch("1002")  # 7 minutes late
    at(services, "08:10")
    check.check("1001", by="L001", failed=["nails", "badge"])  # 20 yuan
    check.check("1002", by="L001", failed=[])
    at(services, "08:30")
    punch.punch("1003")  # on a rest day: unscheduled
    at(services, "11:50")
    punch.punch("1006")  # C, on time
    at(services, "12:00")
    punch.punch("1003", confirmed=True)  # before shift B's end: the kiosk asks, she confirms
    at(services, "12:20")
    punch.punch("1009")  # C, 20 minutes late
    at(services, "13:00")
    check.incident("1006", "uniform_outside", by="L001")  # 20 yuan
    at(services, "17:30")
    punch.punch("1002", confirmed=True)  # 30 minutes early
    at(services, "18:00")
    punch.punch("L001")
    at(services, "18:02")
    punch.punch("1001")
    at(services, "20:00")
    punch.punch("1006")
    at(services, "20:25")  # 1009 forgot to check out: the lead adds it
    punch.correct("1009", at(services, "20:00"), by="L001", reason="忘记签退", action="check_out")
    at(services, "20:30")
