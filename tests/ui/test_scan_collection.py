"""A scan holds Python's automatic collection off from Enter until its result is painted
(screens/app.py `hold_collection`): the young collections it set off landed between
someone's Enter and their result. The tick lets go HOLD_TICKS ticks later, and one hold
never lasts longer, so a queue of scans cannot keep the collector off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, settle


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


async def test_a_scan_holds_collection_until_the_ticks_let_go(harness: KioskHarness) -> None:
    harness.app.TICK_SECONDS = 3600  # the test gives the ticks itself
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        harness.app.collect_garbage()
        assert gc.isenabled()
        await scan(pilot, harness.badge("1001"))
        assert isinstance(pilot.app.screen, ResultScreen)
        assert harness.app.collection_held and not gc.isenabled()
        for _ in range(harness.app.HOLD_TICKS - 1):
            harness.app.tick()
        assert not gc.isenabled()
        harness.app.tick()
        assert gc.isenabled() and not harness.app.collection_held


async def test_scans_in_a_row_do_not_stretch_one_hold(harness: KioskHarness) -> None:
    harness.app.TICK_SECONDS = 3600
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app = harness.app
        app.collect_garbage()
        app.hold_collection()
        for _ in range(app.HOLD_TICKS - 1):
            app.tick()
            app.hold_collection()  # the next person's scan, before the hold is let go
        app.tick()
        assert gc.isenabled()


async def test_nothing_is_held_while_collection_is_off_at_start(harness: KioskHarness) -> None:
    harness.app.TICK_SECONDS = 3600
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gc.disable()  # as `kiosk run` starts, until the first idle collection
        harness.app.hold_collection()
        assert not harness.app.collection_held
        harness.app.collect_garbage()
        assert gc.isenabled()
