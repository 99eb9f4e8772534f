"""The benchmark history generator writes files the real store reads back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kiosk.clock import FixedClock
from kiosk.config import default_config_text, parse_config
from kiosk.services.staff import StaffService
from kiosk.store.site import Store
from tests.bench.history import add_staff, audit_trail, build_history


def test_history_round_trips_through_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.create()
    config = parse_config(default_config_text())
    clock = FixedClock(datetime(2026, 11, 27, 7, 0, tzinfo=config.timezone))
    ids = add_staff(
        StaffService(store.people, store.pins, config, clock, audit_trail(store, config, clock)), 14
    )
    total = build_history(store, config, ids, date(2026, 11, 27), days=7)
    days = store.days.days()
    assert days == [date(2026, 11, d) for d in range(20, 27)]
    events = [e for d in days for e in store.days.events(d)]
    assert len(events) == total
    # Each of the 14 staff has one rest day in 7, so 12 work each day: 3 events each.
    assert total == 7 * 12 * 3
    assert len({e["id"] for e in events}) == total
    assert store.open() == []
