"""The first day of records is the day `kiosk init` ran (setup.json); an older folder
without one takes the earliest day its records show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from tests.cli.cli_helpers import invoke

SET_UP = "2026-11-27"  # the folder's `kiosk init` runs on this Friday


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder set up by `kiosk init --demo` on SET_UP, at 07:55."""
    data = tmp_path / "data"
    result = CliRunner().invoke(
        cli,
        ["--data-dir", str(data), "init", "--demo"],
        env={"KIOSK_FAKE_NOW": f"{SET_UP}T07:55:00"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return data


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_init_notes_the_day_it_ran_and_a_later_init_keeps_it(folder: Path) -> None:
    assert json.loads((folder / "setup.json").read_text("utf-8")) == {"first_day": SET_UP}
    assert invoke(folder, "init", now="2026-12-03T09:00:00").exit_code == 0
    assert json.loads((folder / "setup.json").read_text("utf-8")) == {"first_day": SET_UP}
