"""The screen benchmark must keep working as the screens change: run its Pilot part small.

Figures are not checked (speed is the benchmark's business); that every scan it makes is
recorded, and that it finishes, is.
"""

from __future__ import annotations

import pytest

from tests.bench import bench_month_line, bench_screen


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
