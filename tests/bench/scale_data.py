"""A data folder for the scale benchmark: N staff with 10 events each on one day.

Each person's day is what a busy day at a front desk leaves: a check-in, the appearance
check, a meal break out and back, an incident, a check-out, and a lead's correction of the
check-in and of the check-out (each a punch naming the one it replaces), plus a second
appearance check after a re-inspection: 10 events, signed and chained as the kiosk writes
them. Written straight into the day file (seconds at 5,000 staff), not punched one by one.
"""

from __future__ import annotations

import random
import shutil
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.clock import FixedClock
from kiosk.config import Config, default_config_text
from kiosk.domain.shifts import place_shift
from kiosk.store.site import Store
from tests.bench.history import SHIFT_CODES, add_staff, write_sealed_day

EVENTS_EACH = 10
DAY = date(2026, 11, 30)  # the busy day; the folder is set up the day before


def _event(kind: str, staff_id: str, at: datetime, **fields: object) -> dict:
    stamp = at.isoformat(timespec="seconds")
    return {"id": str(uuid.uuid4()), "type": kind, "staff_id": staff_id,
            "date": DAY.isoformat(), "at": stamp, "recorded_at": stamp, "corrects": None,
            **fields}  # fmt: skip


def person_events(config: Config, n: int, sid: str, rng: random.Random) -> list[dict]:
    """Ten events of one person's day on their shift (see the module docstring)."""
    shift = place_shift(config.shifts[SHIFT_CODES[n % 3]], DAY, config.timezone)
    code = shift.template.code
    kiosk = {"shift": code, "source": "kiosk", "by": None, "reason": None}
    fixed = {"shift": code, "source": "lead", "by": "L900", "reason": "forgot"}
    arrive = shift.start - timedelta(minutes=rng.randint(-12, 25), seconds=rng.randint(0, 59))
    leave = shift.end + timedelta(minutes=rng.randint(-5, 30), seconds=rng.randint(0, 59))
    check_in = _event("punch", sid, arrive, action="check_in", **kiosk)
    check_out = _event("punch", sid, leave, action="check_out", **kiosk)
    mid = shift.start + (shift.end - shift.start) / 2
    return [
        check_in,
        _event("appearance_check", sid, arrive + timedelta(minutes=5), by="L900",
               failed=["nails"], fine=10),
        _event("punch", sid, mid, action="break_out", **kiosk),
        _event("punch", sid, mid + timedelta(minutes=40), action="break_in", **kiosk),
        _event("incident", sid, mid + timedelta(minutes=60), by="L900", fine=5,
               note="complaint"),
        _event("appearance_check", sid, mid + timedelta(minutes=65), by="L900",
               failed=[], fine=0),
        check_out,
        _event("punch", sid, arrive - timedelta(minutes=1), action="check_in",
               **fixed | {"corrects": check_in["id"]}),
        _event("punch", sid, leave + timedelta(minutes=1), action="check_out",
               **fixed | {"corrects": check_out["id"]}),
        _event("punch", sid, leave + timedelta(minutes=2), action="check_out",
               **fixed | {"corrects": check_out["id"]}),
    ]  # fmt: skip


def walk_ins(staff: int) -> int:
    """How many of the staff have no event yet: the punches a benchmark times are theirs."""
    return min(20, staff // 5)


def write_day(store: Store, config: Config, ids: list[str]) -> int:
    """The busy day's file for `ids` (but the last `walk_ins`), signed and chained;
    returns the event count."""
    rng = random.Random(15)
    busy = ids[: len(ids) - walk_ins(len(ids))]
    events = [e for n, sid in enumerate(busy) for e in person_events(config, n, sid, rng)]
    write_sealed_day(store, DAY, events, store.record_key())
    return len(events)


def scale_folder(folder: Path, staff: int) -> int:
    """A data folder set up on the day before DAY, with `staff` people and DAY's events;
    returns the event count. Only files: any kiosk version can open it."""
    from kiosk.cli import wire_services

    store = Store(folder)
    store.create()
    store.write_config_text(default_config_text())
    store.ensure_site_secret()
    services = wire_services(folder, clock=FixedClock(datetime(2026, 11, 29, 1, 0, tzinfo=UTC)))
    ids = add_staff(services.staff, staff)
    return write_day(store, services.config, ids)


def as_lines(folder: Path, copy: Path) -> Path:
    """A copy of `folder` whose day file is in this tree's format, one event per line (the
    events, their order and signatures unchanged). Named like `folder`: the worker reads
    the staff count from the folder's name."""
    from tests.day_files import read_day_file, write_day_file

    target = copy / folder.name
    shutil.copytree(folder, target)
    path = Store(target).days.path_for(DAY)
    write_day_file(path, read_day_file(path))
    return target
