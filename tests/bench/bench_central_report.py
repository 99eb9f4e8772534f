"""The central report for 20 kiosks x 500 staff x a month (issue 15: under 10 s).

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_central_report`). Starts a
throwaway PostgreSQL with `.ci/postgres` (or uses KIOSK_TEST_PG_DSN), loads November 2026
of KIOSKS x STAFF (tests/bench/central_month.py: ten events a person a working day, about
2.5 million events at full size), then times `kiosk central report --month 2026-11` as a
process: the first report (every date checked, and kept: central/report_days.py), the same
again (KIOSK_BENCH_REPEATS - 1 times, median), and again after one row of one date was
changed (that date checked again). The code before the change (BASE_COMMIT, in a worktree
under /tmp) runs once, on a copy of the loaded month at its schema version, in the same run;
its CSV and this tree's must be equal. KIOSK_BENCH_CENTRAL=small: 2 kiosks x 50 staff, for
development. KIOSK_BENCH_CENTRAL_REUSE=1: the month an earlier run loaded, if it is still
there, and kept afterwards (the load takes 15 minutes). Prints the table; writes
tests/bench/results/central_report.json.
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
from kiosk.central.schema import migrate
from kiosk.config import default_config_text
from kiosk.store.site import Store
from tests.bench.bench_scale import worktree
from tests.bench.central_month import REPORT_NOW, Loaded, load_month
from tests.central.pg_server import NoPostgres, postgres_server

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results"
BASE_COMMIT = "27e957f"  # main before each desk's day was checked on arrival
BASE_TREE = Path(tempfile.gettempdir()) / f"kiosk-central-base-{BASE_COMMIT}"
BASE_VERSION = 7  # the central schema version BASE_COMMIT knows
BASE_CAP_S = 900.0
TARGET_S = 10.0
DB, BASE_DB = "kiosk_bench_report", "kiosk_bench_report_base"
CHANGED_DATE = "2026-11-18"
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
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        # cwd: `-c` puts the working directory first on sys.path, ahead of PYTHONPATH (run
        # from /work/main, every tree would be this one)
        done = subprocess.run(args, env=env, cwd=tree, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return None
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU_S.setdefault(str(tree), []).append(round(cpu, 2))
    if done.returncode not in (0, 4) or not out.exists():  # 4: a problem named, file written
        FAILED[str(tree)] = done.stderr.strip()[-300:]
        return None
    return took


def measure(server: str, size: str, repeats: int) -> dict[str, Any]:
    kiosks, staff = SIZES[size]
    dsn = server.rsplit("/", 1)[0] + f"/{DB}"
    reuse = os.environ.get("KIOSK_BENCH_CENTRAL_REUSE") == "1" and _loaded(server, dsn)
    with connect(server) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BASE_DB} WITH (FORCE)")
        if not reuse:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB}")
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "data", Path(tmp) / "now.csv"
        started = time.perf_counter()
        if reuse:
            loaded = reused_month(dsn, folder, kiosks, staff)
        else:
            loaded = load_month(dsn, folder, kiosks, staff, arrive=True)
        load_s = time.perf_counter() - started
        base_dsn = baseline_copy(server)  # before any report: no date kept in it
        first = report_once(ROOT, folder, dsn, out, BASE_CAP_S)
        again = [report_once(ROOT, folder, dsn, out, BASE_CAP_S) for _ in range(repeats - 1)]
        with connect(dsn) as conn:  # a change to one date (any change to a row counts)
            conn.execute(
                "UPDATE events SET staff_id = staff_id WHERE event_id = "
                "(SELECT min(event_id) FROM events WHERE attendance_date = %s)",
                (CHANGED_DATE,),
            )
        one_date = report_once(ROOT, folder, dsn, out, BASE_CAP_S)
        base = base_tree()
        before = None
        if base is not None:
            before = report_once(base, folder, base_dsn, Path(tmp) / "base.csv", BASE_CAP_S)
        same = None
        if before is not None and first is not None and out.exists():
            same = (Path(tmp) / "base.csv").read_bytes() == out.read_bytes()
    with connect(server) as conn:  # with KIOSK_BENCH_CENTRAL_REUSE=1 the month stays
        for name in (
            (BASE_DB,) if os.environ.get("KIOSK_BENCH_CENTRAL_REUSE") == "1" else (DB, BASE_DB)
        ):
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    timed = [t for t in again if t is not None]
    return {
        "kiosks": kiosks,
        "staff_each": staff,
        "events": loaded.events,
        "closes": loaded.closes,
        "load_s": round(load_s, 1),
        "first_s": _round(first),
        "again_runs_s": [round(t, 2) for t in timed],
        "again_median_s": round(statistics.median(timed), 2) if timed else None,
        "one_date_changed_s": _round(one_date),
        "baseline_s": _round(before),
        "now_cpu_s": CPU_S.get(str(ROOT), []),
        "baseline_cpu_s": CPU_S.get(str(BASE_TREE), []),
        "baseline_commit": BASE_COMMIT,
        "baseline_cap_s": BASE_CAP_S,
        "same_output": same,
        "failed": dict(FAILED),
        "target_s": TARGET_S,
    }


def _loaded(server: str, dsn: str) -> bool:
    with connect(server) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone()
    if found is None:
        return False
    with connect(dsn) as conn:
        row = conn.execute("SELECT to_regclass('events') IS NOT NULL").fetchone()
        return bool(row and row[0])


def reused_month(dsn: str, folder: Path, kiosks: int, staff: int) -> Loaded:
    """KIOSK_BENCH_CENTRAL_REUSE=1: the month an earlier run loaded (its kept dates and
    desks forgotten, so the first report checks every date again), and a data folder as
    load_month makes it (the default kiosk.toml: the report's shifts and rules)."""
    store = Store(folder)
    store.create()
    store.write_config_text(default_config_text())
    store.ensure_site_secret()
    with connect(dsn, timeout=600) as conn:
        migrate(conn)
        conn.execute("DELETE FROM report_days")
        conn.execute("DELETE FROM report_desks")
        events = conn.execute("SELECT count(*) FROM events").fetchone()
        closes = conn.execute("SELECT count(*) FROM day_closes").fetchone()
    return Loaded(int(events[0]) if events else 0, int(closes[0]) if closes else 0, kiosks, staff)


def baseline_copy(server: str) -> str:
    """The loaded month for the baseline, at the schema version it knows: a copy made
    before this tree's first report, so neither tree finds a date checked by the other."""
    with connect(server, timeout=600) as conn:  # copying 2.5 million rows takes a while
        conn.execute(f"CREATE DATABASE {BASE_DB} TEMPLATE {DB}")
    base_dsn = server.rsplit("/", 1)[0] + f"/{BASE_DB}"
    with connect(base_dsn) as conn:
        conn.execute("UPDATE schema_version SET version = %s", (BASE_VERSION,))
    return base_dsn


def _round(seconds: float | None) -> float | None:
    return round(seconds, 2) if seconds is not None else None


def main() -> dict[str, Any]:
    size = os.environ.get("KIOSK_BENCH_CENTRAL", "full")
    repeats = int(os.environ.get("KIOSK_BENCH_REPEATS", "3"))
    try:
        with postgres_server() as server:
            row = measure(server, size, repeats)
    except NoPostgres as missing:
        raise SystemExit(f"bench_central_report skipped: {missing}") from None
    print(
        f"central report, {row['kiosks']} kiosks x {row['staff_each']} staff x Nov 2026 "
        f"({row['events']:,} events, loaded in {row['load_s']} s)"
    )
    cap = f"> {BASE_CAP_S:.0f}"
    print(f"  {'figure, s':<40} {'baseline':>10} {'now':>10} {'target':>8}")
    for name, key in (
        ("first report (every date checked)", "first_s"),
        ("again, nothing changed (median)", "again_median_s"),
        (f"again, after a change on {CHANGED_DATE}", "one_date_changed_s"),
    ):
        was = row["baseline_s"] if row["baseline_s"] is not None else cap
        now = row[key] if row[key] is not None else cap
        print(f"  {name:<40} {was:>10} {now:>10} {'< ' + str(int(TARGET_S)):>8}")
    print(f"  same CSV as the baseline: {row['same_output']}")
    cpu_was = statistics.median(row["baseline_cpu_s"]) if row["baseline_cpu_s"] else "-"
    print(f"  process CPU s, baseline: {cpu_was}; now, each run: {row['now_cpu_s']}")
    for tree, error in row["failed"].items():
        print(f"  failed ({tree}): {error}")
    RESULTS.mkdir(exist_ok=True)
    name = "central_report.json" if size == "full" else f"central_report_{size}.json"
    (RESULTS / name).write_text(json.dumps(row, indent=2) + "\n", "utf-8")
    return row


if __name__ == "__main__":
    main()
