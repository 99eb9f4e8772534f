"""The lead's board at 5,000 staff, in the app (issue 15: "the lead board scrolls without
delay at 5,000 rows").

Run: `.venv/bin/python -m tests.bench.bench_board_scroll [STAFF] [--rounds N] [--baseline
TREE]` (default 5,000 staff, 3 rounds; `make bench` runs it). `--baseline` (or env
KIOSK_BENCH_BASELINE) names a checkout of other code, such as a detached worktree of main's
commit: each round measures both, one after the other (the order alternating by round),
each in its own process started in its tree, on a fresh copy of one folder, so a noisy
machine weighs on both alike. The scale benchmark's folder (tests/bench/scale_data.py: 10 events a
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
and max per figure (the samples of all rounds together; open is one sample a round), the
ratio to the baseline's median and p99, and the load average; writes
tests/bench/results/board_scroll.json. Asserts no timing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.store.data_format import FORMAT_FILE
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
    """Each figure's spread, from one opening of the board."""
    return {name: spread(samples) for name, samples in (await board_samples(folder, staff)).items()}


async def board_samples(folder: Path, staff: int) -> dict[str, list[float]]:
    """Each figure's samples in seconds, from one opening of the board."""
    services = wire_services(folder, clock=FixedClock(AT))
    app = KioskApp(services, lang="zh")
    out: dict[str, list[float]] = {}
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
        out["open"] = [shown or 0.0]
        out["open_all_rows"] = [time.perf_counter() - start]
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        out["down"] = [await key_to_paint(pilot, "down") for _ in range(SCROLL_KEYS)]
        out["page_down"] = [await key_to_paint(pilot, "pagedown") for _ in range(SCROLL_KEYS)]
        board.refresh_rows()  # what its 20-second timer calls
        during = [await key_to_paint(pilot, "down") for _ in range(RELOAD_KEYS)]
        out["during_reload"] = during
        await settle(pilot)
    return out


# One round in a process of its own, started in the tree measured: that tree's kiosk and
# screens are imported (its folder comes first on the path), this file's driver runs them.
ONE_ROUND = """
import asyncio, json, os, sys, runpy
from pathlib import Path
bench, folder, staff, out = sys.argv[1:5]
driver = runpy.run_path(bench)
if os.environ.get("KIOSK_BENCH_MALLOC", "kiosk") == "kiosk":
    from kiosk.allocator import return_freed_memory
    return_freed_memory()  # as `kiosk run` does (kiosk/cli.py run_screen)
samples = asyncio.run(driver["board_samples"](Path(folder), int(staff)))
Path(out).write_text(json.dumps(samples), "utf-8")
"""


def one_round(tree: Path, folder: Path, staff: int, work: Path) -> dict[str, list[float]]:
    """The samples of one opening of the board by the code in `tree`, on a copy of `folder`."""
    copy = work / "round" / folder.name
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(folder, copy)
    # Unrecorded (format 1, records as every format has them: the scale folder holds no
    # PIN rows), so a baseline of an older format opens it too; each tree upgrades its
    # copy at start-up, before anything is timed.
    (copy / FORMAT_FILE).unlink(missing_ok=True)
    out = work / "samples.json"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", ONE_ROUND, __file__, str(copy), str(staff), str(out)]
    subprocess.run(command, cwd=tree, env=env, check=True)
    return json.loads(out.read_text("utf-8"))


def arguments(argv: list[str]) -> tuple[int, int, Path | None]:
    parser = argparse.ArgumentParser(prog="bench_board_scroll")
    parser.add_argument("staff", nargs="?", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default=os.environ.get("KIOSK_BENCH_BASELINE"))
    args = parser.parse_args(argv)
    return args.staff, args.rounds, Path(args.baseline).resolve() if args.baseline else None


def main() -> None:
    staff, rounds, baseline = arguments(sys.argv[1:])
    malloc = os.environ.get("KIOSK_BENCH_MALLOC", "kiosk")
    trees = {"new": Path(__file__).resolve().parents[2]}
    if baseline is not None:
        trees["main"] = baseline
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / str(staff)
        scale_folder(raw, staff)
        folder = as_lines(raw, Path(tmp) / "lines")
        shutil.rmtree(raw)
        for n in range(rounds):
            order = list(trees) if n % 2 == 0 else list(reversed(trees))
            for name in order:
                got = one_round(trees[name], folder, staff, Path(tmp))
                for figure, values in got.items():
                    samples[name].setdefault(figure, []).extend(values)
    load = os.getloadavg()
    figures = {name: {f: spread(v) for f, v in got.items()} for name, got in samples.items()}
    print(f"Lead board at {staff:,} staff (160x45, ms; {rounds} rounds; malloc as set by: "
          f"{malloc}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}):")  # fmt: skip
    print(f"  {'figure':<14} {'code':<5} {'median':>8} {'p99':>8} {'max':>8} {'x median':>9} "
          f"{'x p99':>7}")  # fmt: skip
    for figure in figures["new"]:
        for name in trees:
            row = figures[name][figure]
            ratio = ""
            if name == "new" and "main" in figures:
                base = figures["main"][figure]
                ratio = (f"{row['median_ms'] / base['median_ms']:>9.2f} "
                         f"{row['p99_ms'] / base['p99_ms']:>7.2f}")  # fmt: skip
            print(f"  {figure:<14} {name:<5} {row['median_ms']:>8.1f} {row['p99_ms']:>8.1f} "
                  f"{row['max_ms']:>8.1f} {ratio}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    out = {"staff": staff, "size": SIZE, "malloc": malloc, "rounds": rounds,
           "load_average": load, "baseline": str(baseline) if baseline else None,
           "figures": figures["new"], "baseline_figures": figures.get("main")}  # fmt: skip
    (RESULTS / "board_scroll.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
