"""The lead's board at 5,000 staff, in the app (issue 15: "the lead board scrolls without
delay at 5,000 rows").

Run: `.venv/bin/python -m tests.bench.bench_board_scroll [STAFF]` (default 5,000; `make
bench` runs it). The scale benchmark's folder (tests/bench/scale_data.py: 10 events a
person on one day) is opened by the real KioskApp under Pilot at 160x45, as the kiosk runs
it (the day read ahead at start); the lead signs in and the board opens. Timed, each key
posted to the app as a terminal's key arrives, to the screen's next refresh:

- open: the lead's PIN Enter to the board's first rows painted; open_all_rows: to its table
  holding everyone (rows are added in chunks after the first screenfuls);
- down / page down: one key to the board painted again, SCROLL_KEYS of each;
- during a reload: the board's 20-second re-read (its timer's own call), with a key every
  few milliseconds meanwhile: the slowest of them is how long the board froze.

glibc's malloc is set as `kiosk run` sets it (kiosk/allocator.py); KIOSK_BENCH_MALLOC=glibc
leaves glibc's own adjusting thresholds, to see what that setting costs. Prints median, p99
and max per figure and writes tests/bench/results/board_scroll.json.
Asserts no timing.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable

from kiosk.allocator import return_freed_memory
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from screens.app import KioskApp
from screens.lead.board import BoardScreen
from tests.bench.bench_punch import RESULTS
from tests.bench.bench_screen import percentile
from tests.bench.scale_data import as_lines, scale_folder
from tests.ui.kiosk_ui import burst, settle

SIZE = (160, 45)
SCROLL_KEYS = 40
RELOAD_KEYS = 60
# 15:00 in Shanghai on the scale day: every shift placed, the day not closed yet.
AT = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
LEAD, PIN = "L900", "1234"


def spread(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    return {"median_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99), "max_ms": ms[-1],
            "n": len(ms)}  # fmt: skip


async def key_to_paint(pilot: Pilot[None], key: str) -> float:
    """One key posted as a terminal's arrives, to the screen's next refresh."""
    start = time.perf_counter()
    pilot.app.post_message(events.Key(key, None))
    await pilot.app.screen.wait_for_refresh()
    return time.perf_counter() - start


async def board_figures(folder: Path, staff: int) -> dict[str, dict[str, float]]:
    services = wire_services(folder, clock=FixedClock(AT))
    app = KioskApp(services, lang="zh")
    out: dict[str, dict[str, float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the start-up worker: the day read ahead, the rows built
        await pilot.press("f2")
        await settle(pilot)
        await burst(pilot, LEAD)
        await pilot.pause()
        await burst(pilot, PIN, enter=False)
        await pilot.pause()
        start = time.perf_counter()
        pilot.app.post_message(events.Key("enter", "\r"))
        shown = None
        while True:
            screen = pilot.app.screen
            if isinstance(screen, BoardScreen):
                table = screen.query_one("#board", DataTable)
                if shown is None and table.row_count > 0:
                    await screen.wait_for_refresh()
                    shown = time.perf_counter() - start
                if table.row_count >= staff:
                    await screen.wait_for_refresh()
                    break
            await asyncio.sleep(0.001)
        out["open"] = spread([shown or 0.0])
        out["open_all_rows"] = spread([time.perf_counter() - start])
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        out["down"] = spread([await key_to_paint(pilot, "down") for _ in range(SCROLL_KEYS)])
        out["page_down"] = spread(
            [await key_to_paint(pilot, "pagedown") for _ in range(SCROLL_KEYS)]
        )
        board.refresh_rows()  # what its 20-second timer calls
        during = [await key_to_paint(pilot, "down") for _ in range(RELOAD_KEYS)]
        out["during_reload"] = spread(during)
        await settle(pilot)
    return out


def main() -> None:
    staff = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    malloc = os.environ.get("KIOSK_BENCH_MALLOC", "kiosk")
    if malloc == "kiosk":
        return_freed_memory()  # as `kiosk run` does (kiosk/cli.py run_screen)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / str(staff)
        scale_folder(raw, staff)
        folder = as_lines(raw, Path(tmp) / "lines")
        shutil.rmtree(raw)
        figures = asyncio.run(board_figures(folder, staff))
    print(f"Lead board at {staff:,} staff (160x45, ms; malloc as set by: {malloc}):")
    print(f"  {'figure':<14} {'median':>8} {'p99':>8} {'max':>8}")
    for name, row in figures.items():
        print(f"  {name:<14} {row['median_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['max_ms']:>8.1f}")
    RESULTS.mkdir(exist_ok=True)
    out = {"staff": staff, "size": SIZE, "malloc": malloc, "figures": figures}
    (RESULTS / "board_scroll.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
