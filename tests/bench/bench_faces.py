"""How long the kiosk's faces take to start, beside today's baseline, in one run.

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_faces [BASE]`). BASE is a
checkout of the code to compare against (default /tmp/faces-base, made with
`git worktree add /tmp/faces-base 6658a20`); without one only this tree is measured.
Prints a table (figure, baseline, now, target) and writes tests/bench/results/faces.json
(faces-processes.json for the process rows alone, below).
Asserts no timing.

- `import kiosk.cli`, `kiosk punch <id>` and `kiosk staff list` as processes, on a demo
  folder: wall time from spawn to exit, median of RUNS. Bytecode is written (the venv a
  kiosk runs from has it), so the first run of each tree is a warm-up, not counted. The
  trees take turns, run by run, so a change in the machine's load (five people share its
  two cores) falls on both alike; each row's CPU time (user + system) is kept beside it.
- cold start: tmux + `kiosk run` to the home prompt visible (bench_screen's method).
- scan -> result, the app alone (bench_screen's method: Pilot headless, the Enter key
  posted without waiting, to the ResultScreen on top and refreshed): p50 and p99 of SCANS
  recorded scans, in a process per tree so each tree's screens are the ones measured.
- the same at 5 years of history (HISTORY_DAYS, HISTORY_STAFF people, built once by this
  tree's tests/bench/history.py, copied per tree): bench_sizes' `screen_only` of each tree,
  every person checking in and out the day after.
- tmux Enter -> result: `kiosk run` of each tree in a tmux pane on a demo folder,
  send-keys Enter to the result in capture-pane (bench_screen's method), per demo person.
Each tree runs through RUNNER, which drops the editable install's finder so that the
tree given wins the import of `kiosk` and `screens`.

`KIOSK_BENCH_FACES=processes` measures the three process rows alone (a minute, not the
tmux, cold-start and 5-year runs): for work on the CLI's start-up.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from kiosk.i18n import Translator
from tests.bench.bench_punch import RESULTS
from tests.bench.bench_screen import percentile
from tests.bench.history import history_folder
from tests.cli.cli_helpers import install_demo
from tests.e2e.tmux_session import TmuxSession
from tests.ui.kiosk_ui import make_harness

RUNS = 7
COLD_STARTS = 5
NOW = "2026-11-27T11:30:00"
HERE = Path(__file__).resolve().parents[2]
RUNNER = """
import sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f)]
sys.path.insert(0, sys.argv.pop(1))
if sys.argv[1] == "--import-only":
    import kiosk.cli
else:
    from kiosk.cli import main
    main(sys.argv[1:])
