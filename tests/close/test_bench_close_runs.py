"""The close benchmark must keep running as the engine changes (figures are its business)."""

from __future__ import annotations

import pytest

from tests.bench import bench_close


def test_the_close_benchmark_runs(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bench_close, "STAFF", 10)
    monkeypatch.setattr(bench_close, "RESULTS", tmp_path)
    bench_close.main()
    assert (tmp_path / "close.json").exists()
