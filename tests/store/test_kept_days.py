"""Which parsed day files a long-running kiosk keeps (store/days.py): a bounded few, and
the days punches write to last of all, so reading a month of closed days (the line under
each result, an export) does not make the next punch parse today's file again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from kiosk.store.days import KEPT_DAYS, DayStore
from tests.day_files import write_day_file

TODAY = date(2026, 11, 27)


def _event(day: date, n: int) -> dict[str, object]:
    return {"id": f"e{n}", "type": "punch", "staff_id": "1001", "action": "check_in",
            "at": f"{day}T07:55:00+08:00", "recorded_at": f"{day}T07:55:00+08:00",
            "date": day.isoformat(), "shift": "A", "source": "kiosk"}  # fmt: skip


def test_a_month_of_reads_keeps_the_working_day(tmp_path: Path) -> None:
    days = DayStore(tmp_path)
    month = [TODAY - timedelta(days=n) for n in range(26, -1, -1)]
    for n, day in enumerate(month):
        days.path_for(day).parent.mkdir(parents=True, exist_ok=True)
        write_day_file(days.path_for(day), [_event(day, n)])
    days.working(TODAY)
    today = days.file(TODAY)
    assert len(days.closes(TODAY)) == 0 and today._parsed is not None
    for day in month[:-1]:
        days.events(day)
    assert days.file(TODAY) is today and today._parsed is not None
    assert len(days._files) == KEPT_DAYS  # still bounded
    # Not a working day: pushed out like any other.
    lone = DayStore(tmp_path)
    first = lone.file(TODAY)
    for day in month[:-1]:
        lone.events(day)
    assert lone.file(TODAY) is not first
    assert [e["id"] for e in lone.events(TODAY)] == ["e26"]  # read again, the same
