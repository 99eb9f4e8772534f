"""Fixtures for the UI tests (Pilot and snapshots)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui import kiosk_ui
from tests.ui.kiosk_ui import KioskHarness, make_harness


@pytest.fixture
def harness(tmp_path: Path) -> KioskHarness:
    """The kiosk in Chinese at 07:55 on Friday 2026-11-27, on a fresh demo folder."""
    return make_harness(tmp_path / "data")


@pytest.fixture
def harness_en(tmp_path: Path) -> KioskHarness:
    return make_harness(tmp_path / "data", lang="en")


@pytest.fixture
def still_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """`settle` also waits for two equal frames: for snapshot tests, so a late repaint on a
    busy CI machine does not land in the picture (tests/ui/kiosk_ui.py WAIT_FOR_STILL)."""
    monkeypatch.setattr(kiosk_ui, "WAIT_FOR_STILL", True)
