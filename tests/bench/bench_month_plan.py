"""What building the month plan costs: the grid, coverage and rest balances of a month, from
a real data folder, at 100 and 1,000 staff.

Run: `.venv/bin/python -m tests.bench.bench_month_plan [N ...]` (default 100 1000). Prints
figures; writes tests/bench/results/month_plan.json. Asserts only that the month is whole,
never a timing.

The folder is made as a kiosk makes it (`kiosk init`, staff imported from a CSV in one
write), with a roster override for every tenth person-day of the month (written in one
`MonthPlanService.apply`, as an imported sheet is) and a week of leave for every twentieth
person. Each build reads people.json's records once (services/month_plan.py) and decides
every person-day of the weeks around the month.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import cli, wire_services
from kiosk.clock import FixedClock
from kiosk.services.month_plan import CellChange
from tests.bench.bench_search import people

RESULTS = Path(__file__).parent / "results"
NOW = "2026-11-27T07:55:00"
RUNS = 30


def folder_with(count: int, root: Path) -> Path:
    data = root / f"data-{count}"
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data), "init"], env={"KIOSK_FAKE_NOW": "2026-11-01T07:00:00"}
    )
    assert result.exit_code == 0, result.output
    rows = ["id,name,shift,rest_day,lead,pin"]
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for n, (staff_id, name) in enumerate(people(count)):
        rows.append(f"{staff_id},{name},{'ABC'[n % 3]},{days[n % 7]},0,")
    services = wire_services(data, clock=FixedClock(datetime.fromisoformat(NOW)))
    services.staff.import_csv("\n".join(rows) + "\n")
    members = services.staff.all()
    for n, member in enumerate(members[::20]):
        services.leave.add(member.id, "sick", date(2026, 11, 9 + n % 7), date(2026, 11, 15))
    changes = [
        CellChange(m.id, date(2026, 11, d), "rest" if (i + d) % 2 else "B")
        for i, m in enumerate(members)
        for d in range(1, 31)
        if (i * 31 + d) % 10 == 0
    ]
    on_leave = {(r.staff_id, d) for r in services.leave.all() for d in _days(r.start, r.end)}
    services.month_plan.apply([c for c in changes if (c.staff_id, c.day) not in on_leave])
    return data


def _days(first: date, last: date) -> list[date]:
    return [date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


def time_builds(data: Path, count: int) -> dict[str, float]:
    services = wire_services(data, clock=FixedClock(datetime.fromisoformat(NOW)))
    plan = services.month_plan.month(2026, 11)  # the first: pinyin keys, the file parsed
    assert len(plan.people) == count and len(plan.days) == 30
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        plan = services.month_plan.month(2026, 11)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "staff": count,
        "runs": RUNS,
        "median_ms": round(statistics.median(timings), 1),
        "p99_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
        "max_ms": round(timings[-1], 1),
    }


def main(counts: list[int]) -> None:
    results = []
    with tempfile.TemporaryDirectory() as root:
        for count in counts:
            data = folder_with(count, Path(root))
            figures = time_builds(data, count)
            results.append(figures)
            print(
                f"month plan, {count:>5} staff x 30 days: median {figures['median_ms']} ms, "
                f"p99 {figures['p99_ms']} ms ({RUNS} builds)"
            )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "month_plan.json").write_text(json.dumps(results, indent=2), "utf-8")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
