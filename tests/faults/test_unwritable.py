"""An unwritable data folder: a clear sentence and exit 4, nothing changed, reading still works.

Each test runs twice: on a read-only bind mount (a disk the kernel remounted read-only) and on
a folder without write permission (see fault_support for how that binds even as root).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store.atomic import TEMP_SUFFIX
from tests.conftest import FAKE_NOW, run_binary
from tests.faults.fault_support import demo_folder, public_folder, snapshot, unwritable

WAYS = ["read_only_disk", "no_permission"]
LATER = "2026-11-27T08:20:00"


@pytest.fixture
def data() -> Iterator[Path]:
    root = public_folder()
    try:
        yield demo_folder(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("how", WAYS)
def test_punch_is_exit_4_with_one_sentence_and_changes_nothing(data: Path, how: str) -> None:
    before = snapshot(data)
    with unwritable(data, how) as kiosk:
        zh = kiosk.cli("punch", "1003", now=LATER)
        en = kiosk.cli("--lang", "en", "punch", "1003", now=LATER)
        as_json = kiosk.cli("punch", "1003", "--json", now=LATER)
    assert zh.exit_code == en.exit_code == as_json.exit_code == 4
    assert zh.stdout == en.stdout == ""
    assert zh.stderr == (
        f"数据文件夹 {data / 'days' / '2026-11'} 无法写入(没有权限,或磁盘变成了只读)。"
        "本次没有记录,请联系信息科。\n"
    )
    assert en.stderr.startswith(f"The data folder {data / 'days' / '2026-11'} cannot be written")
    assert as_json.json()["error"] == "not_writable"
    assert "Traceback" not in zh.stderr + en.stderr + as_json.stderr
    assert snapshot(data) == before


@pytest.mark.parametrize("how", WAYS)
def test_every_writing_command_refuses_the_same_way(data: Path, how: str) -> None:
    before = snapshot(data)
    with unwritable(data, how) as kiosk:
        results = [
            kiosk.cli("day", "close", now="2026-11-27T21:00:00"),
            kiosk.cli("leave", "add", "1002", "sick", "2026-11-30", "--phoned", now=LATER),
            kiosk.cli("sync", now=LATER),
        ]
    for result in results:
        assert result.exit_code == 4, result
        assert "无法写入" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(data) == before


@pytest.mark.parametrize("how", WAYS)
def test_reading_and_exporting_still_work(data: Path, how: str) -> None:
    stale = data / "days" / "2026-11" / f".2026-11-27.json.99999.deadbeef{TEMP_SUFFIX}"
    stale.write_bytes(b"half a write")
    with unwritable(data, how) as kiosk:
        staff = kiosk.cli("--lang", "en", "staff", "list")
        export = kiosk.cli("--lang", "en", "export", "--date", "2026-11-26", "--format", "json")
    assert staff.exit_code == 0, staff.stderr
    assert "1001" in staff.stdout
    assert export.exit_code == 0, export.stderr
    assert export.json()["date"] == "2026-11-26"
    assert stale.exists()  # could not be removed; harmless, and it stopped nothing


@pytest.mark.parametrize("how", WAYS)
def test_the_kiosk_screen_refuses_to_start(data: Path, how: str) -> None:
    with unwritable(data, how) as kiosk:
        result = kiosk.cli("run", now=FAKE_NOW)
    assert result.exit_code == 4
    assert result.stderr.startswith(f"数据文件夹 {data} 无法写入")
    assert "Traceback" not in result.stderr
    assert not (data / "kiosk.log").exists()


@pytest.mark.parametrize("how", WAYS)
def test_punches_work_again_once_the_folder_is_writable(data: Path, how: str) -> None:
    with unwritable(data, how) as kiosk:
        assert kiosk.cli("punch", "1003", now=LATER).exit_code == 4
    result = run_binary(data, "--lang", "en", "punch", "1003", "--json", now=LATER)
    assert result.exit_code == 0, result.stderr
    assert result.json()["action"] == "check_in"
    assert not list(data.rglob(f"*{TEMP_SUFFIX}"))
