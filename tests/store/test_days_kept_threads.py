"""The day files DayStore keeps (KEPT_DAYS, most recently used) are asked for from the
scheduler's thread and the screens' workers at once: trimming must not race."""

from __future__ import annotations

import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

import kiosk.store.days as days_module
from kiosk.store.days import DayStore


def test_days_asked_from_many_threads_are_kept_without_a_race(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(days_module, "KEPT_DAYS", 2)
    store = DayStore(tmp_path / "days")
    failures: list[BaseException] = []

    def ask(first: int) -> None:
        try:
            for n in range(3000):
                store.file(date(2026, 11, 1) + timedelta(days=(first + n) % 9))
        except BaseException as err:  # the failure is what is counted
            failures.append(err)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows
    try:
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old)
    assert failures == []
    assert len(store._files) == 2
