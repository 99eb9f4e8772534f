"""Several processes punching into the same day file at once lose nothing and double nothing.

Writers are real child processes (tests/store/writer.py in `checkin` mode, which punches
through the services exactly as `kiosk punch ID` does, clock from KIOSK_FAKE_NOW) plus the
real binary. They are released together: each prints `ready` once its services are built and
starts punching when the parent writes a line on its stdin.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_support import Acks, LineReader, check_store, start_punch, start_writer

from kiosk.cli import cli

DAY = "2026-11-27"


def folder_with_staff(tmp_path: Path, staff_ids: list[str]) -> Path:
    folder = tmp_path / "data"
    runner = CliRunner()
    assert runner.invoke(cli, ["--data-dir", str(folder), "init", "--demo"], env={}).exit_code == 0
    csv = tmp_path / "staff.csv"
    rows = [f"{sid},Person {sid},A,mon,0," for sid in staff_ids]
    csv.write_text("id,name,shift,rest_day,lead,pin\n" + "\n".join(rows) + "\n", "utf-8")
    result = runner.invoke(cli, ["--data-dir", str(folder), "staff", "import", str(csv)], env={})
    assert result.exit_code == 0, result.output
    return folder


HANG_SECONDS = 300


def run_together(
    data_dir: Path,
    groups: list[list[str]],
    *,
    cli_punches: list[str] = (),
    modes: list[str] | None = None,
) -> tuple[list[Acks], list[subprocess.CompletedProcess[str]]]:
    """One writer per group (writer.py `modes`, default `checkin`), released at once;
    optional real `kiosk punch ID --json` processes alongside."""
    modes = modes or ["checkin"] * len(groups)
    together = str(time.monotonic())  # one clock for all writers (writer.py TogetherClock)
    writers = [
        start_writer(data_dir, mode, *group, WRITER_CLOCK_T0=together)
        for mode, group in zip(modes, groups, strict=True)
    ]
    readers = [LineReader(w.stdout) for w in writers]
    acks = [Acks() for _ in writers]
    binaries: list[subprocess.Popen[str]] = []
    try:
        deadline = time.monotonic() + 30
        for reader, ack in zip(readers, acks, strict=True):
            line = reader.read_line(deadline)
            assert line is not None
            ack.add_line(line)
            assert ack.ready
        for w in writers:
            assert w.stdin is not None
            w.stdin.write(b"go\n")
            w.stdin.flush()
        binaries = [start_punch(data_dir, sid) for sid in cli_punches]
        # One bound for all writers, there to catch a hang, not to time them: on a loaded
        # 2-core CI machine 900 punches through two screens took over the minute once given.
        finish = time.monotonic() + HANG_SECONDS
        for w, reader, ack in zip(writers, readers, acks, strict=True):
            reader.drain(ack, finish)
            left = max(5.0, finish - time.monotonic())
            assert w.wait(timeout=left) == 0, w.stderr.read().decode() if w.stderr else ""
        done = []
        for proc in binaries:
            out, err = proc.communicate(timeout=60)
            done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    finally:
        for proc in [*writers, *binaries]:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return acks, done


def check_ins_by_staff(data_dir: Path) -> Counter[str]:
    inventory = check_store(data_dir)
    return Counter(
        e["staff_id"]
        for e in inventory.events
        if e["type"] == "punch" and e["action"] == "check_in" and e["date"] == DAY
    )


@pytest.mark.slow
def test_two_writers_and_the_cli_on_one_day_lose_no_punch(tmp_path: Path) -> None:
    """2 x 60 staff checking in through two processes, plus 6 through `kiosk punch`."""
    group_a = [f"A{n:03d}" for n in range(60)]
    group_b = [f"B{n:03d}" for n in range(60)]
    via_cli = [f"C{n:03d}" for n in range(6)]
    data_dir = folder_with_staff(tmp_path, group_a + group_b + via_cli)

    (acks_a, acks_b), binaries = run_together(data_dir, [group_a, group_b], cli_punches=via_cli)

    for ack in (acks_a, acks_b):
        assert not ack.errors and not ack.refused
        assert len(ack.events) == 60
    cli_ids = {}
    for sid, proc in zip(via_cli, binaries, strict=True):
        assert proc.returncode == 0, proc.stderr
        body = json.loads(proc.stdout)
        assert body["staff_id"] == sid and body["action"] == "check_in"
        cli_ids[body["id"]] = body["date"]

    merged = Acks(events={**acks_a.events, **acks_b.events, **cli_ids})
    assert len(merged.events) == 126  # no event id handed out twice
    inventory = check_store(data_dir, merged)  # every acknowledged punch is in its file
    assert Counter(inventory.event_ids.values()) == {1: 126}  # once each, nothing extra
    assert check_ins_by_staff(data_dir) == Counter({sid: 1 for sid in group_a + group_b + via_cli})


@pytest.mark.slow
def test_the_same_person_scanned_by_three_processes_checks_in_once(tmp_path: Path) -> None:
    """Three writers punch the same 30 people at the same moment, in orders that cross."""
    people = [f"S{n:03d}" for n in range(30)]
    data_dir = folder_with_staff(tmp_path, people)

    orders = [people, people[::-1], people[15:] + people[:15]]
    all_acks, _ = run_together(data_dir, orders)

    events = {eid: d for ack in all_acks for eid, d in ack.events.items()}
    assert sum(len(ack.events) for ack in all_acks) == len(events) == 30
    for ack in all_acks:
        assert not ack.errors
        assert {code for code, _ in ack.refused} <= {"duplicate"}
    answered = Counter(sid for ack in all_acks for _, sid in ack.refused)
    assert answered == Counter({sid: 2 for sid in people})  # each refused twice, as duplicate
    check_store(data_dir, Acks(events=events))
    assert check_ins_by_staff(data_dir) == Counter({sid: 1 for sid in people})


@pytest.mark.slow
@pytest.mark.parametrize("staff_id", ["1001", "1007"])
def test_two_cli_scans_of_one_person_at_once_record_one_check_in(
    tmp_path: Path, staff_id: str
) -> None:
    """`kiosk punch ID` twice at the same moment: one check-in (exit 0), one duplicate (3)."""
    data_dir = folder_with_staff(tmp_path, [])
    procs = [start_punch(data_dir, staff_id) for _ in range(2)]
    results = [(*proc.communicate(timeout=60), proc.returncode) for proc in procs]
    codes = sorted(code for _, _, code in results)
    assert codes == [0, 3], results
    bodies = {code: json.loads(out) for out, _, code in results}
    assert bodies[0]["action"] == "check_in"
    assert bodies[3]["refused"] == "duplicate"
    inventory = check_store(data_dir, Acks(events={bodies[0]["id"]: DAY}))
    assert list(inventory.event_ids) == [bodies[0]["id"]]
    assert check_ins_by_staff(data_dir) == Counter({staff_id: 1})


@pytest.mark.slow
def test_three_processes_of_300_punches_on_one_day_lose_nothing(tmp_path: Path) -> None:
    """3 x 300 check-ins released at once: two kiosk screens (KioskApp, badges scanned one
    after another) and the `kiosk punch` command, plus 6 real `kiosk` processes alongside:
    none lost, none twice, no id handed out twice."""
    groups = [[f"{tag}{n:03d}" for n in range(300)] for tag in ("P", "Q", "R")]
    via_cli = [f"C{n:03d}" for n in range(6)]
    data_dir = folder_with_staff(tmp_path, [sid for group in groups for sid in group] + via_cli)

    modes = ["kiosk_app", "kiosk_app", "kiosk_cli"]
    acks, binaries = run_together(data_dir, groups, cli_punches=via_cli, modes=modes)

    for ack in acks:
        assert not ack.errors and not ack.refused
        assert len(ack.events) == 300
    cli_ids = {json.loads(proc.stdout)["id"]: "2026-11-27" for proc in binaries}
    assert all(proc.returncode == 0 for proc in binaries)
    merged = Acks(events={k: v for ack in acks for k, v in ack.events.items()} | cli_ids)
    assert len(merged.events) == 906  # no event id handed out twice
    inventory = check_store(data_dir, merged)
    assert Counter(inventory.event_ids.values()) == {1: 906}
