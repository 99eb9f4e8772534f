"""Issue 15, "honest clocks": at sync time the kiosk compares its clock with the central
database server's (`SELECT now()`, the real PostgreSQL) and warns beyond the tolerance."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from tests.central.central_support import DSN_ENV, make_kiosk, rows

DAY = "2026-11-27"


def test_kiosk_sync_warns_when_the_kiosk_clock_is_days_off_the_server(
    tmp_path: Path, central_dsn: str
) -> None:
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    assert kiosk("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00").exit_code == 0
    result = kiosk("sync", now=f"{DAY}T21:05:00")  # KIOSK_FAKE_NOW: days behind the server
    assert "off the central database server's" in result.stderr
    assert "tolerance 120 s" in result.stderr


def test_the_watch_knows_the_servers_clock_after_a_sync(
    tmp_path: Path, central_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    assert kiosk("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00").exit_code == 0
    server_now = rows(central_dsn, "SELECT now()")[0][0]
    monkeypatch.setenv(DSN_ENV, central_dsn)  # the target reads its DSN from here
    close_to_server = FixedClock(server_now + timedelta(seconds=30))
    services = wire_services(kiosk.data_dir, clock=close_to_server)
    services.sync.run()
    status = services.clock_watch.read()
    assert status.server_skew_seconds is not None
    assert abs(status.server_skew_seconds) < 120 and not status.server_off
    far_off = FixedClock(server_now + timedelta(minutes=10))
    services = wire_services(kiosk.data_dir, clock=far_off)
    report = services.sync.run()
    assert report.clock is not None and report.clock.server_off
    assert services.clock_watch.read().warning
    assert isinstance(report.clock.server_skew_seconds, float)
    assert report.clock.server_skew_seconds > 500
