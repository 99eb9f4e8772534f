"""What the lead sees, pinned as SVG snapshots at 100x30 in Chinese and English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, settle

pytestmark = pytest.mark.usefixtures("still_frames")  # conftest.py: settle waits for a still frame

LANGS = ["zh", "en"]


def busy_morning(tmp_path: Path, lang: str) -> KioskHarness:
    """08:10: 1001 on time and inspected (one item failed), 1002 late, 1007 in, not inspected."""
    harness = make_harness(tmp_path / "data", lang=lang)
    punch = harness.services.punch
    punch.punch("1001")
    punch.punch("1007")
    harness.at("08:07")
    punch.punch("1002")
    harness.at("08:09")
    harness.services.appearance.check("1001", by="L001", failed=["nails"])
    harness.at("08:10")
    return harness


async def sign_in_lead(pilot: Pilot[None]) -> None:
    await pilot.press("f2", *"L001", "enter", *"1234", "enter")
    await settle(pilot)


@pytest.mark.parametrize("lang", LANGS)
def test_lead_board(snap_compare: Callable[..., bool], tmp_path: Path, lang: str) -> None:
    harness = busy_morning(tmp_path, lang)
    assert snap_compare(harness.app, terminal_size=SIZE, run_before=sign_in_lead)


@pytest.mark.parametrize("lang", LANGS)
def test_appearance_check(snap_compare: Callable[..., bool], tmp_path: Path, lang: str) -> None:
    harness = busy_morning(tmp_path, lang)

    async def inspect_1002_two_failures(pilot: Pilot[None]) -> None:
        await sign_in_lead(pilot)
        table = pilot.app.screen.query_one("#board", DataTable)
        table.move_cursor(row=table.get_row_index("1002"))
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "space", "down", "down", "space")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=SIZE, run_before=inspect_1002_two_failures)


@pytest.mark.parametrize("lang", LANGS)
def test_day_end_closed_with_qr(
    snap_compare: Callable[..., bool], tmp_path: Path, lang: str
) -> None:
    harness = busy_morning(tmp_path, lang)
    harness.at("20:30")

    async def close_the_day(pilot: Pilot[None]) -> None:
        await sign_in_lead(pilot)
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(harness.app, terminal_size=SIZE, run_before=close_the_day)
