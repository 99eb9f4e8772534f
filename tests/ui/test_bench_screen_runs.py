"""The screen benchmark must keep working as the screens change: run its Pilot part small.

Figures are not checked (speed is the benchmark's business); that every scan it makes is
recorded, and that it finishes, is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench import bench_board_scroll, bench_month_line, bench_screen
from tests.bench.scale_data import as_lines, scale_folder


async def test_the_pilot_benchmark_records_every_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_screen, "PILOT_SCANS", 4)
    samples = await bench_screen.pilot_latencies(
        bench_screen.enter_direct, bench_screen.next_refresh
    )
    assert len(samples) == 4 and all(s > 0 for s in samples)


def test_the_month_line_benchmark_runs_small() -> None:
    """Both halves of the month line's comparison record every scan."""
    row = bench_month_line.measure(4, rounds=1)
    assert row["result_on"]["n"] == row["result_off"]["n"] == row["month_line"]["n"] == 8


async def test_the_board_scroll_benchmark_runs_small(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every figure of the board benchmark is measured, at a small size."""
    monkeypatch.setattr(bench_board_scroll, "SCROLL_KEYS", 3)
    monkeypatch.setattr(bench_board_scroll, "RELOAD_KEYS", 3)
    raw = tmp_path / "40"
    scale_folder(raw, 40)
    figures = await bench_board_scroll.board_figures(as_lines(raw, tmp_path / "lines"), 40)
    assert set(figures) == {"open", "open_all_rows", "down", "page_down", "during_reload"}
    assert figures["down"]["n"] == 3 and figures["open"]["max_ms"] > 0
