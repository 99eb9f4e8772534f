"""Finding 4 of issue 15: no export, badge, report or plan file goes into the data folder.

`kiosk export --out <data>/people.json` replaced the staff file; `--out ''` was an
"Unexpected error". Every `--out` goes through one guard (kiosk/store/site.py
`Store.refuse_inside`), symlinks resolved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import KioskRunner

CLOSED = ("day", "close", "--date", "2026-11-26")


@pytest.fixture
def closed(demo_kiosk: KioskRunner) -> KioskRunner:
    assert demo_kiosk(*CLOSED).exit_code == 0
    return demo_kiosk


def test_export_onto_the_staff_file_is_refused(closed: KioskRunner, data_dir: Path) -> None:
    before = (data_dir / "people.json").read_bytes()
    result = closed("export", "--date", "2026-11-26", "--out", str(data_dir / "people.json"))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "data folder" in result.stderr
    assert (data_dir / "people.json").read_bytes() == before


def test_export_into_a_subfolder_of_the_data_folder_is_refused(
    closed: KioskRunner, data_dir: Path
) -> None:
    result = closed("export", "--date", "2026-11-26", "--out", str(data_dir / "days" / "x.csv"))
    assert result.exit_code == 2
    assert not (data_dir / "days" / "x.csv").exists()


def test_a_symlink_into_the_data_folder_is_refused(
    closed: KioskRunner, data_dir: Path, tmp_path: Path
) -> None:
    link = tmp_path / "elsewhere"
    link.symlink_to(data_dir)
    before = (data_dir / "people.json").read_bytes()
    result = closed("export", "--date", "2026-11-26", "--out", str(link / "people.json"))
    assert result.exit_code == 2
    assert (data_dir / "people.json").read_bytes() == before


def test_an_empty_out_is_a_usage_error(closed: KioskRunner) -> None:
    result = closed("export", "--date", "2026-11-26", "--out", "")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Unexpected" not in result.stderr
    assert "--out" in result.stderr


def test_badges_into_the_data_folder_are_refused(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    result = demo_kiosk("badges", "1001", "--out", str(data_dir))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert not list(data_dir.glob("*.png"))


def test_plan_export_into_the_data_folder_is_refused(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    target = data_dir / "kiosk.toml"
    before = target.read_bytes()
    result = demo_kiosk("roster", "export", "--month", "2026-12", "--out", str(target))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert target.read_bytes() == before


def test_an_export_outside_the_data_folder_is_written(closed: KioskRunner, tmp_path: Path) -> None:
    out = tmp_path / "out" / "day.csv"
    out.parent.mkdir()
    result = closed("export", "--date", "2026-11-26", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()
