"""Shared fixtures: real data folders in tmp dirs, the real CLI, an injected clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kiosk.cli import cli

FAKE_NOW = "2026-11-27T07:55:00"  # a Friday
# When the test folders are set up (`kiosk init`): the first day they keep records, so no
# earlier day can be closed. Before every day a test closes, the benchmarks' month included.
SET_UP_NOW = "2026-11-01T07:00:00"
DEMO_LEAD_PIN = "1234"  # L001's (and the test desks' leads')


def lead_pin_input(args: tuple[str, ...] | list[str], given: str | None = None) -> str | None:
    """What a test types on standard input: `--by LEAD` asks for the lead's PIN (one line
    when stdin is not a terminal), so the demo lead's PIN unless the test says otherwise."""
    if given is not None:
        return given
    return DEMO_LEAD_PIN + "\n" if "--by" in args else None


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""  # what was written, undecoded (an xlsx export)

    def json(self) -> Any:
        return json.loads(self.stdout)


KioskRunner = Callable[..., CliResult]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder `kiosk init` set up at SET_UP_NOW (config + site key), no staff."""
    folder = tmp_path / "data"
    env = {"KIOSK_FAKE_NOW": SET_UP_NOW}
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "init"], env=env)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def kiosk(data_dir: Path) -> KioskRunner:
    """Run `kiosk` in-process against `data_dir`: kiosk("punch", "1001", now="...")."""

    def run(
        *args: str, now: str | None = FAKE_NOW, lang: str = "en", stdin: str | None = None
    ) -> CliResult:
        env = {"KIOSK_FAKE_NOW": now or ""}
        runner = CliRunner()
        result = runner.invoke(
            cli,
            ["--data-dir", str(data_dir), "--lang", lang, *args],
            input=lead_pin_input(args, stdin),
            env=env,
            catch_exceptions=False,
        )
        return CliResult(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return run


@pytest.fixture
def demo_kiosk(kiosk: KioskRunner) -> KioskRunner:
    """`kiosk` on a data folder with the demo staff (lead L001 PIN 1234)."""
    assert kiosk("init", "--demo").exit_code == 0
    return kiosk


def run_binary(data_dir: Path, *args: str, now: str | None = FAKE_NOW) -> CliResult:
    """The real console entry point in a child process (`python -m kiosk`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    if now:
        env["KIOSK_FAKE_NOW"] = now
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), *args],
        capture_output=True,
        input=lead_pin_input(args),
        text=True,
        env=env,
        timeout=60,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)
