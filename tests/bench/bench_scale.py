"""The scale table of issue 15: 100, 1,000 and 5,000 staff with 10 events each on one day.

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_scale`). For each size one data
folder is written (tests/bench/scale_data.py) and copied afresh for every timing; each
timing runs in its own process (tests/bench/scale_worker.py), once against this tree and
once against today's code (the baseline, BASE_COMMIT, checked out in a worktree under
/tmp), so both are measured in the same run on the same files. A baseline that does not
finish within BASE_CAP_S is shown as "> N s". Prints the table beside the targets and
writes tests/bench/results/scale.json. The central report's 20-kiosk case is timed by
tests/bench/bench_central.py (it needs a PostgreSQL).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.scale_data import as_lines, scale_folder, walk_ins

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("scale_worker.py")
RESULTS = Path(__file__).parent / "results"
BASE_COMMIT = "6658a20"
BASE_TREE = Path(tempfile.gettempdir()) / "kiosk-scale-base"
BASE_CAP_S = 60.0
SIZES = (100, 1000, 5000)
FIGURES = (
    "close_ms", "close_warm_ms", "board_ms", "board_warm_ms", "read_ahead_ms", "punch_p50_ms",
    "punch_p99_ms", "month_csv_ms", "month_xlsx_ms",
)  # fmt: skip
TARGETS = {
    "close_ms": 1000.0, "close_warm_ms": 1000.0, "board_ms": 500.0, "board_warm_ms": 500.0,
    "month_csv_ms": 5000.0, "month_xlsx_ms": 5000.0,
}  # fmt: skip


def worktree(tree: Path, commit: str) -> Path | None:
    """`commit` checked out in a detached worktree at `tree` (made once, kept between
    runs); None if git cannot make it."""
    if not (tree / "kiosk").is_dir():
        made = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit],
            capture_output=True,
        )
        if made.returncode != 0:
            return None
    return tree


def base_tree() -> Path | None:
    """Today's code in a detached worktree (made once, kept between runs)."""
    return worktree(BASE_TREE, BASE_COMMIT)


def own_config(folder: Path, tree: Path) -> Path:
    """`folder` with `tree`'s own default kiosk.toml: the baseline refuses sections added
    since (`[clock]`, `[limits]`), and defaults are what both are meant to run on."""
    code = "import sys; from kiosk.config import default_config_text as d; sys.stdout.write(d())"
    env = os.environ | {"PYTHONPATH": str(tree)}
    text = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    (folder / "kiosk.toml").write_text(text, "utf-8")
    return folder


def timing(tree: Path, folder: Path, what: str, cap: float | None) -> dict[str, float] | None:
    """One worker run on a fresh copy of `folder`; None when it ran past `cap` seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(folder, copy)
        # On disk, as a kiosk's file is (each line fsynced as it was punched): otherwise the
        # first punch's fsync writes out the whole fresh copy, 20 MB at 5,000 staff.
        os.sync()
        args = [sys.executable, str(WORKER), str(copy), what]
        if what == "punch":
            args.append(str(walk_ins(int(folder.name))))
        env = os.environ | {"PYTHONPATH": str(tree)}
        try:
            done = subprocess.run(
                args, env=env, capture_output=True, text=True, timeout=cap, check=True
            )
        except subprocess.TimeoutExpired:
            return None
        except subprocess.CalledProcessError as failed:  # one figure missing, not the table
            print(f"{what} failed in {tree}: {failed.stderr.strip()[-400:]}", file=sys.stderr)
            return None
        return json.loads(done.stdout.strip().splitlines()[-1])


def measure(tree: Path, folder: Path, cap: float | None) -> dict[str, float | None]:
    found: dict[str, float | None] = {}
    for what in ("close", "board", "punch", "month_csv", "month_xlsx"):
        got = timing(tree, folder, what, cap) or {}
        found |= {k: v for k, v in got.items() if k in FIGURES}
    return {k: found.get(k) for k in FIGURES}


def _cell(value: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if value is None else f"{value:,.0f} ms"


def main() -> None:
    base = base_tree()
    table: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for staff in SIZES:
            folder = Path(tmp) / str(staff)
            events = scale_folder(folder, staff)
            # This tree keeps a day as lines (store/day_file.py); the baseline's TinyDB file
            # would be rewritten as lines by the first punch, an upgrade's one-off cost.
            lines = as_lines(folder, Path(tmp) / f"{staff}-lines")
            now = measure(ROOT, lines, None)
            before = measure(base, own_config(folder, base), BASE_CAP_S) if base else {}
            table[str(staff)] = {"events": events, "now": now, "baseline": before}
    punch_100 = table["100"]["now"]["punch_p99_ms"]  # type: ignore[index]
    print(f"Scale (baseline: {BASE_COMMIT}, capped at {BASE_CAP_S:.0f} s):")
    print(f"  {'staff':>5} {'figure':<14} {'baseline':>10} {'now':>10}   target")
    for staff, row in table.items():
        for figure in FIGURES:
            target = TARGETS.get(figure)
            if figure == "punch_p99_ms" and punch_100:
                target = 1.5 * punch_100
            aim = f"< {target:,.0f} ms" if target and staff == "5000" else ""
            was = row["baseline"].get(figure)  # type: ignore[union-attr]
            if figure == "read_ahead_ms" and was is None:  # no such step before: no figure
                print(f"  {staff:>5} {figure:<14} {'-':>10} {_cell(row['now'][figure], 0):>10}")
                continue
            now = row["now"][figure]  # type: ignore[index]
            print(
                f"  {staff:>5} {figure:<14} {_cell(was, BASE_CAP_S):>10}"
                f" {_cell(now, 0):>10}   {aim}"
            )
    RESULTS.mkdir(exist_ok=True)
    out = {"baseline_commit": BASE_COMMIT, "baseline_cap_s": BASE_CAP_S, "targets": TARGETS,
           "sizes": table}  # fmt: skip
    (RESULTS / "scale.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
