"""The soak in full: 90 simulated days of one kiosk process (tests/soak/soak.py).

Run: `make soak` (KIOSK_SOAK_DAYS to change the days). Prints the figures (RSS at day 10
and at the end and its slope per day, Python's live blocks beside it to tell live objects
from fragmentation, open files, threads, days closed and synced, wall time) beside the targets
and writes tests/bench/results/soak.json. Exit 1 when a target is missed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from screens.app import KioskApp
from tests.soak.soak import POOL_MAX, fd_count, rss_kb, run_soak

RESULTS = Path(__file__).parent / "results"


def progress(day: int, app: KioskApp) -> None:
    """A line a day (just after that day's figures are taken, garbage freed), so a run cut
    short still says how far it got and how memory went."""
    print(
        f"  day {day:>3}: RSS {rss_kb() / 1024:.1f} MB, "
        f"Python blocks {sys.getallocatedblocks():,}, fds {fd_count()}",
        flush=True,
    )


def main() -> int:
    days = int(os.environ.get("KIOSK_SOAK_DAYS", "90"))
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as root:
        figures = run_soak(days, Path(root), on_day=progress)
    base = 10 if days > 10 else 1  # memory from day 10: the first days warm caches
    growth = (figures.rss_kb[days] - figures.rss_kb[base]) / 1024
    slope = growth / (days - base) if days > base else 0.0
    blocks = figures.live_blocks[days] - figures.live_blocks[base]
    rows = [
        ("days closed", f"{figures.closed}/{days}", f"{days}/{days}"),
        ("days synced", f"{figures.synced}/{days}", f"{days}/{days}"),
        ("pending at end", str(figures.pending_at_end), "0"),
        (f"RSS day {base} -> {days}", f"{figures.rss_kb[base] / 1024:.1f} -> "
         f"{figures.rss_kb[days] / 1024:.1f} MB (+{growth:.1f})", "+< 10 MB"),
        ("RSS per simulated day", f"{slope:+.2f} MB/day", f"< {10 / 80:.3f} (10 MB/80 days)"),
        (f"Python blocks day {base} -> {days}", f"{figures.live_blocks[base]:,} -> "
         f"{figures.live_blocks[days]:,} ({blocks:+,})", ""),
        # From day 1: the receiver's socket and thread are down for a stretch around day 10.
        ("open fds", f"{figures.fds[1]} -> {figures.fds[days]}", "no growth"),
        ("threads", f"{figures.threads[1]} -> {figures.threads[days]}", "no growth"),
        ("worker pool threads", f"{figures.pool_threads[1]} -> {figures.pool_threads[days]}",
         f"<= {POOL_MAX} (its bound)"),
        ("objects frozen by the app's gc", f"{figures.frozen[base]} -> {figures.frozen[days]}", ""),
        ("kiosk.log problems", str(len(figures.log_problems)), "0"),
        ("scans / lead sessions / idle returns",
         f"{figures.scans} / {figures.lead_sessions} / {figures.idle_returns}", ""),
        ("wall time", f"{figures.wall_seconds:.0f} s", ""),
    ]  # fmt: skip
    print(f"soak: {days} days from {figures.start}")
    for name, value, target in rows:
        print(f"  {name:<38} {value:<34} {target}")
    for problem in figures.log_problems[:3]:
        print(problem)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(figures.public(), indent=2) + "\n", "utf-8")
    ok = (
        figures.closed == figures.synced == days
        and figures.pending_at_end == 0
        and growth < 10
        and figures.fds[days] <= figures.fds[1]
        and figures.threads[days] <= figures.threads[1]
        and figures.pool_threads[days] <= POOL_MAX
        and not figures.log_problems
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
