"""The size benchmark must keep running as the kiosk changes: run it tiny (figures are the
benchmark's business; here only that every part completes and reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench import bench_sizes


def test_the_size_benchmark_runs_end_to_end(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bench_sizes, "STAFF", 4)
    monkeypatch.setattr(bench_sizes, "RESULTS", tmp_path)
    payload = bench_sizes.main((("empty", 0), ("3 days", 3)))
    assert [row["size"] for row in payload["rows"]] == ["empty", "3 days"]
    assert payload["cold_start_ms"] > 0 and payload["kiosk_peak_rss_mb"] > 0
    assert (tmp_path / "sizes.json").exists()