"""
SCANS = 40
# Runs in the tree given (after RUNNER's first three lines): its own bench_screen's way.
SCAN_PROBE = """
import asyncio, json
import tests.bench.bench_screen as bench
bench.PILOT_SCANS = int(sys.argv[1])
samples = asyncio.run(bench.pilot_latencies(bench.enter_direct, bench.next_refresh))
print("SAMPLES " + json.dumps(samples))
"""
HISTORY_DAYS = 5 * 365 + 1
HISTORY_STAFF = 20
HISTORY_AT = datetime(2026, 11, 28, 11, 30)  # bench_sizes' screen_only scans on 11-28
# Runs in the tree given (after RUNNER's first three lines): its own bench_sizes' way.
HISTORY_PROBE = """
from pathlib import Path
from tests.bench.bench_sizes import screen_only
screen_only(Path(sys.argv[1]), sys.argv[2:])
"""
CONFIG_PROBE = """
from kiosk.config import default_config_text
sys.stdout.write(default_config_text())
"""
TARGETS_MS = {"import kiosk.cli": None, "kiosk punch": 150, "kiosk staff list": 150}
ONLY_ENV = "KIOSK_BENCH_FACES"  # "processes": the rows of TARGETS_MS alone


def tree_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "KIOSK_FAKE_NOW": NOW}


def one_process(tree: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one `kiosk <args>` run from `tree`."""
    argv = [sys.executable, "-c", RUNNER, str(tree), *args]
    t0 = time.perf_counter()
    child = subprocess.Popen(
        argv, env=tree_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def process_rows(trees: dict[str, tuple[Path, Path]]) -> dict[str, dict[str, float]]:
    """The process rows (median of RUNS, after one warm-up) of each tree given as
    {name: (tree, its demo folder)}, the trees taking turns run by run."""
    rows = {
        "import kiosk.cli": lambda folder: ["--import-only"],
        "kiosk punch": lambda folder: ["--data-dir", str(folder), "punch", "1005"],
        "kiosk staff list": lambda folder: ["--data-dir", str(folder), "staff", "list"],
    }
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {row: [] for row in rows} for name in trees
    }
    for row, args in rows.items():
        for i in range(RUNS + 1):
            for name, (tree, folder) in trees.items():
                taken = one_process(tree, args(folder))
                if i:
                    samples[name][row].append(taken)
    figures: dict[str, dict[str, float]] = {}
    for name, by_row in samples.items():
        figures[name] = {}
        for row, taken in by_row.items():
            figures[name][row] = round(statistics.median(w for w, _ in taken), 1)
            figures[name][f"{row} cpu"] = round(statistics.median(c for _, c in taken), 1)
    return figures


def cold_start_ms(tree: Path) -> float:
    prompt = Translator("zh").t("home.prompt")
    samples = []
    for _ in range(COLD_STARTS):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "data"
            install_demo(folder)
            use_tree_config(tree, folder)
            argv = [sys.executable, "-c", RUNNER, str(tree), "--data-dir", str(folder), "run"]
            session = TmuxSession(argv, env={"KIOSK_FAKE_NOW": NOW})
            try:
                session.start()
                session.wait_for(prompt, timeout=20)
                samples.append(time.perf_counter() - session.started_at)
            finally:
                session.close()
    return round(statistics.median(samples) * 1000, 1)


