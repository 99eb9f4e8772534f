"""A data folder written by the released kiosk (v0.15.0, commit 2a17c1a) opens in this one:
upgraded once, with a backup first, and every export is byte for byte what the released
kiosk exported, and `kiosk verify` passes.

The released code is taken from git history by commit (a clean clone has the history but
may lack the tag) with `git archive`, and run with this venv's python, its tree first on
the path. Skipped, saying why, where there is no git or no such commit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from backup_support import run

from kiosk.store.data_format import CURRENT_FORMAT

RELEASE = "2a17c1a"  # tagged v0.15.0
REPO = Path(__file__).resolve().parents[2]
SET_UP = "2026-11-01T07:00:00"
STAFF = (
    "id,name,shift,rest_day,lead,pin\n1001,王芳,A,mon,0,\n1002,李强,B,tue,0,\n1003,张敏,A,sun,0,\n"
)
EXPORTS = [
    ("--date", "2026-11-26", "--format", "csv"),
    ("--date", "2026-11-26", "--format", "json"),
    ("--date", "2026-11-27", "--format", "csv"),
    ("--date", "2026-11-27", "--format", "json"),
    ("--month", "2026-11", "--format", "csv"),
    ("--month", "2026-11", "--format", "json"),
    ("--month", "2026-11", "--format", "csv", "--totals"),
]
LATER = "2026-11-28T09:00:00"


def _released_tree(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the released code cannot be taken from history")
    found = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{RELEASE}^{{commit}}"], capture_output=True
    )
    if found.returncode != 0:
        pytest.skip(f"commit {RELEASE} (v0.15.0) is not in this clone's history (shallow?)")
    tree = tmp_path / "released"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", RELEASE, "kiosk"], capture_output=True, check=True
    )
    tar_path = tmp_path / "released.tar"
    tar_path.write_bytes(archive.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _old(tree: Path, folder: Path, *args: str, now: str = "2026-11-27T07:55:00") -> bytes:
    """The released `kiosk` in a child process; its stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env |= {"KIOSK_FAKE_NOW": now, "PYTHONPATH": str(tree)}
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(folder), "--lang", "en", *args],
        capture_output=True, env=env, cwd=tree, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, (args, proc.stderr.decode())
    return proc.stdout


def test_a_released_folder_upgrades_once_and_exports_the_same(tmp_path: Path) -> None:
    tree = _released_tree(tmp_path)
    where = _old(tree, tmp_path, "--help") and subprocess.run(
        [sys.executable, "-c", "import kiosk; print(kiosk.__file__)"],
        capture_output=True, text=True, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
    ).stdout  # fmt: skip
    assert where.startswith(str(tree)), f"the released code did not run: {where}"
    folder = tmp_path / "data"
    _old(tree, folder, "init", now=SET_UP)
    (tmp_path / "staff.csv").write_text(STAFF, "utf-8-sig")
    _old(tree, folder, "staff", "import", str(tmp_path / "staff.csv"), now=SET_UP)
    _old(tree, folder, "leave", "add", "1003", "sick", "2026-11-27", now="2026-11-26T07:00:00")
    for day in ("2026-11-26", "2026-11-27"):
        _old(tree, folder, "punch", "1001", "--at", f"{day}T07:58:00", now=f"{day}T07:58:00")
        _old(tree, folder, "punch", "1002", "--at", f"{day}T12:09:00", now=f"{day}T12:09:00")
        _old(
            tree, folder, "punch", "1001", "--at", f"{day}T17:01:00", "--yes", now=f"{day}T17:01:00"
        )
        _old(tree, folder, "day", "close", "--date", day, now=f"{day}T21:00:00")
    assert not (folder / "format.json").exists()  # the released kiosk knows no format
    before = {args: _old(tree, folder, "export", *args, now=LATER) for args in EXPORTS}
    _old(tree, folder, "verify", now=LATER)

    first = run(folder, "verify", now=LATER)
    assert first.exit_code == 0, first.output
    assert f"upgraded from format 1 to {CURRENT_FORMAT}" in first.stderr
    assert json.loads((folder / "format.json").read_text())["data_format"] == CURRENT_FORMAT
    backups = list((folder / "backups").glob("pre-upgrade-format1-*.tar.gz"))
    assert len(backups) == 1
    again = run(folder, "verify", now=LATER)
    assert again.exit_code == 0 and "upgraded" not in again.stderr  # once
    assert len(list((folder / "backups").iterdir())) == 1
    for args in EXPORTS:
        now = run(folder, "export", *args, now=LATER)
        assert now.exit_code == 0, now.output
        assert now.stdout_bytes == before[args], f"export {' '.join(args)} changed"

    # The backup taken before the upgrade is the released folder: it restores and verifies.
    restored = tmp_path / "restored"
    assert run(restored, "restore", str(backups[0]), "--data-dir", str(restored)).exit_code == 0
    with tarfile.open(backups[0]) as tar:
        assert "data/format.json" not in tar.getnames()  # the folder as the release left it
    assert run(restored, "verify", now=LATER).exit_code == 0
