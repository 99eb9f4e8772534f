"""Does the month line under a punch's result slow the result? (issue 14, point 3)

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_month_line [STAFF ...]`).
Prints figures; writes tests/bench/results/month_line.json. Asserts only that every scan
was recorded and every month line appeared, never a timing.

The real KioskApp under Pilot (headless, 100x30) on a folder with STAFF people and the
month's first 26 days punched and closed; on the 27th everyone checks in, then out. Whole
kiosk sessions with the line off (`[ui] show_month = false`: the screen as it was before
the line) and on take turns, each on a fresh copy of the folder, so both sets of figures
come from one run, and the line's reading (which leaves today's file parsed) never helps
the other variant's next punch. Timed from the Enter key (posted as a terminal's) to the
result screen on top and painted, and, with the line on, to the line being filled in.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual import events
from textual.widgets import Input

from kiosk.badges import badge_payload
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.services.container import Services
from screens.app import KioskApp
from screens.result import ResultScreen
from tests.bench.bench_screen import ms, percentile
from tests.bench.history import history_folder
from tests.ui.kiosk_ui import TZ_NAME

DAY = date(2026, 11, 27)
HISTORY_DAYS = 26  # 2026-11-01 .. 2026-11-26, each closed
RESULTS = Path(__file__).parent / "results"


def scan_moments(services: Services, ids: list[str]) -> list[tuple[str, datetime]]:
    """Everyone checks in at 11:31 (every shift's window is open), then out two minutes
    after their shift ends, in time order."""
    tz = services.config.timezone
    ins = [(sid, datetime.combine(DAY, datetime.min.time(), tz).replace(hour=11, minute=31))
           for sid in ids]  # fmt: skip
    outs = []
    for n, sid in enumerate(ids):
        end = services.config.shifts[services.staff.get(sid).shift].end
        moment = datetime.combine(DAY, end, tz) + timedelta(minutes=2, seconds=n % 60)
        outs.append((sid, moment))
    return ins + sorted(outs, key=lambda pair: pair[1])


async def session(services: Services, ids: list[str], line_on: bool) -> dict[str, list[float]]:
    """Every scan of the plan on one kiosk, the line on or off for the whole session."""
    clock = services.clock
    assert isinstance(clock, FixedClock)
    services.config = dataclasses.replace(services.config, show_month=line_on)
    app = KioskApp(services, lang="zh")
    secret = services.store.site_secret()
    samples: dict[str, list[float]] = {"result": [], "month_line": []}
    clock.set(datetime.combine(DAY, datetime.min.time(), services.config.timezone).replace(hour=7))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the start's own reading, as at a real desk
        for sid, moment in scan_moments(services, ids):
            clock.set(moment)
            app.home.query_one("#scan", Input).value = badge_payload(secret, sid, 1)
            await pilot.pause()
            t0 = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            while not isinstance(app.screen, ResultScreen):
                if time.perf_counter() - t0 > 10:
                    raise AssertionError(f"no result screen for {sid} at {moment}")
                await asyncio.sleep(0.0005)
            screen = app.screen
            await screen.wait_for_refresh()
            samples["result"].append(time.perf_counter() - t0)
            assert screen.tone in ("ok", "warn"), screen.lines
            if line_on:
                while not screen.month_text:
                    if time.perf_counter() - t0 > 10:
                        raise AssertionError(f"no month line for {sid}")
                    await asyncio.sleep(0.0005)
                samples["month_line"].append(time.perf_counter() - t0)
            else:
                assert screen.month_of is None
            app.go_home()
            await pilot.pause()
    return samples


def sessions(folder: Path, ids: list[str], rounds: int) -> dict[str, list[float]]:
    """`rounds` x (off, on), each session on its own copy of `folder`, so neither variant
    finds files the other has already read, and drift over the run hits both alike."""
    found: dict[str, list[float]] = {"result_off": [], "result_on": [], "month_line": []}
    for n in range(rounds):
        for line_on in (False, True):
            copy = folder.parent / f"run-{n}-{int(line_on)}"
            shutil.copytree(folder, copy)
            start = datetime(2026, 11, 27, 7, tzinfo=ZoneInfo(TZ_NAME))
            services = wire_services(copy, clock=FixedClock(start))
            assert isinstance(services.clock, FixedClock)
            services.clock.tz = services.config.timezone
            got = asyncio.run(session(services, ids, line_on))
            found["result_on" if line_on else "result_off"] += got["result"]
            found["month_line"] += got["month_line"]
    return found


def spread(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50": ms(percentile(samples, 50)),
        "p90": ms(percentile(samples, 90)),
        "p99": ms(percentile(samples, 99)),
        "max": ms(max(samples)),
    }


def measure(staff: int, rounds: int = 2) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        nine = datetime.combine(DAY, datetime.min.time()).replace(hour=9)
        services, ids, _count = history_folder(Path(tmp) / "data", nine, staff, HISTORY_DAYS)
        clock = services.clock
        assert isinstance(clock, FixedClock)
        tz = services.config.timezone
        t0 = time.perf_counter()
        for back in range(HISTORY_DAYS, 0, -1):
            day = DAY - timedelta(days=back)
            clock.set(datetime.combine(day, datetime.min.time(), tz).replace(hour=21))
            services.day_close.close(day)
        close_s = time.perf_counter() - t0
        samples = sessions(Path(tmp) / "data", ids, rounds)
    return {"staff": staff, "closing_history_s": round(close_s, 1)} | {
        name: spread(values) for name, values in samples.items()
    }


def main(sizes: list[int]) -> None:
    figures = {}
    for staff in sizes:
        row = measure(staff)
        figures[str(staff)] = row
        off, on, line = row["result_off"], row["result_on"], row["month_line"]
        print(f"{staff} staff, {HISTORY_DAYS} closed days, {off['n']} scans a variant "
              f"(sessions off, on, off, on), Enter -> result painted, Pilot 100x30:")  # fmt: skip
        print(f"   line off (as before)  p50 {off['p50']} ms  p90 {off['p90']} ms  "
              f"p99 {off['p99']} ms")  # fmt: skip
        print(f"   line on               p50 {on['p50']} ms  p90 {on['p90']} ms  "
              f"p99 {on['p99']} ms   (p99 ratio on/off {on['p99'] / off['p99']:.2f})")  # fmt: skip
        print(f"   Enter -> month line filled in   p50 {line['p50']} ms  p99 {line['p99']} ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "month_line.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100])
