"""The kiosk reads today's day file at start, in the background (issue 15: at 5,000 staff
the first read of a day is about a second, which the first person in the queue would
otherwise wait for), and a damaged file there stops nothing: the punch that needs it says so."""

from __future__ import annotations

from datetime import date

from screens.home import HomeScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, scan, until

TODAY = date(2026, 11, 27)


async def test_today_is_read_before_the_first_scan(harness: KioskHarness) -> None:
    harness.services.punch.punch("1001")  # 07:55: a day file with a line in it
    harness.at("07:58")
    harness.services.store.days.file(TODAY)._parsed = None  # as a new process finds it
    async with harness.app.run_test(size=SIZE) as pilot:
        day = harness.services.store.days.file(TODAY)
        await until(pilot, lambda: day._parsed is not None)
        read = day._parsed
        # and the board's rows are kept for the lead's first board (services/row_cache.py)
        config = harness.services.config
        kept = harness.services.board.kept
        await until(pilot, lambda: bool(kept.rows_for(TODAY, config.rule_book, config.timezone)))
        await scan(pilot, harness.badge("1002"))
        await until(pilot, lambda: len(harness.day_events()) == 2)
        assert day._parsed is not read  # the scan read on from it, only its own new line
        assert [e["staff_id"] for e in harness.day_events()] == ["1001", "1002"]


async def test_a_damaged_day_file_stops_no_start(harness: KioskHarness) -> None:
    harness.services.punch.punch("1001")
    path = harness.services.store.days.path_for(TODAY)
    path.write_bytes(b'{"oops": \n' + path.read_bytes())
    harness.services.store.days.file(TODAY)._parsed = None
    async with harness.app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    log = harness.data_dir / "kiosk.log"
    assert not log.exists() or "Traceback" not in log.read_text("utf-8")
