"""The central report for 20 kiosks x 500 staff x a month (issue 15: under 10 s).

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_central_report`). Starts a
throwaway PostgreSQL with `.ci/postgres` (or uses KIOSK_TEST_PG_DSN), loads November 2026
of KIOSKS x STAFF (tests/bench/central_month.py: ten events a person a working day, about
2 million events at full size), then times `kiosk central report --month 2026-11` as a
process, against this tree and against the code before the change (BASE_COMMIT, checked out
in a worktree under /tmp), in the same run on the same database; both CSVs must be equal.
KIOSK_BENCH_CENTRAL=small: 2 kiosks x 50 staff, for development. KIOSK_BENCH_REPEATS: runs
of this tree (median; default 3). Prints the table; writes tests/bench/results/central_report.json.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.central.connection import connect
from tests.bench.bench_scale import worktree
from tests.bench.central_month import REPORT_NOW, load_month
from tests.central.pg_server import NoPostgres, postgres_server

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results"
BASE_COMMIT = "e2bf514"
BASE_TREE = Path(tempfile.gettempdir()) / "kiosk-central-base"
BASE_CAP_S = 900.0
TARGET_S = 10.0
SIZES = {"full": (20, 500), "small": (2, 50)}
CPU_S: dict[str, list[float]] = {}
FAILED: dict[str, str] = {}  # tree: the end of its error output (e.g. a statement timeout)
RUN = "import sys; from kiosk.cli import main; sys.exit(main())"


def base_tree() -> Path | None:
    """The code before the change in a detached worktree (made once, kept between runs)."""
    return worktree(BASE_TREE, BASE_COMMIT)


def report_once(tree: Path, folder: Path, dsn: str, out: Path, cap: float) -> float | None:
    """Seconds for one `kiosk central report` process run from `tree`; None past `cap`.
    The process's CPU seconds (user + system, the database server's not included) are
    added to CPU_S: on a shared machine they vary far less than the wall clock."""
    args = [sys.executable, "-c", RUN, "--data-dir", str(folder), "--lang", "en"]
    args += ["central", "report", "--month", "2026-11", "--dsn", dsn, "--out", str(out)]
    env = os.environ | {"PYTHONPATH": str(tree), "KIOSK_FAKE_NOW": REPORT_NOW}
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return None
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU_S.setdefault(str(tree), []).append(round(cpu, 2))
    if done.returncode not in (0, 4):  # 4: the integrity check named a problem
        FAILED[str(tree)] = done.stderr.strip()[-300:]
        return None
    return took


def measure(server: str, size: str, repeats: int) -> dict[str, Any]:
    kiosks, staff = SIZES[size]
    with connect(server) as conn:
        conn.execute("DROP DATABASE IF EXISTS kiosk_bench_report WITH (FORCE)")
        conn.execute("CREATE DATABASE kiosk_bench_report")
    dsn = server.rsplit("/", 1)[0] + "/kiosk_bench_report"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        started = time.perf_counter()
        loaded = load_month(dsn, folder, kiosks, staff)
        load_s = time.perf_counter() - started
        now = [report_once(ROOT, folder, dsn, Path(tmp) / "now.csv", BASE_CAP_S)]
        now += [report_once(ROOT, folder, dsn, Path(tmp) / "now.csv", BASE_CAP_S)
                for _ in range(repeats - 1)]  # fmt: skip
        base = base_tree()
        before = None
        if base is not None:
            before = report_once(base, folder, dsn, Path(tmp) / "base.csv", BASE_CAP_S)
        same = None
        if before is not None:
            same = (Path(tmp) / "base.csv").read_bytes() == (Path(tmp) / "now.csv").read_bytes()
    with connect(server) as conn:
        conn.execute("DROP DATABASE IF EXISTS kiosk_bench_report WITH (FORCE)")
    timed = [t for t in now if t is not None]
    return {
        "kiosks": kiosks,
        "staff_each": staff,
        "events": loaded.events,
        "closes": loaded.closes,
        "load_s": round(load_s, 1),
        "now_runs_s": [round(t, 2) for t in timed],
        "now_median_s": round(statistics.median(timed), 2) if timed else None,
        "baseline_s": round(before, 2) if before is not None else None,
        "now_cpu_s": CPU_S.get(str(ROOT), []),
        "baseline_cpu_s": CPU_S.get(str(BASE_TREE), []),
        "baseline_commit": BASE_COMMIT,
        "baseline_cap_s": BASE_CAP_S,
        "same_output": same,
        "failed": dict(FAILED),
        "target_s": TARGET_S,
    }


def main() -> dict[str, Any]:
    size = os.environ.get("KIOSK_BENCH_CENTRAL", "full")
    repeats = int(os.environ.get("KIOSK_BENCH_REPEATS", "3"))
    try:
        with postgres_server() as server:
            row = measure(server, size, repeats)
    except NoPostgres as missing:
        raise SystemExit(f"bench_central_report skipped: {missing}") from None
    was = f"{row['baseline_s']:.2f}" if row["baseline_s"] is not None else f"> {BASE_CAP_S:.0f}"
    print(
        f"central report, {row['kiosks']} kiosks x {row['staff_each']} staff x Nov 2026 "
        f"({row['events']:,} events, loaded in {row['load_s']} s)"
    )
    print(f"  {'figure':<22} {'baseline':>10} {'now':>10} {'target':>8}  same CSV")
    print(
        f"  {'report median s':<22} {was:>10} {row['now_median_s']:>10} "
        f"{'< ' + str(int(TARGET_S)):>8}  {row['same_output']}"
    )
    cpu_was = statistics.median(row["baseline_cpu_s"]) if row["baseline_cpu_s"] else None
    cpu_now = statistics.median(row["now_cpu_s"]) if row["now_cpu_s"] else None
    print(f"  {'report CPU s (process)':<22} {cpu_was or '-':>10} {cpu_now or '-':>10}")
    for tree, error in row["failed"].items():
        print(f"  failed ({tree}): {error}")
    RESULTS.mkdir(exist_ok=True)
    name = "central_report.json" if size == "full" else f"central_report_{size}.json"
    (RESULTS / name).write_text(json.dumps(row, indent=2) + "\n", "utf-8")
    return row


if __name__ == "__main__":
    main()
