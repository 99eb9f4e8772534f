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

HEAVY = ("textual", "rich", "PIL", "qrcode", "openpyxl", "psycopg", "pypinyin", "http")
# Modules a module's name must not start with (urllib.parse is pathlib's own import in 3.11:
# the network half of urllib is what a command must not load).
HEAVY_MODULES = ("urllib.request", "urllib.response", "email", "ssl", "socket")

# Runs `kiosk <args>` in-process, then prints the heavy top-level packages it loaded.
PROBE = """
import json, sys
from kiosk.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
loaded += sorted(m for m in sys.modules if m.startswith(HEAVY_MODULES))
print("\\nLOADED " + json.dumps(loaded))
"""


def loaded_by(args: list[str], tmp_path: Path) -> list[str]:
    env = {**os.environ, "KIOSK_FAKE_NOW": "2026-11-27T07:55:00"}
    code = f"HEAVY = {HEAVY!r}\nHEAVY_MODULES = {HEAVY_MODULES!r}\n{PROBE}"
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
    [["punch", "--help"], ["staff", "list"], ["punch", "1005"], ["--help"]],
    ids=["punch-help", "staff-list", "punch", "kiosk-help"],
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


def modules_loaded(args: list[str], watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` (module names, or prefixes ending in ".") `kiosk <args>` loads."""
    code = (
        "import json, sys\nfrom kiosk.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        f"watched = {watched!r}\n"
        "found = sorted({w for w in watched for m in sys.modules"
        " if m == w or (w.endswith('.') and m.startswith(w))})\n"
        "print('\\nLOADED ' + json.dumps(found))\n"
    )
    env = {**os.environ, "KIOSK_FAKE_NOW": "2026-11-27T11:30:00"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )
    line = [row for row in done.stdout.splitlines() if row.startswith("LOADED ")]
    assert line, done.stdout + done.stderr
    return list(json.loads(line[-1].removeprefix("LOADED ")))


# What the two commands a script runs most (issue 15: each under 150 ms as a process) do not
# need: a help layout, the other language, a lock library for a read, a log file, the
# package-resource machinery, the day files for a staff list, the appearance check for a
# punch. Each was loaded by every command before.
NOT_FOR_A_PUNCH = (
    "kiosk.i18n.en",
    "importlib.resources",
    "tempfile",
    "zipfile",
    "kiosk.services.appearance",
    "kiosk.domain.summary",
    "kiosk.commands.day",
)
NOT_FOR_A_STAFF_LIST = (
    *NOT_FOR_A_PUNCH,
    "filelock.",
    "logging",
    "kiosk.store.day_file",
    "kiosk.domain.events",
    "kiosk.domain.month_signoff",
)


def test_a_punch_loads_only_what_it_uses(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    args = ["--data-dir", str(folder), "punch", "1005"]
    assert modules_loaded(args, NOT_FOR_A_PUNCH) == []
    assert modules_loaded(args, NOT_FOR_A_PUNCH) == []  # a second punch: refused, the same


def test_a_staff_list_loads_only_what_it_uses(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    assert modules_loaded(["--data-dir", str(folder), "staff", "list"], NOT_FOR_A_STAFF_LIST) == []


def test_every_lazily_imported_command_is_listed_in_the_help() -> None:
    """`kiosk --help` lists LAZY_COMMANDS without importing them, as public commands: a
    hidden one among them would be listed by mistake."""
    from click import Context

    from kiosk.cli import LAZY_COMMANDS, cli

    ctx = Context(cli, info_name="kiosk")
    for name in LAZY_COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None and not command.hidden, name
