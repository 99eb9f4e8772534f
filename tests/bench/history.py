"""Build a realistic history for benchmarks and load tests: N staff, D days of punches,
appearance checks and the odd late arrival, written straight into per-day files.

Reusable tooling (not a demo feature): `build_history(store, config, staff=100, days=365)`.
It writes through the store's atomic writer, one file per day, so a year takes seconds.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.config import Config, default_config_text
from kiosk.domain.chain import seal
from kiosk.domain.shifts import WEEKDAYS, place_shift
from kiosk.services.audit import AuditTrail
from kiosk.services.container import Services
from kiosk.services.staff import StaffService
from kiosk.store.atomic import write_atomic
from kiosk.store.site import Store

SHIFT_CODES = ("A", "B", "C")


def audit_trail(store: Store, config: Config, clock: FixedClock) -> AuditTrail:
    """The audit trail for services built by hand (the benchmarks time one service alone);
    the folder gets its site key, which signs the trail."""
    store.ensure_site_secret()
    return AuditTrail(store.audit, store.people, clock, config, "bench", "bench")


def add_staff(staff: StaffService, count: int) -> list[str]:
    """`count` staff (no PINs, so hashing does not dominate set-up), spread over shifts."""
    rows = ["id,name,shift,rest_day,lead,pin"]
    ids = [f"{2000 + i}" for i in range(count)]
    for i, sid in enumerate(ids):
        rows.append(f"{sid},员工{i},{SHIFT_CODES[i % 3]},{WEEKDAYS[i % 7]},0,")
    rows.append("L900,负责人,A,sun,1,1234")
    staff.import_csv("\n".join(rows) + "\n")
    return ids


def _event(kind: str, staff_id: str, day: date, at: datetime, **fields: object) -> dict:
    stamp = at.isoformat(timespec="seconds")
    return {
        "id": str(uuid.uuid4()),
        "type": kind,
        "staff_id": staff_id,
        "date": day.isoformat(),
        "at": stamp,
        "recorded_at": stamp,
        "corrects": None,
        **fields,
    }


def day_events(config: Config, ids: list[str], day: date, rng: random.Random) -> list[dict]:
    events = []
    for i, sid in enumerate(ids):
        if WEEKDAYS[day.weekday()] == WEEKDAYS[i % 7]:
            continue
        shift = place_shift(config.shifts[SHIFT_CODES[i % 3]], day, config.timezone)
        arrive = shift.start - timedelta(minutes=rng.randint(-12, 25), seconds=rng.randint(0, 59))
        leave = shift.end + timedelta(minutes=rng.randint(-5, 30), seconds=rng.randint(0, 59))
        common = {"shift": shift.template.code, "source": "kiosk", "by": None, "reason": None}
        events.append(_event("punch", sid, day, arrive, action="check_in", **common))
        failed = ["nails"] if rng.random() < 0.05 else []
        events.append(
            _event(
                "appearance_check",
                sid,
                day,
                arrive + timedelta(minutes=5),
                by="L900",
                failed=failed,
                fine=10 * len(failed),
            )
        )
        events.append(_event("punch", sid, day, leave, action="check_out", **common))
    return events


def close_event(config: Config, day: date, events: list[dict]) -> dict:
    """A `day_closed` event of the shape a close stores (one line per person who punched;
    figures from the punches), so history sizes include closes, as five real years would."""
    people = []
    for e in events:
        if e["type"] != "punch" or e["action"] != "check_in":
            continue
        out = next(
            (
                x
                for x in events
                if x["staff_id"] == e["staff_id"] and x.get("action") == "check_out"
            ),
            None,
        )
        check = next(
            (
                x
                for x in events
                if x["staff_id"] == e["staff_id"] and x["type"] == "appearance_check"
            ),
            None,
        )
        fine = check["fine"] if check else 0
        appearance = (
            {"checked_by": check["by"], "failed": check["failed"], "fine": fine} if check else None
        )
        people.append(
            {
                "staff_id": e["staff_id"], "name": f"员工{int(e['staff_id']) - 2000}",
                "plan": "shift", "planned_shift": e["shift"], "shift": e["shift"],
                "status": "present", "flags": [], "check_in": e["at"],
                "check_out": out["at"] if out else None, "late_minutes": 0, "early_minutes": 0,
                "worked_minutes": 480, "leave_type": None, "appearance": appearance,
                "incident_fines": 0, "fines_total": fine,
            }
        )  # fmt: skip
    stamp = datetime.combine(day, datetime.min.time(), config.timezone).replace(hour=20, minute=30)
    closed_at = stamp.isoformat(timespec="seconds")
    summary = {"date": day.isoformat(), "kiosk_id": config.kiosk_id, "revision": 1,
               "closed_at": closed_at, "people": people}  # fmt: skip
    return {"id": str(uuid.uuid4()), "type": "day_closed", "date": day.isoformat(),
            "revision": 1, "closed_at": closed_at, "recorded_at": closed_at, "by": None,
            "summary": summary}  # fmt: skip


def build_history(
    store: Store, config: Config, ids: list[str], until: date, days: int, closes: bool = False
) -> int:
    """Write `days` days of history ending the day before `until` (each day closed when
    `closes`); returns the event count."""
    rng = random.Random(7)
    total = 0
    key = store.record_key() if (store.data_dir / "site.key").exists() else None
    for offset in range(days, 0, -1):
        day = until - timedelta(days=offset)
        events = day_events(config, ids, day, rng)
        if closes:
            events.append(close_event(config, day, events))
        write_sealed_day(store, day, events, key)
        total += len(events)
    return total


def history_folder(
    folder: Path, at: datetime, staff: int, days: int, closes: bool = False
) -> tuple[Services, list[str], int]:
    """A data folder with `staff` people and `days` of history ending the day before `at`,
    and its services on a FixedClock standing at `at` (local time): the benchmarks' set-up.
    The folder is set up on the history's first day (its first day of records), as a kiosk
    that has kept that history would have been."""
    store = Store(folder)
    store.create()
    store.write_config_text(default_config_text())
    store.ensure_site_secret()
    clock = FixedClock(at - timedelta(days=days))
    services = wire_services(folder, clock=clock)
    clock.set(at.replace(tzinfo=services.config.timezone))
    ids = add_staff(services.staff, staff)
    count = build_history(store, services.config, ids, at.date(), days, closes=closes)
    return services, ids, count


def write_sealed_day(store: Store, day: date, events: list[dict], key: bytes | None) -> None:
    """`events` as `day`'s file, signed and chained as the kiosk writes them (unsigned when
    `key` is None), in the TinyDB format every kiosk version reads."""
    if key is not None:
        for n, event in enumerate(events):
            seal(event, events[n - 1] if n else None, key)
    tables = {"events": {str(n): e for n, e in enumerate(events, start=1)}}
    path = store.days.path_for(day)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(tables, ensure_ascii=False).encode("utf-8"))
