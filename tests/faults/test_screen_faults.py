"""The kiosk screen when the disk goes away under it: a full disk, a read-only folder.

The status line says so before anyone scans, a scan gets the error dialog in the kiosk's
language and records nothing, and the kiosk carries on as soon as the disk is back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from screens.dialogs.error import ErrorDialog
from screens.home import HomeScreen
from screens.result import ResultScreen
from tests.faults.fault_support import fill, small_tmpfs, unwritable
from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, scan, settle


async def read_status(pilot: Pilot[None]) -> str:
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    home.read_status()
    await settle(pilot)
    return str(home.query_one("#status", Static).render())


async def scan_refused(pilot: Pilot[None], harness: KioskHarness, staff_id: str) -> str:
    """Scan a badge that must be refused; returns the dialog's sentence, back home after."""
    await scan(pilot, harness.badge(staff_id))
    dialog = pilot.app.screen
    assert isinstance(dialog, ErrorDialog)
    message = str(dialog.query_one("#message", Static).render())
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, HomeScreen)
    return message


async def scan_accepted(pilot: Pilot[None], harness: KioskHarness, staff_id: str) -> None:
    await scan(pilot, harness.badge(staff_id))
    assert isinstance(pilot.app.screen, ResultScreen)
    await pilot.press("escape")


@pytest.fixture
def on_tmpfs() -> Iterator[tuple[KioskHarness, Path]]:
    with small_tmpfs(1024) as mount_point:
        yield make_harness(mount_point / "data"), mount_point


async def test_full_disk_is_on_the_status_line_and_in_a_dialog_then_passes(
    on_tmpfs: tuple[KioskHarness, Path],
) -> None:
    harness, mount_point = on_tmpfs
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scan_accepted(pilot, harness, "1001")
        filler = fill(mount_point)
        assert "磁盘已满" in await read_status(pilot)
        message = await scan_refused(pilot, harness, "1003")
        day_file = harness.services.store.days.path_for(harness.clock.now().date())
        assert message == f"磁盘已满,无法写入 {day_file}。本次没有记录。"
        assert [e["staff_id"] for e in harness.day_events()] == ["1001"]

        filler.unlink()
        assert "数据正常" in await read_status(pilot)
        await scan_accepted(pilot, harness, "1003")
        assert pilot.app.is_running
    assert [e["staff_id"] for e in harness.day_events()] == ["1001", "1003"]


async def test_a_folder_turned_read_only_is_told_then_passes(tmp_path: Path) -> None:
    harness = make_harness(tmp_path / "data")
    how = "no_permission" if os.geteuid() != 0 else "read_only_disk"
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scan_accepted(pilot, harness, "1001")
        with unwritable(harness.data_dir, how):
            status = await read_status(pilot)
            assert f"数据文件夹 {harness.data_dir} 无法写入" in status
            message = await scan_refused(pilot, harness, "1003")
            assert message.startswith(f"数据文件夹 {harness.data_dir / 'days' / '2026-11'}")
        assert "数据正常" in await read_status(pilot)
        await scan_accepted(pilot, harness, "1003")
    assert [e["staff_id"] for e in harness.day_events()] == ["1001", "1003"]
