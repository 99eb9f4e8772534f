"""Closing and exporting: one day for 100 staff, and a month of them.

Run: `make bench` (or `.venv/bin/python -m tests.bench.bench_close`). Prints figures; writes
tests/bench/results/close.json. A day close is the whole of `DayCloseService.close`: lock,
fresh read of the day file, every person's standing (roster, leave, punches, checks), the
summary, and the atomic write of the `day_closed` event with fsync. Exports start from the
stored closes and produce the bytes a file or sync target receives.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.i18n import Translator
from tests.bench.history import history_folder

STAFF = 100
MONTH = "2026-11"
UNTIL = date(2026, 12, 1)  # history covers 2026-11-01 .. 2026-11-30
RESULTS = Path(__file__).parent / "results"


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        nine = datetime.combine(UNTIL, datetime.min.time()).replace(hour=9)
        services, _ids, events = history_folder(Path(tmp) / "data", nine, STAFF, days=30)
        days = [UNTIL - timedelta(days=n) for n in range(30, 0, -1)]
        tr = Translator("zh")

        close_ms = [timed(lambda d=d: services.day_close.close(d)) for d in days]
        again_ms = [timed(lambda d=d: services.day_close.close(d)) for d in days[:10]]
        day = days[26]
        day_csv_ms = [timed(lambda: services.exports.day(day, "csv", tr)) for _ in range(10)]
        day_json_ms = [timed(lambda: services.exports.day(day, "json", tr)) for _ in range(10)]
        month_csv_ms = [timed(lambda: services.exports.month(MONTH, "csv", tr)) for _ in range(5)]
        month_json_ms = [timed(lambda: services.exports.month(MONTH, "json", tr)) for _ in range(5)]
        month = services.exports.month(MONTH, "csv", tr)
        assert len(month.days) == 30 and not month.not_closed

    figures = {
        "staff": STAFF,
        "history_events": events,
        "close_day_ms_median": statistics.median(close_ms),
        "close_day_ms_max": max(close_ms),
        "close_again_ms_median": statistics.median(again_ms),
        "export_day_csv_ms_median": statistics.median(day_csv_ms),
        "export_day_json_ms_median": statistics.median(day_json_ms),
        "export_month_csv_ms_median": statistics.median(month_csv_ms),
        "export_month_json_ms_median": statistics.median(month_json_ms),
        "month_csv_bytes": len(month.data),
    }
    print(f"{STAFF} staff, 30 days of history ({events} events):")
    print(
        f"  close one day (first close)   median {figures['close_day_ms_median']:.1f} ms"
        f"   max {figures['close_day_ms_max']:.1f} ms   (30 days)"
    )
    print(f"  close again (nothing new)     median {figures['close_again_ms_median']:.1f} ms")
    print(f"  export a day, CSV             median {figures['export_day_csv_ms_median']:.1f} ms")
    print(f"  export a day, JSON            median {figures['export_day_json_ms_median']:.1f} ms")
    print(
        f"  export the month, CSV         median {figures['export_month_csv_ms_median']:.1f} ms"
        f"   ({figures['month_csv_bytes']:,} bytes)"
    )
    print(f"  export the month, JSON        median {figures['export_month_json_ms_median']:.1f} ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "close.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
