"""The soak's short form in CI (KIOSK_SOAK_DAYS, default 2 days across a month end); the
full 90 days is `make soak` (tests/bench/bench_soak.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.soak.soak import POOL_MAX, run_soak

pytestmark = pytest.mark.soak


def test_days_of_kiosk_life_close_sync_and_leak_nothing(tmp_path: Path) -> None:
    days = int(os.environ.get("KIOSK_SOAK_DAYS", "2"))
    figures = run_soak(days, tmp_path)
    assert figures.not_closed == []
    assert figures.not_synced == []
    assert figures.pending_at_end == 0
    assert figures.log_problems == []
    # Memory from day 10 on (the first days warm caches); files and threads from day 1.
    if days > 10:
        assert figures.rss_kb[days] - figures.rss_kb[10] < 10 * 1024
    assert figures.fds[days] <= figures.fds[1]
    assert figures.threads[days] <= figures.threads[1]
    assert figures.pool_threads[days] <= POOL_MAX  # the worker pool fills up to its bound
    assert figures.lead_sessions == days and figures.idle_returns > 0
