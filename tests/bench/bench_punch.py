"""Per-punch store time: an empty store vs one with a year of history for 100 staff.

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_punch`). Prints a table; writes
tests/bench/results/punch.json. Each figure is the wall time of `PunchService.punch` (lock,
fresh read of the day files, rule decision, atomic write with fsync) over 200 punches: 100
check-ins, then 100 check-outs.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from kiosk.clock import FixedClock
from kiosk.config import default_config_text, parse_config
from kiosk.services.leave import LeaveService
from kiosk.services.punch import PunchService
from kiosk.services.roster import RosterService
from kiosk.services.staff import StaffService
from kiosk.store.site import Store
from tests.bench.history import add_staff, audit_trail, build_history

STAFF = 100
RESULTS = Path(__file__).parent / "results"


def punch_everyone(punch: PunchService, ids: list[str], tz: tzinfo) -> list[float]:
    """Everyone checks in, then everyone checks out; each punch's wall time in ms, in order.
    11:30: every check-in window is open; 17:55: every check-out one (early ones confirmed)."""
    samples = []
    for hour, minute in ((11, 30), (17, 55)):
        moment = datetime(2026, 11, 27, hour, minute, tzinfo=tz)
        for sid in ids:
            moment += timedelta(seconds=1)
            t0 = time.perf_counter()
            punch.punch(sid, at=moment, confirmed=True)
            samples.append((time.perf_counter() - t0) * 1000)
    return samples


def measure(history_days: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        store.create()
        store.write_config_text(default_config_text())
        config = parse_config(default_config_text())
        start = datetime(2026, 11, 27, 7, 0, tzinfo=config.timezone)
        clock = FixedClock(start)
        audit = audit_trail(store, config, clock)
        staff = StaffService(store.people, store.pins, config, clock, audit)
        ids = add_staff(staff, STAFF)
        events = build_history(store, config, ids, start.date(), history_days)
        leave = LeaveService(store.people, staff, clock, audit)
        roster = RosterService(store.people, config, staff, leave, audit)
        punch = PunchService(store.days, config, clock, staff, roster)
        samples = sorted(punch_everyone(punch, ids, config.timezone))
        return {
            "history_days": history_days,
            "history_events": events,
            "punches": len(samples),
            "p50_ms": round(statistics.median(samples), 2),
            "p99_ms": round(samples[int(len(samples) * 0.99) - 1], 2),
            "max_ms": round(samples[-1], 2),
        }


def main() -> None:
    rows = [measure(0), measure(365)]
    print(f"{'history':>12} {'events':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for row in rows:
        print(
            f"{row['history_days']:>10} d {row['history_events']:>8} {row['p50_ms']:>8} "
            f"{row['p99_ms']:>8} {row['max_ms']:>8}"
        )
    ratio = rows[1]["p99_ms"] / rows[0]["p99_ms"] if rows[0]["p99_ms"] else float("nan")
    print(f"p99 ratio, 1 year / empty: {ratio:.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "punch.json").write_text(json.dumps({"rows": rows, "p99_ratio": ratio}, indent=2))


if __name__ == "__main__":
    main()
