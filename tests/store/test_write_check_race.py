"""Finding 5 of issue 15: `Store.open()` beside another process's write check.

Each process writes its own uniquely named probe and removes only its own; `open()` clears
a stale probe only under the store's lock and only once it is old. Real processes, in a loop.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from kiosk.store.site import Store

ROUNDS = 150


def _open_in_a_loop(folder: str, rounds: int) -> int:
    """What `kiosk` does on every start: open the store, then check it can write."""
    failures = 0
    for _ in range(rounds):
        store = Store(Path(folder))
        try:
            store.open()
            store.check_writable()
        except Exception:  # any failure is what this test counts
            failures += 1
    return failures


@pytest.mark.slow
def test_parallel_processes_opening_the_store_never_fail(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        failures = pool.starmap(_open_in_a_loop, [(str(folder), ROUNDS)] * 4)
    assert failures == [0, 0, 0, 0]
    assert not [p for p in folder.iterdir() if "write-check" in p.name and p.suffix == ".tmp"]


def test_open_leaves_a_fresh_probe_and_removes_an_old_one(tmp_path: Path) -> None:
    """Another process's live probe is young; a probe left by a killed one is old."""
    folder = tmp_path / "data"
    folder.mkdir()
    fresh = folder / ".write-check.99999.0badf00d.tmp"
    old = folder / ".write-check.99998.deadbeef.tmp"
    fresh.write_bytes(b"ok")
    old.write_bytes(b"ok")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    removed = Store(folder).open()
    assert fresh.exists()
    assert not old.exists()
    assert old in removed
