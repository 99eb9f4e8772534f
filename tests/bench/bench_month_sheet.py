"""What the month's 考勤表 costs: the grid (domain) and the xlsx workbook, 100 and 1,000 staff.

Run: `.venv/bin/python -m tests.bench.bench_month_sheet [N ...]` (default 100 1000). Prints
figures; writes tests/bench/results/month_sheet.json. Asserts only that the grid holds
everyone, never a timing.

The month is November 2026, every day closed: synthetic day summaries (a mix of on time,
late, early, no check-out, rest, leave, absent and fines), built in memory, so the figures
are those of the grid and the workbook alone (reading the closes from the day files is
bench_close's). Timed: `month_sheet` (marks, totals, pinyin order) and `month_workbook`
(three sheets: the grid, one detail row per person per day, the totals).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.config import default_config_text, parse_config
from kiosk.domain.month_sheet import month_sheet
from kiosk.domain.summary import AppearanceRecord, DaySummary, PersonDay
from kiosk.i18n import Translator
from kiosk.month_workbook import month_workbook
from kiosk.services.records import LEAVE_TYPES
from tests.bench.bench_search import people

RESULTS = Path(__file__).parent / "results"
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
TZ = ZoneInfo("Asia/Shanghai")


def person_day(sid: str, name: str, day: date, rng: random.Random) -> PersonDay:
    roll = rng.random()
    start = datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ)
    common = {"staff_id": sid, "name": name, "plan_source": "default", "planned_shift": "A"}
    if roll < 0.14:
        return PersonDay(**common, plan="rest", shift=None, status="rest", flags=(),
                         check_in=None, check_out=None, late_minutes=0, early_minutes=0,
                         worked_minutes=None)  # fmt: skip
    if roll < 0.18:
        return PersonDay(**common, plan="leave", shift=None, status="leave", flags=(),
                         check_in=None, check_out=None, late_minutes=0, early_minutes=0,
                         worked_minutes=None, leave_type=rng.choice(LEAVE_TYPES))  # fmt: skip
    if roll < 0.20:
        return PersonDay(**common, plan="shift", shift="A", status="absent", flags=(),
                         check_in=None, check_out=None, late_minutes=0, early_minutes=0,
                         worked_minutes=None)  # fmt: skip
    late = rng.randint(1, 25) if rng.random() < 0.1 else 0
    early = rng.randint(1, 40) if rng.random() < 0.05 else 0
    missing = rng.random() < 0.03
    flags = tuple(
        f for f, on in (("late", late), ("early_leave", early and not missing),
                        ("no_checkout", missing)) if on
    )  # fmt: skip
    check = AppearanceRecord("L900", ("nails",), 10) if rng.random() < 0.05 else None
    return PersonDay(
        **common, plan="shift", shift="A", status="present", flags=flags,
        check_in=start + timedelta(minutes=late),
        check_out=None if missing else start + timedelta(hours=10, minutes=-early),
        late_minutes=late, early_minutes=0 if missing else early,
        worked_minutes=None if missing else 480 - late - early, appearance=check,
    )  # fmt: skip


def closed_month(count: int) -> list[DaySummary]:
    rng = random.Random(count)
    staff = people(count)
    summaries = []
    day = FIRST
    while day <= LAST:
        rows = tuple(person_day(sid, name, day, rng) for sid, name in staff)
        closed = datetime(day.year, day.month, day.day, 20, 30, tzinfo=TZ)
        summaries.append(DaySummary(day, "desk-1", 1, closed, rows))
        day += timedelta(days=1)
    return summaries


def timed(work, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def figures(times: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "runs": len(times),
    }


def bench(count: int) -> dict[str, object]:
    summaries = closed_month(count)
    config = parse_config(default_config_text())
    tr = Translator("zh")
    sheet = month_sheet("2026-11", FIRST, LAST, summaries, LEAVE_TYPES)
    assert len(sheet.rows) == count
    runs = 20 if count <= 100 else 7
    grid = timed(lambda: month_sheet("2026-11", FIRST, LAST, summaries, LEAVE_TYPES), runs)
    data = month_workbook(sheet, summaries, config, "desk-1", tr)
    book = timed(lambda: month_workbook(sheet, summaries, config, "desk-1", tr), runs)
    return {
        "staff": count,
        "days": len(summaries),
        "grid": figures(grid),
        "xlsx": figures(book),
        "xlsx_bytes": len(data),
    }


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [100, 1000]
    results = [bench(n) for n in counts]
    for r in results:
        grid, book = r["grid"], r["xlsx"]
        print(
            f"{r['staff']:>5} staff x {r['days']} days: grid median {grid['median_ms']:.1f} ms"  # type: ignore[index]
            f" p99 {grid['p99_ms']:.1f} ms; xlsx median {book['median_ms']:.0f} ms"  # type: ignore[index]
            f" p99 {book['p99_ms']:.0f} ms ({r['xlsx_bytes']:,} bytes)"  # type: ignore[index]
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "month_sheet.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
