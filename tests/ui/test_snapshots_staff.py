"""What staff see, pinned as SVG snapshots at 100x30 in Chinese and English.

Regenerate after an intended change with `pytest tests/ui --snapshot-update` and look at the
report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, make_harness, scan, until

pytestmark = pytest.mark.usefixtures("still_frames")  # conftest.py: settle waits for a still frame

LANGS = ["zh", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare: Callable[..., bool], tmp_path: Path, lang: str) -> None:
    harness = make_harness(tmp_path / "data", lang=lang)
    assert snap_compare(harness.app, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_result_late(snap_compare: Callable[..., bool], tmp_path: Path, lang: str) -> None:
    harness = make_harness(tmp_path / "data", now="2026-11-27T08:07:00", lang=lang)

    async def late_scan(pilot: Pilot[None]) -> None:
        await scan(pilot, harness.badge("1002"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        await until(pilot, lambda: screen.month_text != "")  # read just after the result

    assert snap_compare(harness.app, terminal_size=SIZE, run_before=late_scan)


@pytest.mark.parametrize("lang", LANGS)
def test_checklist(snap_compare: Callable[..., bool], tmp_path: Path, lang: str) -> None:
    harness = make_harness(tmp_path / "data", lang=lang)

    async def check_in_then_enter(pilot: Pilot[None]) -> None:
        await scan(pilot, harness.badge("1001"))
        await pilot.press("enter")

    assert snap_compare(harness.app, terminal_size=SIZE, run_before=check_in_then_enter)
