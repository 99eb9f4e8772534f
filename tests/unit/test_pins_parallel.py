"""The PIN lockout holds under parallel guessing (issue 12, finding 1): six processes
guessing at once check at most `pin_max_attempts` PINs before the ID locks, and then even
the right PIN is refused until the lock ends."""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.config import default_config_text
from kiosk.errors import RefusedError
from kiosk.store.site import Store

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 27, 7, 55, tzinfo=TZ)
RIGHT = "2468"
GUESSERS, GUESSES = 6, 12


def lead_folder(data: Path) -> None:
    store = Store(data)
    store.create()
    store.write_config_text(default_config_text())
    store.ensure_site_secret()
    wire_services(data, FixedClock(START)).staff.add("L001", "孙主任", "A", "sun", True, RIGHT)


def guess(data: str, first: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One guessing process: counts how many PINs really reach the hash check."""
    import kiosk.services.staff as staff_module

    checked = 0
    real = staff_module._pin_matches

    def counting(pin: str, stored: str) -> bool:
        nonlocal checked
        checked += 1
        return real(pin, stored)

    staff_module._pin_matches = counting  # a counter around the real check, not a stand-in
    services = wire_services(Path(data), FixedClock(START))
    outcomes = []
    for n in range(GUESSES):
        try:
            services.staff.check_pin("L001", f"{first + n:04d}")
            outcomes.append("accepted")
        except RefusedError as err:
            outcomes.append(err.code)
    results.put((checked, outcomes))


@pytest.mark.slow
def test_parallel_guessers_check_at_most_the_limit_and_the_lock_holds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lead_folder(data)
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
    workers = [
        context.Process(target=guess, args=(str(data), 3000 + i * 100, results))
        for i in range(GUESSERS)
    ]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    checked = sum(n for n, _ in found)
    outcomes = [o for _, some in found for o in some]
    assert "accepted" not in outcomes
    assert checked <= 5, checked  # pin_max_attempts, whatever the parallelism
    assert outcomes.count("wrong_pin") + outcomes.count("pin_locked") == GUESSERS * GUESSES
    services = wire_services(data, FixedClock(START))
    with pytest.raises(RefusedError) as locked:
        services.staff.check_pin("L001", RIGHT)  # the right PIN, while locked
    assert locked.value.code == "pin_locked"


def test_a_failure_never_clears_a_lock_another_attempt_set(tmp_path: Path) -> None:
    """Once locked, further attempts, the right PIN among them, are refused before any
    count is written: the lock row stays exactly as the locking attempt set it. (The race
    in which the old code wiped a lock is the parallel test above.)"""
    data = tmp_path / "data"
    lead_folder(data)
    services = wire_services(data, FixedClock(START))
    for _ in range(5):
        with pytest.raises(RefusedError):
            services.staff.check_pin("L001", "0000")
    pins = services.store.pins
    [row] = [r for r in pins.rows("pin_failures") if r["staff_id"] == "L001"]
    assert row["locked_until"] is not None
    for pin in ("1111", RIGHT):
        with pytest.raises(RefusedError) as refused:
            services.staff.check_pin("L001", pin)
        assert refused.value.code == "pin_locked"
    assert [r for r in pins.rows("pin_failures") if r["staff_id"] == "L001"] == [row]


def test_guessing_id_after_id_is_slowed_across_the_kiosk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lead_folder(data)
    services = wire_services(data, FixedClock(START))
    for n in range(40):
        services.staff.add(f"S{n:02d}", f"员工{n}", "A", "sun", False, "1357")
    codes = []
    for n in range(40):
        try:
            services.staff.check_pin(f"S{n:02d}", "0000")
        except RefusedError as err:
            codes.append(err.code)
    assert codes[:30] == ["wrong_pin"] * 30  # pin_attempts_per_minute, all IDs together
    assert set(codes[30:]) == {"pin_throttled"}
    services.clock.advance(minutes=1)  # type: ignore[attr-defined]
    with pytest.raises(RefusedError) as next_minute:
        services.staff.check_pin("S39", "0000")
    assert next_minute.value.code == "wrong_pin"
