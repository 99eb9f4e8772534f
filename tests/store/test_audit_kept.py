"""The audit trail keeps only KEPT_MONTHS months parsed (kiosk/store/audit.py): a kiosk
running for years kept every month it had read. A month let go reads back the same."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk.store.audit as audit_module
from kiosk.store.audit import AuditStore

MONTHS = ["2026-09", "2026-10", "2026-11", "2026-12"]


def entry(month: str, n: int) -> dict[str, str]:
    return {"id": f"{month}-{n}", "type": "staff_updated", "at": f"{month}-02T09:0{n}:00+08:00"}


def test_a_month_let_go_is_read_again_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_module, "KEPT_MONTHS", 2)
    trail = AuditStore(tmp_path / "audit", lambda: b"k" * 32)
    for month in MONTHS:
        for n in range(3):
            trail.append(month, entry(month, n))
    assert list(trail._files) == MONTHS[-2:]  # the oldest let go
    first = trail.entries("2026-09")  # read from disk again
    assert [e["id"] for e in first] == ["2026-09-0", "2026-09-1", "2026-09-2"]
    assert list(trail._files) == ["2026-12", "2026-09"]
    # Read back through every month (as is_empty and a check do): the same chain.
    assert not trail.is_empty()
    assert trail.last_before("2026-10") == first[-1]
    assert trail.last() == trail.entries("2026-12")[-1]
    assert len(trail._files) == 2
    again = AuditStore(tmp_path / "audit", lambda: b"k" * 32)  # a fresh, unbounded read
    monkeypatch.setattr(audit_module, "KEPT_MONTHS", 10)
    assert [again.entries(m) for m in MONTHS] == [trail.entries(m) for m in MONTHS]