def scan_to_result_ms(tree: Path) -> dict[str, float]:
    """p50 and p99 of Enter -> result on top and refreshed, SCANS scans in `tree`'s app."""
    code = "\n".join(RUNNER.strip().splitlines()[:3]) + SCAN_PROBE
    done = subprocess.run(
        [sys.executable, "-c", code, str(tree), str(SCANS)],
        env=tree_env(), capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    rows = [row for row in done.stdout.splitlines() if row.startswith("SAMPLES ")]
    assert rows, done.stdout + done.stderr
    samples = json.loads(rows[-1].removeprefix("SAMPLES "))
    return {
        "scan -> result p50": round(statistics.median(samples) * 1000, 1),
        "scan -> result p99": round(percentile(samples, 99) * 1000, 1),
    }


def use_tree_config(tree: Path, folder: Path) -> None:
    """Give `folder` the default settings of `tree` (the baseline knows none of the newer
    sections this tree writes)."""
    head = "\n".join(RUNNER.strip().splitlines()[:3])
    config = subprocess.run(
        [sys.executable, "-c", head + CONFIG_PROBE, str(tree)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    (folder / "kiosk.toml").write_text(config, encoding="utf-8")


def history_scans_ms(tree: Path, history: Path, ids: list[str], work: Path) -> dict[str, float]:
    """p50 and p99 of Enter -> result painted in `tree`'s app, on a copy of the 5-year folder."""
    folder = work / "history"
    shutil.copytree(history, folder)
    use_tree_config(tree, folder)
    code = "\n".join(RUNNER.strip().splitlines()[:3]) + HISTORY_PROBE
    done = subprocess.run(
        [sys.executable, "-c", code, str(tree), str(folder), *ids],
        env=tree_env(), capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    samples = [ms / 1000 for ms in json.loads(done.stdout.strip().splitlines()[-1])]
    return {
        "5y scan p50": round(statistics.median(samples) * 1000, 1),
        "5y scan p99": round(percentile(samples, 99) * 1000, 1),
    }


def tmux_enter_ms(tree: Path, work: Path) -> float:
    """Median of send-keys Enter -> the result in capture-pane, one scan per demo person."""
    folder = work / "tmux"
    harness = make_harness(folder)  # the demo folder; its services sign the badges
    use_tree_config(tree, folder)
    prompt, checked_in = (Translator("zh").t(k) for k in ("home.prompt", "result.title.check_in"))
    argv = [sys.executable, "-c", RUNNER, str(tree), "--data-dir", str(folder), "run"]
    samples = []
    with TmuxSession(argv, env={"KIOSK_FAKE_NOW": NOW}) as session:
        session.wait_for(prompt, timeout=20)
        for member in harness.services.staff.all():
            payload = harness.badge(member.id)
            session.send_text(payload)
            session.wait_for("•" * len(payload), timeout=10)  # the field masks a badge
            t0 = time.perf_counter()
            session.send_key("Enter")
            session.wait_for(checked_in, member.name, timeout=10)
            samples.append(time.perf_counter() - t0)
            session.send_key("Escape")
            session.wait_for(prompt, gone=[member.name], timeout=10)
    return round(statistics.median(samples) * 1000, 1)


def measure(tree: Path, history: Path, ids: list[str], work: Path) -> dict[str, float]:
    """The rows after the process rows (process_rows)."""
    return {
        "cold start": cold_start_ms(tree),
        **scan_to_result_ms(tree),
        **history_scans_ms(tree, history, ids, work),
        "tmux enter -> result": tmux_enter_ms(tree, work),
    }


def main() -> None:
    base = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/faces-base")
    cpu = {f"{row} cpu": None for row in TARGETS_MS}
    targets = {
        **TARGETS_MS, **cpu, "cold start": 400, "scan -> result p50": None,
        "scan -> result p99": 25, "5y scan p50": None, "5y scan p99": 25,
        "tmux enter -> result": 40,
    }  # fmt: skip
    only_processes = os.environ.get(ONLY_ENV) == "processes"
    if only_processes:
        targets = {**TARGETS_MS, **cpu}
    with tempfile.TemporaryDirectory() as tmp:
        history = Path(tmp) / "5y"
        ids: list[str] = []
        if not only_processes:
            _, ids, _ = history_folder(history, HISTORY_AT, HISTORY_STAFF, HISTORY_DAYS)
        trees: dict[str, tuple[Path, Path]] = {}
        for name, tree in (("baseline", base), ("now", HERE)):
            if name == "baseline" and not (tree / "kiosk" / "cli.py").exists():
                continue
            folder = Path(tmp) / name / "demo"
            install_demo(folder)
            use_tree_config(tree, folder)
            trees[name] = (tree, folder)
        figures = process_rows(trees)
        for name, (tree, _) in trees.items():
            if not only_processes:
                figures[name] |= measure(tree, history, ids, Path(tmp) / name)
    print(f"Faces, median ms ({RUNS} process runs, {COLD_STARTS} cold starts, {SCANS} scans):")
    print(f"   load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    print(f"   {'figure':<20}{'baseline':>10}{'now':>10}{'ratio':>8}{'target':>8}")
    for figure, target in targets.items():
        now = figures["now"][figure]
        before = figures.get("baseline", {}).get(figure)
        ratio = f"{now / before:.2f}" if before else "-"
        shown = before if before is not None else "-"
        print(f"   {figure:<20}{shown:>10}{now:>10}{ratio:>8}{target or '-':>8}")
    RESULTS.mkdir(exist_ok=True)
    name = "faces-processes.json" if only_processes else "faces.json"  # keeps a full run's
    (RESULTS / name).write_text(
        json.dumps({"base": str(base), "targets_ms": targets, **figures}, indent=2)
    )


if __name__ == "__main__":
    main()
