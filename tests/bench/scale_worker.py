"""One timing of the scale benchmark, in its own process, against the code on PYTHONPATH.

Run by bench_scale.py as `python scale_worker.py FOLDER WHAT` with PYTHONPATH set to the
tree being measured (this one, or today's code in a worktree), so both are timed on the
same data. Uses only calls both trees have. Prints one JSON line of milliseconds.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.domain.shifts import place_shift
from kiosk.i18n import Translator

DAY_ISO = "2026-11-30"


def _ms(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    folder, what = Path(sys.argv[1]), sys.argv[2]
    day = datetime.fromisoformat(DAY_ISO).date()
    evening = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)  # 21:00 in Shanghai
    clock = FixedClock(evening)
    services = wire_services(folder, clock=clock)
    out: dict[str, float] = {}
    if what == "board":
        out["board_ms"] = _ms(lambda: services.board.rows(day))
        # Again, as a running kiosk opens it: the day already read (its punches did).
        out["board_warm_ms"] = _ms(lambda: services.board.rows(day))
    elif what == "close":
        out["close_ms"] = _ms(lambda: services.day_close.close(day))
        # A lead's correction after the close, then the re-close a running kiosk makes:
        # the day already read and checked once.
        someone = next(e["staff_id"] for e in services.store.days.events(day) if "staff_id" in e)
        try:
            services.punch.correct(someone, clock.now(), "L900", "forgot", "check_out", day=day)
        except Exception as err:  # an older tree may lack this call: no figure then
            print(f"no warm close: {err!r}", file=sys.stderr)
        else:
            out["close_warm_ms"] = _ms(lambda: services.day_close.close(day))
    elif what == "punch":
        walk_ins = [s for s in services.staff.all() if s.id != "L900"][-int(sys.argv[3]) :]
        times = []
        # As the kiosk does at start, in the background (screens/app.py read_days_ahead):
        # its cost is the first read of the day, timed on its own. An older tree has no
        # such step: its first punch pays the read.
        read_ahead = getattr(services.punch, "read_ahead", None)
        if read_ahead is not None:
            first = walk_ins[0]
            clock.set(
                place_shift(
                    services.config.shifts[first.shift], day, services.config.timezone
                ).start
            )
            out["read_ahead_ms"] = _ms(read_ahead)
        for member in walk_ins:
            template = services.config.shifts[member.shift]
            clock.set(place_shift(template, day, services.config.timezone).start)
            times.append(_ms(lambda m=member: services.punch.punch(m.id)))
            clock.set(clock.now() + timedelta(seconds=1))
        times.sort()
        out["punch_p50_ms"] = statistics.median(times)
        out["punch_p99_ms"] = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    elif what.startswith("month_"):
        fmt = what.removeprefix("month_")
        clock.set(datetime(2026, 12, 1, 4, 0, tzinfo=UTC))
        services.day_close.close(day)
        tr = Translator("zh")
        out[f"{what}_ms"] = _ms(lambda: services.exports.month("2026-11", fmt, tr))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
