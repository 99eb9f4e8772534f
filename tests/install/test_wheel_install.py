"""The production install path (README, "Setting up the front-desk machine"): the project's
wheel, installed into a fresh venv without the dev dependencies, gives a `kiosk` whose
`--help`, `init` and `doctor` work in a new data folder, with all its package data.

Slow-ish (about 20-40 s: a wheel build and a real install, its dependencies from the package
registry or pip's cache); it runs in `make test` all the same. `KIOSK_WHEELHOUSE=DIR` adds a
folder of wheels pip may take the dependencies from (`pip download -d DIR ...` once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = ("pytest", "ruff", "hypothesis", "jsonschema", "importlinter")

pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment a new machine's shell has: no PYTHONPATH pointing at this checkout,
    no KIOSK_* of the test run, HOME in the tmp folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KIOSK_", "PYTHON", "VIRTUAL_ENV")) and k not in ("COLUMNS", "LINES")
    }
    return env | {"HOME": str(tmp_path / "home")}


def test_the_wheel_installs_without_dev_tools_and_runs(tmp_path: Path) -> None:
    started = time.monotonic()
    env = clean_env(tmp_path)
    (tmp_path / "home").mkdir()
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        tmp_path,
        env,
    )
    (wheel,) = dist.glob("shift_kiosk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        p.relative_to(ROOT).as_posix()
        for pattern in ("kiosk/**/*.toml", "kiosk/**/*.csv", "screens/**/*.tcss", "kiosk/i18n/*.py")
        for p in ROOT.glob(pattern)
    ]
    assert shipped and not [n for n in shipped if n not in names]

    # A fresh venv, the wheel installed by pip into it: only the runtime dependencies.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    if wheelhouse := os.environ.get("KIOSK_WHEELHOUSE"):
        install += ["--find-links", wheelhouse]
    run([*install, "--no-compile", str(wheel)], tmp_path, env)
    for name in DEV_ONLY:
        missing = subprocess.run([python, "-c", f"import {name}"], capture_output=True, env=env)
        assert missing.returncode != 0, f"{name} is installed, but is a dev dependency"

    checked = json.loads(
        run([python, str(ROOT / "tests" / "install" / "installed_check.py")], tmp_path, env)
    )
    assert checked["problems"] == []
    assert checked["kiosk"].startswith(str(venv))  # the installed copy, not this checkout

    kiosk = str(venv / "bin" / "kiosk")
    helped = run([kiosk, "--help"], tmp_path, env)
    assert "  init " in helped and "  doctor " in helped
    data = tmp_path / "kiosk-data"
    run([kiosk, "--data-dir", str(data), "init"], tmp_path, env)
    assert (data / "kiosk.toml").is_file() and (data / "site.key").is_file()
    terminal = env | {"COLUMNS": "80", "LINES": "24"}
    report = json.loads(
        run(
            [kiosk, "--data-dir", str(data), "doctor", "--json", "--min-free-mb", "1"],
            tmp_path,
            terminal,
        )
    )
    assert report["ok"], report
    human = run(
        [kiosk, "--data-dir", str(data), "doctor", "--min-free-mb", "1"], tmp_path, terminal
    )
    assert "全部检查通过" in human
    print(f"wheel build + fresh install + 3 commands: {time.monotonic() - started:.1f} s")
