"""Does the month line under a punch's result slow the result? (issue 14, point 3)

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_month_line [STAFF ...]`).
Prints figures; writes tests/bench/results/month_line.json. Asserts only that every scan
was recorded and every month line appeared, never a timing.

The real KioskApp under Pilot (headless, 100x30) on a folder with STAFF people and the
month's first 26 days punched and closed; on the 27th everyone checks in, then out. The
scans alternate between the line on and the line off (`[ui] show_month`; off is the
screen as it was before the line), so both sets of figures come from one run on one
machine state. Timed from the Enter key (posted as a terminal's) to the result screen on
top and painted, and, with the line on, to the line being filled in by its worker.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, Static

from kiosk.badges import badge_payload
from kiosk.clock import FixedClock
from kiosk.services.container import Services
from screens.app import KioskApp
from screens.result import ResultScreen
from tests.bench.bench_screen import ms, percentile
from tests.bench.history import history_folder

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


async def scans(services: Services, ids: list[str]) -> dict[str, list[float]]:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    app = KioskApp(services, lang="zh")
    secret = services.store.site_secret()
    shown_on = dataclasses.replace(services.config, show_month=True)
    shown_off = dataclasses.replace(services.config, show_month=False)
    samples: dict[str, list[float]] = {"result_off": [], "result_on": [], "month_line": []}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for n, (sid, moment) in enumerate(scan_moments(services, ids)):
            line_on = n % 2 == 0
            services.config = shown_on if line_on else shown_off
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
            samples["result_on" if line_on else "result_off"].append(time.perf_counter() - t0)
            assert screen.tone in ("ok", "warn"), screen.lines
            if line_on:
                line = screen.query_one("#month", Static)
                while not str(line.render()):
                    if time.perf_counter() - t0 > 10:
                        raise AssertionError(f"no month line for {sid}")
                    await asyncio.sleep(0.0005)
                samples["month_line"].append(time.perf_counter() - t0)
            app.go_home()
            await pilot.pause()
    return samples


def spread(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50": ms(percentile(samples, 50)),
        "p90": ms(percentile(samples, 90)),
        "p99": ms(percentile(samples, 99)),
        "max": ms(max(samples)),
    }


def measure(staff: int) -> dict[str, Any]:
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
        samples = asyncio.run(scans(services, ids))
    return {"staff": staff, "closing_history_s": round(close_s, 1)} | {
        name: spread(values) for name, values in samples.items()
    }


def main(sizes: list[int]) -> None:
    figures = {}
    for staff in sizes:
        row = measure(staff)
        figures[str(staff)] = row
        off, on, line = row["result_off"], row["result_on"], row["month_line"]
        print(f"{staff} staff, {HISTORY_DAYS} closed days, {off['n'] + on['n']} scans "
              f"(alternating), Enter -> result painted, Pilot 100x30:")  # fmt: skip
        print(f"   line off (as before)  p50 {off['p50']} ms  p90 {off['p90']} ms  "
              f"p99 {off['p99']} ms")  # fmt: skip
        print(f"   line on               p50 {on['p50']} ms  p90 {on['p90']} ms  "
              f"p99 {on['p99']} ms   (p99 ratio on/off {on['p99'] / off['p99']:.2f})")  # fmt: skip
        print(f"   Enter -> month line filled in   p50 {line['p50']} ms  p99 {line['p99']} ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "month_line.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100])
