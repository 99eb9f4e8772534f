"""The whole board kept between reads (row_cache.LastBoard, issue 15): only the people with
new events are asked about, and yet the board never lags what another process wrote (a
punch, a correction, a close) nor the clock crossing a shift's end."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.services.container import Services
from tests.close.scripted_day import DAY, at, script_the_day, services_at


def fresh(data: Path, services: Services) -> list:
    return wire_services(data, clock=FixedClock(services.clock.now())).board.rows(DAY)


def other_desk(data: Path, services: Services) -> Services:
    """A second process's services on the same folder, at the same time."""
    return wire_services(data, clock=FixedClock(services.clock.now()))


def test_a_second_read_hands_out_the_same_board(tmp_path: Path) -> None:
    services = services_at(tmp_path / "data")
    script_the_day(services)
    first = services.board.rows(DAY)
    kept = services.board.kept.board(DAY, services.config.rule_book, services.config.timezone)
    assert kept is not None and list(kept.rows) == first
    again = services.board.rows(DAY)
    assert all(a is b for a, b in zip(first, again, strict=True))


def test_what_another_desk_writes_reaches_the_kept_board(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "07:58")
    services.board.rows(DAY)
    other = other_desk(data, services)
    other.punch.punch("1001")
    rows = {r.staff.id: r for r in services.board.rows(DAY)}
    assert rows["1001"].state == "in"
    at(services, "08:20")
    other = other_desk(data, services)
    other.punch.correct("1001", at(services, "08:05"), "L001", "补", "check_in")
    rows = {r.staff.id: r for r in services.board.rows(DAY)}
    assert rows["1001"].late_minutes == 5
    assert services.board.rows(DAY) == fresh(data, services)


def test_a_close_by_another_process_makes_the_kept_board_final(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    script_the_day(services)
    at(services, "13:00")
    assert any(r.state == "not_in" for r in services.board.rows(DAY))
    other_desk(data, services).day_close.close(DAY)
    after = services.board.rows(DAY)
    assert not any(r.state == "not_in" for r in after)
    assert after == fresh(data, services)


def test_the_clock_past_a_shift_end_rebuilds_the_kept_board(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = services_at(data)
    at(services, "07:58")
    services.punch.punch("1001")
    before = {r.staff.id: r for r in services.board.rows(DAY)}
    assert "no_checkout" not in before["1001"].flags
    end = before["1001"].shift.checkout_closes(services.config.rules)
    services.clock.set(end + timedelta(minutes=1))  # type: ignore[attr-defined]
    rows = {r.staff.id: r for r in services.board.rows(DAY)}
    assert "no_checkout" in rows["1001"].flags
    assert services.board.rows(DAY) == fresh(data, services)
