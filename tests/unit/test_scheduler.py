"""The Textual-free scheduler the App drives: when the running kiosk closes and sends."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.services.container import Services
from tests.close.scripted_day import DAY, at, services_at

UNMOUNTED = '\n[[sync.targets]]\nkind = "folder"\npath = "{path}"\n'


def with_target(tmp_path: Path, share: Path) -> Services:
    data = tmp_path / "data"
    services = services_at(data)
    with (data / "kiosk.toml").open("a", encoding="utf-8") as config:
        config.write(UNMOUNTED.format(path=share))
    return wire_services(data, clock=services.clock)


def test_the_first_tick_closes_a_missed_day_and_sends_it(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    services = with_target(tmp_path, share)
    services.punch.punch("1001")
    at(services, "08:00", (DAY + timedelta(days=1)).isoformat())  # the kiosk was off overnight
    scheduler = services.scheduler
    assert scheduler.due()
    tick = scheduler.tick()
    assert tick is not None and [c.date for c in tick.closed.closes] == [DAY]
    assert tick.sent is not None and tick.sent.sync is not None and tick.sent.sync.pending == 0
    assert (share / f"{DAY.isoformat()}_desk-1.json").exists()
    assert not scheduler.due()  # nothing to do for another 30 seconds
    quiet = scheduler.tick()
    assert quiet is not None and not quiet.did_anything


def test_a_lead_change_asks_for_a_send_and_the_next_tick_sends_it(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    services = with_target(tmp_path, share)
    scheduler = services.scheduler
    scheduler.take_over_sending()
    at(services, "20:35")
    assert scheduler.tick() is not None  # closes today, sends revision 1
    at(services, "20:36")
    change = services.lead.appearance_check("1001", "L001", ["nails"], DAY)
    assert change.end_of_day.send_deferred and change.end_of_day.changed[0].revision == 2
    assert scheduler.due()  # asked to send, not waiting for the 30-second check
    tick = scheduler.tick()
    assert tick is not None and tick.sent is not None
    assert '"revision": 2' in (share / f"{DAY.isoformat()}_desk-1.json").read_text("utf-8")


def test_a_target_that_is_down_is_tried_again_hourly_not_on_every_tick(tmp_path: Path) -> None:
    share = tmp_path / "share"  # not mounted yet
    services = with_target(tmp_path, share)
    scheduler = services.scheduler
    at(services, "20:35")
    first = scheduler.tick()
    assert first is not None and first.sent is not None and first.sent.sync is not None
    assert first.sent.sync.pending == 1
    share.mkdir()  # mounted again
    at(services, "21:00")
    assert scheduler.tick().sent is None  # type: ignore[union-attr]
    at(services, "21:36")
    retried = scheduler.tick()
    assert retried is not None and retried.sent is not None
    assert retried.sent.sync is not None and retried.sent.sync.pending == 0


def test_a_browser_tab_only_sends_and_leaves_closing_to_the_kiosk(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    services.punch.punch("1001")
    at(services, "20:35")
    tick = services.scheduler.tick(close_days=False)
    assert tick is not None and not tick.closed.closes
    assert not services.day_close.is_closed(DAY)
