"""A backup taken while real processes punch loses no punch and blocks none.

Four child processes (tests/backup/puncher.py, the services as `kiosk punch` builds them)
punch 240 people in as fast as they can while this process takes backup after backup of
the same folder. Afterwards every acknowledged punch is in the folder, every archive
restores into a folder that `kiosk verify` passes, and no punch took more than a second.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from backup_support import FAKE_NOW, event_ids, folder_with_staff, verify_json

from kiosk.cli import wire_services
from kiosk.services.backup import restore

PUNCHER = Path(__file__).with_name("puncher.py")
WRITERS, PER_WRITER = 4, 60
MAX_PUNCH_SECONDS = 1.0


def _start(folder: Path, ids: list[str]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_FAKE_NOW"] = FAKE_NOW
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, str(PUNCHER), str(folder), *ids],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env,
    )  # fmt: skip


def _burst(folder: Path, ids: list[str], backup_to: Path | None) -> tuple[list, list, list]:
    """Punch `ids` from WRITERS processes at once; meanwhile, with `backup_to`, back the
    folder up again and again. (the punches' lines, the archives, their time spans)"""
    writers = [_start(folder, ids[i::WRITERS]) for i in range(WRITERS)]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready", w.stderr
    backup = wire_services(folder, source="cli").backup
    archives: list[Path] = []
    spans: list[tuple[float, float]] = []
    for w in writers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    while backup_to is not None and (any(w.poll() is None for w in writers) or len(archives) < 2):
        out = backup_to / f"backup-{len(archives)}.tar.gz"
        started = time.monotonic()
        backup.backup(out)
        spans.append((started, time.monotonic()))
        archives.append(out)
    lines = []
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        lines += [line.split() for line in out.splitlines()]
    assert all(line[0] == "event" for line in lines), [x for x in lines if x[0] != "event"]
    return lines, archives, spans


def _figures(took: list[float]) -> str:
    took = sorted(took)
    p99 = took[max(0, int(len(took) * 0.99) - 1)]
    median = statistics.median(took)
    return f"median {median * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {took[-1] * 1000:.1f} ms"


def test_backups_during_a_burst_of_punches_lose_none_and_block_none(tmp_path: Path) -> None:
    ids = [f"P{n:04d}" for n in range(2 * WRITERS * PER_WRITER)]
    folder = folder_with_staff(tmp_path / "data", ids)
    # Something for each backup to chew on, so the punches really run during them.
    (folder / "exports").mkdir(mode=0o700)
    (folder / "exports" / "filler.bin").write_bytes(os.urandom(6 << 20))
    half = len(ids) // 2
    baseline, _, _ = _burst(folder, ids[:half], None)  # the same burst, no backup
    lines, archives, spans = _burst(folder, ids[half:], tmp_path)
    acked = {line[1] for line in baseline + lines}
    assert len(acked) == len(ids)
    assert acked <= event_ids(folder), "a punch acknowledged during a backup is missing"
    during = [
        float(line[4])
        for line in lines
        if any(a <= float(line[5]) + float(line[4]) and float(line[5]) <= b for a, b in spans)
    ]
    assert during, "no punch ran during a backup: the test tested nothing"
    load = os.getloadavg()
    print(
        f"\nno backup: {len(baseline)} punches, {_figures([float(x[4]) for x in baseline])}"
        f"\nduring {len(archives)} backups ({statistics.median(b - a for a, b in spans):.2f} s"
        f" each): {len(during)} punches, {_figures(during)}"
        f"\nload {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    worst = max(during)
    assert worst < MAX_PUNCH_SECONDS, f"a punch waited {worst:.2f} s during a backup"

    everything = event_ids(folder)
    for n, archive in enumerate(archives):
        restored = tmp_path / f"restored-{n}"
        restore(archive, restored)
        assert event_ids(restored) <= everything
        assert verify_json(restored)["report"]["ok"], f"{archive.name} does not verify"
