"""The Services container builds a service when first used (issue 15, faster faces): a
shell command builds and imports only what it uses, and the services that link to each
other (sync and the month sign-off, the punch and the clock watch) still link to one
another, each built once. Behaviour tests: modules and services, never a timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from tests.cli.cli_helpers import install_demo

# Runs `kiosk <args>` in-process, then prints the services built and the modules loaded.
PROBE = """
import json, sys
import kiosk.cli as cli
made = []
wire = cli.wire_services
cli.wire_services = lambda *a, **k: made.append(wire(*a, **k)) or made[-1]
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print("\\nBUILT " + json.dumps(sorted(made[0].built())))
print("LOADED " + json.dumps(sorted(sys.modules)))
"""
# What a staff member's punch at the shell has no use for.
NOT_FOR_A_PUNCH = (
    "kiosk.services.day_close", "kiosk.services.sync", "kiosk.services.exports",
    "kiosk.services.month_signoff", "kiosk.services.board", "kiosk.services.badges",
    "kiosk.services.month_so_far", "kiosk.central.feed", "urllib.request",
)  # fmt: skip


def run_probe(folder: Path, *args: str) -> tuple[set[str], set[str]]:
    env = {**os.environ, "KIOSK_FAKE_NOW": "2026-11-27T07:55:00"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(folder), *args],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    wanted = ("BUILT ", "LOADED ")
    rows = dict(row.split(" ", 1) for row in done.stdout.splitlines() if row.startswith(wanted))
    assert rows, done.stdout + done.stderr
    return set(json.loads(rows["BUILT"])), set(json.loads(rows["LOADED"]))


@pytest.mark.parametrize("command", [["punch", "1001"], ["staff", "list"]], ids=["punch", "list"])
def test_a_shell_command_builds_only_its_services(command: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    built, loaded = run_probe(folder, *command)
    assert built <= {"audit", "staff", "leave", "roster", "punch", "scan", "_feed"}, built
    assert not loaded & set(NOT_FOR_A_PUNCH), loaded & set(NOT_FOR_A_PUNCH)


def test_linked_services_are_built_once_and_linked(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    install_demo(folder)
    clock = FixedClock(datetime.fromisoformat("2026-11-27T07:55:00+08:00"))
    services = wire_services(folder, clock)
    assert "sync" not in services.built() and "punch" not in services.built()
    assert services.sync.months is services.months  # approvals go out with every sync run
    assert services.months is services.months and services.sync is services.sync
    assert services.punch.watch is services.clock_watch
    assert services.scheduler.watch is services.clock_watch
    assert services.lead is services.lead
    with pytest.raises(AttributeError):
        services.no_such_service  # noqa: B018


@pytest.mark.parametrize("first", ["scheduler", "end_of_day", "months", "lead"])
def test_one_end_of_day_whichever_service_is_asked_first(first: str, tmp_path: Path) -> None:
    """The month sign-off (built by the sync, built by the end of day) asks for the end of
    day while that one is being built: everyone must still share one, or a sign-off would
    send from a second one the scheduler never took over."""
    folder = tmp_path / "data"
    install_demo(folder)
    clock = FixedClock(datetime.fromisoformat("2026-11-27T07:55:00+08:00"))
    services = wire_services(folder, clock, scheduler_sends=True)
    getattr(services, first)
    end_of_day = services.end_of_day
    assert services.months.end_of_day is end_of_day
    assert services.scheduler.end_of_day is end_of_day
    assert services.lead.end_of_day is end_of_day
    assert end_of_day.send_later == services.scheduler.request_send  # the face's scheduler sends


def test_a_running_face_builds_the_end_of_day_only_when_asked(tmp_path: Path) -> None:
    """The kiosk's first frame has no use for the close, the sync or the scheduler: they
    are built after it (screens/app.py), not while the kiosk starts."""
    folder = tmp_path / "data"
    install_demo(folder)
    clock = FixedClock(datetime.fromisoformat("2026-11-27T07:55:00+08:00"))
    services = wire_services(folder, clock, scheduler_sends=True)
    assert not services.built() & {"end_of_day", "scheduler", "sync", "day_close"}
    assert wire_services(folder, clock).end_of_day.send_later is None  # a shell command sends
