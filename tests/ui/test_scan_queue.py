"""Scans that arrive while a punch is still being written are recorded, each once, in the
order they were scanned.

A queue at 07:55 scans faster than a slow disk writes. The punch itself is the real service
on the real store; the test only makes the first writes slow (a busy disk, a sync holding the
day's lock) so the next scans arrive while they are still under way.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, burst, settle
from tests.ui.test_staff_flow import punches


def slow_first_writes(harness: KioskHarness, delays: dict[str, float]) -> list[str]:
    """Delay the real punch for the given staff (seconds) and note the order punches start."""
    service = harness.services.punch
    real_punch = service.punch
    started: list[str] = []
    lock = threading.Lock()

    def punch(staff_id: str, *args: Any, **kwargs: Any) -> Any:
        with lock:
            started.append(staff_id)
        time.sleep(delays.get(staff_id, 0.0))
        return real_punch(staff_id, *args, **kwargs)

    service.punch = punch  # type: ignore[method-assign]
    return started


async def test_scans_queued_behind_a_slow_write_are_recorded_in_scan_order(
    harness: KioskHarness,
) -> None:
    queue = ["1001", "1002", "1007", "1010", "1011", "1008"]
    slow_first_writes(harness, {"1001": 0.4, "1002": 0.2})
    async with harness.app.run_test(size=SIZE) as pilot:
        for staff_id in queue:
            await burst(pilot, harness.badge(staff_id))
            await pilot.pause(0.02)  # the next person steps up while the write goes on
        for _ in range(20):
            await settle(pilot)
            if len(punches(harness)) == len(queue):
                break
            await pilot.pause(0.1)
        assert isinstance(pilot.app.screen, ResultScreen)
    assert [p[0] for p in punches(harness)] == queue


async def test_a_scan_never_waits_for_one_that_is_not_under_way(harness: KioskHarness) -> None:
    """After a queue has drained, the next scan is written at once (nothing left waiting)."""
    slow_first_writes(harness, {"1001": 0.2})
    async with harness.app.run_test(size=SIZE) as pilot:
        await burst(pilot, harness.badge("1001"))
        await burst(pilot, harness.badge("1002"))
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert [p[0] for p in punches(harness)] == ["1001", "1002"]
        await burst(pilot, harness.badge("1007"))
        await settle(pilot)
        assert [p[0] for p in punches(harness)] == ["1001", "1002", "1007"]
