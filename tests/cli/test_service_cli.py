"""`kiosk service`: the systemd unit that starts the kiosk on boot, checked by systemd's own
`systemd-analyze verify` where it is installed, written under a tmp root (never /)."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.domain.service_unit import UnitSpec, unit_text
from tests.cli.cli_helpers import append_config, install_demo, invoke

ANALYZE = shutil.which("systemd-analyze")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kiosk data"  # a space: the unit must quote it
    install_demo(folder)
    return folder


def _install(data_dir: Path, root: Path, *args: str) -> Path:
    result = invoke(data_dir, "--lang", "en", "service", "install", "--root", str(root), *args)
    assert result.exit_code == 0, result
    return root / "etc/systemd/system/shift-kiosk.service"


def test_show_prints_the_unit_and_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = invoke(data_dir, "service", "show", "--user", "frontdesk", "--tty", "tty2")
    assert result.exit_code == 0, result
    unit = result.stdout
    assert "ExecStart=" in unit and f'--data-dir "{data_dir}" run' in unit
    for line in (
        "User=frontdesk",
        "TTYPath=/dev/tty2",
        "Conflicts=getty@tty2.service",
        "Restart=always",
        "RestartPreventExitStatus=0 2",
        f'ReadWritePaths="{data_dir}"',
        "UMask=0077",
    ):
        assert line in unit.splitlines(), line
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_install_writes_a_unit_systemd_accepts(data_dir: Path, tmp_path: Path) -> None:
    path = _install(data_dir, tmp_path / "root")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    if ANALYZE is None:
        pytest.skip("systemd-analyze is not installed here: the unit was written, not verified")
    done = subprocess.run(
        [ANALYZE, "verify", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    # Unknown keys or bad values are warnings with exit 0: none may name our unit.
    assert done.returncode == 0, done.stderr
    assert "shift-kiosk.service" not in done.stderr, done.stderr


def test_uninstall_removes_the_unit_and_keeps_the_data(data_dir: Path, tmp_path: Path) -> None:
    path = _install(data_dir, tmp_path / "root")
    result = invoke(
        data_dir, "--lang", "en", "service", "uninstall", "--root", str(tmp_path / "root")
    )
    assert result.exit_code == 0, result
    assert not path.exists() and (data_dir / "kiosk.toml").exists()
    again = invoke(
        data_dir, "--lang", "en", "service", "uninstall", "--root", str(tmp_path / "root")
    )
    assert "No unit" in again.stdout


def test_a_folder_sync_target_outside_the_data_folder_stays_writable(
    data_dir: Path, tmp_path: Path
) -> None:
    share = tmp_path / "hr share"
    append_config(data_dir, f'\n[[sync.targets]]\nkind = "folder"\npath = "{share}"\n')
    unit = invoke(data_dir, "service", "show").stdout
    assert f'ReadWritePaths="{data_dir}" "-{share}"' in unit


def test_a_path_a_unit_cannot_carry_is_refused(data_dir: Path) -> None:
    result = invoke(data_dir, "--lang", "en", "service", "show", "--kiosk", '/opt/k"iosk')
    assert result.exit_code == 2 and "cannot go into a systemd unit" in result.stderr
    result = invoke(data_dir, "--lang", "en", "service", "show", "--user", "a b")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_the_back_off_grows_only_where_systemd_knows_how() -> None:
    spec = UnitSpec(kiosk=Path("/opt/kiosk/bin/kiosk"), data_dir=Path("/var/lib/kiosk"))
    old = unit_text(spec)  # Debian 12: systemd 252
    assert "RestartSec=5" in old.splitlines() and "RestartSteps" not in old
    assert "StartLimitBurst=10" in old.splitlines()
    new = unit_text(UnitSpec(spec.kiosk, spec.data_dir, systemd_version=254))
    assert "RestartSteps=5" in new.splitlines() and "RestartMaxDelaySec=300" in new.splitlines()
