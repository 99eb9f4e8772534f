"""data/ ships the same defaults the package installs, so `kiosk` run from a checkout and
`kiosk init` in a new folder start from identical rules."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import default_config_text, parse_config

ROOT = Path(__file__).resolve().parents[2]


def test_data_folder_config_is_the_package_default() -> None:
    assert (ROOT / "data" / "kiosk.toml").read_text("utf-8") == default_config_text()
    parse_config(default_config_text())


def test_data_folder_demo_staff_is_the_package_default() -> None:
    shipped = ROOT / "kiosk" / "defaults" / "demo_staff.csv"
    assert (ROOT / "data" / "demo_staff.csv").read_bytes() == shipped.read_bytes()
