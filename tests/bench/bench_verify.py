"""`kiosk verify --month`: checking a month of records, for 100 and for 5,000 staff.

Run: `make bench` (100 staff), or `.venv/bin/python -m tests.bench.bench_verify 100 5000`
(5,000 staff adds about five minutes on a 2-core machine). Prints figures; writes
tests/bench/results/verify.json. The month is November 2026, every day
punched by everyone and closed by the real `DayCloseService` (so each close verifies), with
the audit trail of the staff import. Timed:
- `kiosk verify --month 2026-11` as the real command (a child process, start-up included),
  median and p99 of the runs;
- the same check in-process (`VerifyService.verify`), median of the runs;
- the floor: reading and parsing the month's day files with `json.loads` and nothing else,
  the least any check must do. The ratio verify / floor is the figure to compare between
  runs on a noisy machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.bench.history import history_folder

MONTH = "2026-11"
UNTIL = date(2026, 12, 1)
RESULTS = Path(__file__).parent / "results"
RUNS = {100: 7, 5000: 3}


def ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure(staff: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        nine = datetime.combine(UNTIL, datetime.min.time()).replace(hour=9)
        services, _ids, events = history_folder(folder, nine, staff, days=30)
        first = UNTIL - timedelta(days=30)
        for n in range(30):
            services.day_close.close(first + timedelta(days=n))
        command = [sys.executable, "-m", "kiosk", "--data-dir", str(folder)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env["KIOSK_FAKE_NOW"] = nine.isoformat()
        cli, inside, floor = [], [], []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                [*command, "verify", "--month", MONTH], env=env, capture_output=True, check=False
            )
            cli.append(ms(start))
            assert done.returncode == 0, done.stdout.decode()[-500:]
            start = time.perf_counter()
            report = services.verify.verify(first, UNTIL - timedelta(days=1))
            inside.append(ms(start))
            assert report.ok and len(report.checked) == 30
            start = time.perf_counter()
            for path in sorted((folder / "days").glob("2026-11/*.json")):
                json.loads(path.read_bytes())
            floor.append(ms(start))
        return {
            "staff": staff,
            "days": 30,
            "events": events + 30,
            "runs": runs,
            "cli_p50_ms": statistics.median(cli),
            "cli_p99_ms": p99(cli),
            "service_p50_ms": statistics.median(inside),
            "floor_p50_ms": statistics.median(floor),
            "service_over_floor": round(statistics.median(inside) / statistics.median(floor), 1),
        }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100]
    results = [measure(staff, RUNS.get(staff, 3)) for staff in sizes]
    print(f"{'staff':>6} {'events':>8} {'verify --month p50/p99 ms':>26} {'service p50':>12} "
          f"{'json floor':>11} {'ratio':>6}")  # fmt: skip
    for r in results:
        print(
            f"{r['staff']:>6} {r['events']:>8} {r['cli_p50_ms']:>13.0f} / {r['cli_p99_ms']:<10.0f}"
            f" {r['service_p50_ms']:>12.0f} {r['floor_p50_ms']:>11.1f} {r['service_over_floor']:>6}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "verify.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
