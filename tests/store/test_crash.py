"""A writer killed at any moment leaves a store that opens with every acknowledged write.

The issue's "Done means": a test kills a writer process with SIGKILL mid-write and shows the
store still opens with every acknowledged punch in it. The writer (tests/store/writer.py) is
a real child process using the services exactly as `kiosk` builds them; it prints an event id
only after the call that recorded it returned. Temp files a killed writer leaves behind are
removed at the next start-up, unless their target is being written right now.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock
from store_support import (
    Acks,
    LineReader,
    check_store,
    start_punch,
    start_writer,
    whole_day_lines,
)

from kiosk.cli import cli
from kiosk.store.atomic import read_json, temp_target
from kiosk.store.datafile import lock_path
from kiosk.store.site import Store
from tests.conftest import KioskRunner, run_binary

DAY_FILE = Path("days/2026-11/2026-11-27.json")
STALE = ".2026-11-27.json.12345.abcd1234.tmp"


def demo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    result = CliRunner().invoke(
        cli, ["--data-dir", str(folder), "init", "--demo"], env={"KIOSK_FAKE_NOW": ""}
    )
    assert result.exit_code == 0, result.output
    return folder


def stale_temp_beside(day_file: Path, name: str = STALE) -> Path:
    temp = day_file.with_name(name)
    temp.write_bytes(b'{"events":{"1":{"id":"half-writ')
    assert temp_target(temp) == day_file
    return temp


# -- stale temp files ---------------------------------------------------------------------


def test_store_open_removes_stale_temp_files(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    assert demo_kiosk("punch", "1001").exit_code == 0
    day_file = data_dir / DAY_FILE
    before = day_file.read_bytes()
    stale = stale_temp_beside(day_file)
    people_stale = data_dir / ".people.json.999.0123abcd.tmp"
    people_stale.write_bytes(b"{")

    removed = Store(data_dir).open()

    assert sorted(removed) == sorted([stale, people_stale])
    assert not stale.exists() and not people_stale.exists()
    assert day_file.read_bytes() == before  # the target itself is not touched
    assert Store(data_dir).open() == []


def test_any_cli_command_removes_stale_temp_files(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    assert demo_kiosk("punch", "1001").exit_code == 0
    stale = stale_temp_beside(data_dir / DAY_FILE)

    result = run_binary(data_dir, "staff", "list", "--json")

    assert result.exit_code == 0, result.stderr
    assert not stale.exists()


def test_temps_that_are_not_ours_are_kept(data_dir: Path) -> None:
    keep = [
        data_dir / "notes.tmp",  # not hidden
        data_dir / ".notes.tmp",  # no pid and token
        data_dir / ".people.json.tmp",
        data_dir / "days" / "2026-11" / "2026-11-27.json.1.ab.tmp",
    ]
    for path in keep:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me")

    assert Store(data_dir).open() == []
    assert all(path.read_text() == "keep me" for path in keep)


HOLD_LOCK = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_temp_of_a_file_being_written_is_not_removed(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """Another process holds the day file's lock (it is writing): its temp must stay."""
    assert demo_kiosk("punch", "1001").exit_code == 0
    day_file = data_dir / DAY_FILE
    busy_temp = stale_temp_beside(day_file)
    other_stale = data_dir / ".people.json.4242.deadbeef.tmp"
    other_stale.write_bytes(b"")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_path(day_file))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        removed = Store(data_dir).open()
        assert busy_temp.exists(), "a temp whose target is locked by a writer was removed"
        assert removed == [other_stale] and not other_stale.exists()
        # A CLI command started meanwhile leaves it too (and does not wait for the lock).
        started = time.monotonic()
        assert run_binary(data_dir, "staff", "list").exit_code == 0
        assert busy_temp.exists()
        assert time.monotonic() - started < 10
    finally:
        assert holder.stdin is not None
        holder.stdin.write("done\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    # Once the writer is gone the temp is stale and goes at the next start-up.
    assert Store(data_dir).open() == [busy_temp]
    assert not busy_temp.exists()


def test_temp_is_kept_while_this_process_holds_the_lock(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """A FileLock held by this process (a kiosk's own write in progress) also protects."""
    assert demo_kiosk("punch", "1001").exit_code == 0
    day_file = data_dir / DAY_FILE
    temp = stale_temp_beside(day_file)
    with FileLock(str(lock_path(day_file))):
        assert Store(data_dir).open() == []
        assert temp.exists()


# -- SIGKILL: deterministic, inside a write -------------------------------------------------


def kill_at_fsync(data_dir: Path, run: int, kind: str, nth: int) -> tuple[Acks, Path]:
    """Run the churn writer until its nth fsync of `kind`, SIGKILL it there."""
    proc = start_writer(data_dir, "churn", str(run), WRITER_HOLD_AT_FSYNC=f"{kind}:{nth}")
    acks = Acks()
    out, err = LineReader(proc.stdout), LineReader(proc.stderr)
    try:
        line = err.read_line(time.monotonic() + 20)
        assert line is not None and line.startswith(f"fsync {kind} "), line
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out.drain(acks, time.monotonic() + 5)
    assert proc.returncode == -signal.SIGKILL
    return acks, Path(line.split(" ", 2)[2])


@pytest.mark.slow
@pytest.mark.parametrize("nth", [1, 2, 5, 9, 14])
def test_sigkill_between_temp_write_and_rename_keeps_the_old_file(tmp_path: Path, nth: int) -> None:
    """Killed with its temp file written and fsynced but not yet renamed over the target."""
    data_dir = demo_folder(tmp_path)
    demo_staff = set(Store(data_dir).people.staff())
    acks, temp = kill_at_fsync(data_dir, 1, "file", nth)

    assert temp.exists(), "the writer was not inside write_atomic"
    target = temp_target(temp)
    assert target is not None
    read_json(target)  # the target is whole: the old version (or absent)
    inventory = check_store(data_dir, acks)  # opens, clears the temp, nothing acked is lost

    assert temp in inventory.removed_temps
    # Every write before this one was acknowledged; this one never reached the target.
    assert set(inventory.event_ids) == set(acks.events)
    assert inventory.staff - demo_staff == acks.staff


@pytest.mark.slow
@pytest.mark.parametrize("nth", [1, 4, 11])
def test_sigkill_after_rename_before_the_acknowledgement(tmp_path: Path, nth: int) -> None:
    """Killed after `os.replace` (fsyncing the folder): the write is whole, just unannounced."""
    data_dir = demo_folder(tmp_path)
    demo_staff = set(Store(data_dir).people.staff())
    acks, folder = kill_at_fsync(data_dir, 2, "dir", nth)

    assert folder.is_dir()
    inventory = check_store(data_dir, acks)

    unannounced = (set(inventory.event_ids) - set(acks.events)) | (
        inventory.staff - acks.staff - demo_staff
    )
    assert len(unannounced) == 1


@pytest.mark.slow
@pytest.mark.parametrize("nth", [1, 3, 8])
def test_sigkill_after_a_day_append_before_the_acknowledgement(tmp_path: Path, nth: int) -> None:
    """Killed after a punch's line was appended and fsynced, before it was answered: the
    line is whole and read like any other, and the folder takes the next punch (issue 15)."""
    data_dir = demo_folder(tmp_path)
    acks, day_file = kill_at_fsync(data_dir, 3, "append", nth)

    assert day_file.parent.parent.name == "days"
    inventory = check_store(data_dir, acks)
    assert len(set(inventory.event_ids) - set(acks.events)) == 1
    result = run_binary(data_dir, "punch", "1001", "--json", now="2026-11-30T07:55:00")
    assert result.exit_code == 0, result.stderr
    assert result.json()["id"] in check_store(data_dir, acks).event_ids


# -- SIGKILL: random moments, many times ----------------------------------------------------


def kill_at_random(data_dir: Path, run: int, rng: random.Random, acks: Acks) -> bool:
    """One churn writer killed at a random moment; True if it left a temp file behind."""
    proc = start_writer(data_dir, "churn", str(run))
    reader = LineReader(proc.stdout)
    try:
        if rng.random() < 0.25:
            time.sleep(rng.uniform(0.0, 0.5))  # anywhere: start-up, Store.open(), writing
        else:
            wanted = acks.count + rng.randint(1, 60)  # deep in the write loop
            deadline = time.monotonic() + 20
            while acks.count < wanted:
                line = reader.read_line(deadline)
                assert line is not None, proc.stderr.read().decode() if proc.stderr else ""
                acks.add_line(line)
            time.sleep(rng.uniform(0.0, 0.002))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.drain(acks, time.monotonic() + 5)
    if proc.returncode != -signal.SIGKILL:  # only if it died on its own: show why
        assert proc.stderr is not None
        pytest.fail(f"writer exited {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
    return any(data_dir.rglob("*.tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 22, 33, 44, 55])
def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path, seed: int) -> None:
    """8 writers per seed (40 kills in all; with the 8 at fsync points and the 6 of the real
    CLI below, 54), each killed at a random moment on one folder.

    After every kill the folder opens (Store.open() clears temp files), people.json and every
    day file parse, every acknowledged staff member and event is there, exactly once.
    """
    rng = random.Random(seed)
    data_dir = demo_folder(tmp_path)
    acks = Acks()
    left_temps = 0
    for run in range(8):
        left_temps += kill_at_random(data_dir, run, rng, acks)
        inventory = check_store(data_dir, acks)
        assert not list(data_dir.rglob("*.tmp"))
    assert acks.events, "the writers never acknowledged anything"
    # The folder is still fully usable afterwards: a normal punch through the real binary.
    result = run_binary(data_dir, "punch", "1001", "--json", now="2026-11-30T07:55:00")
    assert result.exit_code == 0, result.stderr
    final = check_store(data_dir, acks)
    assert result.json()["id"] in final.event_ids
    assert len(final.event_ids) == len(inventory.event_ids) + 1
    print(f"seed {seed}: {len(acks.events)} acked events, {left_temps}/8 kills left a temp")


@pytest.mark.slow
def test_sigkill_of_the_real_cli_mid_punch(tmp_path: Path) -> None:
    """`python -m kiosk punch` itself killed at random moments: earlier punches survive."""
    data_dir = demo_folder(tmp_path)
    rng = random.Random(7)
    first = run_binary(data_dir, "punch", "1001", "--json")
    assert first.exit_code == 0, first.stderr
    acked = {first.json()["id"]}
    for staff_id in ("1002", "1003", "1004", "1007", "1010", "1011"):
        proc = start_punch(data_dir, staff_id, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        if out.strip():  # it finished and answered before the kill: acknowledged
            acked.add(json.loads(out)["id"])
        inventory = check_store(data_dir)
        assert acked <= set(inventory.event_ids)
    whole_day_lines(data_dir / DAY_FILE)
