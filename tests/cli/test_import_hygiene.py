"""Every CLI command imports only what it uses (issue 15, finding 8): a punch at the shell
must not load the screen toolkit, the QR maker, the spreadsheet writer or the central
database's driver. Each case runs in a fresh interpreter and reads its `sys.modules`; a
behaviour test, never a timed one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.cli_helpers import install_demo

HEAVY = ("textual", "PIL", "qrcode", "openpyxl", "psycopg", "pypinyin")

# Runs `kiosk <args>` in-process, then prints the heavy top-level packages it loaded.
PROBE = """
import json, sys
from kiosk.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("\\nLOADED " + json.dumps(loaded))
"""


def loaded_by(args: list[str], tmp_path: Path) -> list[str]:
    env = {**os.environ, "KIOSK_FAKE_NOW": "2026-11-27T07:55:00"}
    code = f"HEAVY = {HEAVY!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )
    line = [row for row in done.stdout.splitlines() if row.startswith("LOADED ")]
    assert line, done.stdout + done.stderr
    return json.loads(line[-1].removeprefix("LOADED "))


def test_importing_the_cli_loads_no_heavy_module() -> None:
    code = (
        "import sys, kiosk.cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


@pytest.mark.parametrize(
    "command",
    [["punch", "--help"], ["staff", "list"], ["punch", "1005"]],
    ids=["punch-help", "staff-list", "punch"],
)
def test_a_shell_command_loads_no_heavy_module(command: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    assert loaded_by(["--data-dir", str(folder), *command], tmp_path) == []


def test_listing_staff_loads_no_end_of_day_report(tmp_path: Path) -> None:
    """`kiosk staff list` sorts names and prints them: the end-of-day report `staff set`
    and `staff end` print (with the day's presentation and the sync warnings it brings) is
    not needed for it."""
    folder = tmp_path / "data"
    install_demo(folder)
    watched = ("kiosk.commands.day", "kiosk.presentation.day", "kiosk.presentation.sync")
    code = (
        "import sys\nfrom kiosk.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        f"print('\\nLOADED', sorted(set({watched!r}) & set(sys.modules)))\n"
    )
    env = {**os.environ, "KIOSK_FAKE_NOW": "2026-11-27T07:55:00"}
    args = ["--data-dir", str(folder), "staff", "list"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert "\nLOADED []" in done.stdout, done.stdout + done.stderr
