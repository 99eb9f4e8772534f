"""`kiosk export --month M --format xlsx` with no --out and a terminal for its output says
to give a file, rather than pouring a zip archive over the screen; piped, it writes."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from tests.cli.cli_helpers import install_demo
from tests.e2e.tmux_session import kiosk_binary

ENV = {"KIOSK_FAKE_NOW": "2026-11-28T07:55:00"}


def run(data_dir: Path, terminal: bool) -> tuple[int, bytes, bytes]:
    args = [str(kiosk_binary()), "--data-dir", str(data_dir), "export", "--month", "2026-11",
            "--format", "xlsx"]  # fmt: skip
    env = os.environ | ENV
    if not terminal:
        done = subprocess.run(args, capture_output=True, env=env, timeout=60)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(args, stdout=follower, stderr=subprocess.PIPE, env=env, timeout=60)
        os.close(follower)
        follower = -1
        shown = b""
        try:
            while chunk := os.read(leader, 4096):
                shown += chunk
        except OSError:  # the terminal's other end is closed: all read
            pass
        return done.returncode, shown, done.stderr
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


def test_a_workbook_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    install_demo(tmp_path / "data")
    code, shown, said = run(tmp_path / "data", terminal=True)
    assert code == 2 and b"PK" not in shown
    assert "--out 2026-11.xlsx" in said.decode("utf-8")


def test_piped_it_is_the_workbook(tmp_path: Path) -> None:
    install_demo(tmp_path / "data")
    code, data, _ = run(tmp_path / "data", terminal=False)
    assert code == 0 and data.startswith(b"PK\x03\x04")
