"""A full disk, for real: the data folder on a small tmpfs filled to the last byte.

(The RLIMIT_FSIZE tests in tests/store/test_atomic.py cover machines that may not mount.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store.atomic import TEMP_SUFFIX
from tests.conftest import run_binary
from tests.faults.fault_support import demo_folder, fill, small_tmpfs, snapshot

LATER = "2026-11-27T08:20:00"
NEW_STAFF = ("--shift", "A", "--rest-day", "sun")


@pytest.fixture
def full_disk() -> Iterator[Path]:
    """A demo data folder on a 1 MB tmpfs with no byte left."""
    with small_tmpfs(1024) as mount_point:
        data = demo_folder(mount_point)
        filler = fill(mount_point)
        assert filler.stat().st_size > 0
        yield data


def test_punch_on_a_full_disk_is_exit_4_and_keeps_every_file(full_disk: Path) -> None:
    before = snapshot(full_disk)
    zh = run_binary(full_disk, "punch", "1003", now=LATER)
    en = run_binary(full_disk, "--lang", "en", "punch", "1003", "--json", now=LATER)
    assert zh.exit_code == en.exit_code == 4
    day_file = full_disk / "days" / "2026-11" / "2026-11-27.json"
    assert zh.stderr == f"磁盘已满,无法写入 {day_file}。本次没有记录。\n"
    assert en.json()["error"] == "disk_full"
    assert snapshot(full_disk) == before
    assert not list(full_disk.rglob(f"*{TEMP_SUFFIX}"))


def test_close_staff_and_leave_on_a_full_disk_change_nothing(full_disk: Path) -> None:
    before = snapshot(full_disk)
    results = [
        run_binary(full_disk, "day", "close", now="2026-11-27T21:00:00"),
        run_binary(full_disk, "staff", "add", "2001", "新同事", *NEW_STAFF, now=LATER),
        run_binary(full_disk, "leave", "add", "1002", "sick", "2026-11-30", "--phoned", now=LATER),
    ]
    for result in results:
        assert result.exit_code == 4, result
        assert result.stderr.startswith("磁盘已满"), result.stderr
    assert snapshot(full_disk) == before
    assert not list(full_disk.rglob(f"*{TEMP_SUFFIX}"))


def test_reading_works_on_a_full_disk_and_writing_once_space_is_back(full_disk: Path) -> None:
    export = run_binary(full_disk, "--lang", "en", "export", "--date", "2026-11-26")
    assert export.exit_code == 0, export.stderr
    assert "1001" in export.stdout
    assert run_binary(full_disk, "run").exit_code == 4  # the screen will not pretend to work

    (full_disk.parent / "filler.bin").unlink()
    result = run_binary(full_disk, "--lang", "en", "punch", "1003", "--json", now=LATER)
    assert result.exit_code == 0, result.stderr
    closed = run_binary(full_disk, "day", "close", "--json", now="2026-11-27T21:00:00")
    assert closed.exit_code == 0, closed.stderr


def test_the_kiosk_refuses_to_start_on_a_full_disk(full_disk: Path) -> None:
    result = run_binary(full_disk, "run")
    assert result.exit_code == 4
    assert result.stderr == f"磁盘已满,无法写入 {full_disk}。本次没有记录。\n"
    shutil.disk_usage(full_disk)  # still mounted and readable
