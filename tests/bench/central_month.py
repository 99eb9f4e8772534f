"""A month of many kiosks in a central database, as their syncs would have left it.

`load_month(dsn, folder, kiosks, staff)`: each kiosk has its own `staff` people (shifts A/B/C,
one rest day a week, a few on leave), each working day ten events a person (scale_data's busy
day: check-in, checks, a break, an incident, check-out and a lead's corrections), signed and
chained as the kiosk writes them, and a close per kiosk and day whose figures are the rules
engine's own (BoardService.rows_from, as the day close computes them). On top, the cases the
central report exists for: one person in a hundred checks in at one desk and out at the next;
the last day of one kiosk is not closed; with `conflicts`, an event offered again with other
content. Written with COPY, so a month of 20 kiosks x 500 staff loads in a minute or two.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.central.arrival import arrival_check
from kiosk.central.connection import connect
from kiosk.central.report_days import made_with
from kiosk.central.schema import migrate
from kiosk.central.upload import event_hash
from kiosk.clock import FixedClock
from kiosk.config import Config, default_config_text
from kiosk.domain import events as ev
from kiosk.domain.chain import record_key, seal
from kiosk.domain.shifts import WEEKDAYS, place_shift
from kiosk.domain.summary import DaySummary
from kiosk.services.records import DayPlan, LeaveRecord, StaffMember
from kiosk.store.site import Store
from tests.bench.history import SHIFT_CODES

if TYPE_CHECKING:
    import psycopg

    from kiosk.services.container import Services

FIRST = date(2026, 11, 1)
DAYS = 30  # November 2026
SET_UP = datetime(2026, 10, 30, 1, 0, tzinfo=UTC)
REPORT_NOW = "2026-12-01T09:00:00"
KEY = record_key(b"central-bench-site-secret")


@dataclass(frozen=True)
class Loaded:
    events: int
    closes: int
    kiosks: int
    staff: int


def _event(kind: str, sid: str, day: date, at: datetime, **fields: object) -> dict[str, Any]:
    stamp = at.isoformat(timespec="seconds")
    return {"id": str(uuid.uuid4()), "type": kind, "staff_id": sid, "date": day.isoformat(),
            "at": stamp, "recorded_at": stamp, "corrects": None, **fields}  # fmt: skip


def person_day(config: Config, code: str, sid: str, day: date, rng: random.Random) -> list[dict]:
    """Ten events of one person's working day (tests/bench/scale_data.py's busy day)."""
    shift = place_shift(config.shifts[code], day, config.timezone)
    kiosk = {"shift": code, "source": "kiosk", "by": None, "reason": None}
    fixed = {"shift": code, "source": "lead", "by": "L900", "reason": "forgot"}
    arrive = shift.start - timedelta(minutes=rng.randint(-12, 25), seconds=rng.randint(0, 59))
    leave = shift.end + timedelta(minutes=rng.randint(-5, 30), seconds=rng.randint(0, 59))
    check_in = _event("punch", sid, day, arrive, action="check_in", **kiosk)
    check_out = _event("punch", sid, day, leave, action="check_out", **kiosk)
    mid = shift.start + (shift.end - shift.start) / 2
    return [
        check_in,
        _event("appearance_check", sid, day, arrive + timedelta(minutes=5), by="L900",
               failed=["nails"] if rng.random() < 0.1 else [], fine=10),
        _event("punch", sid, day, mid, action="break_out", **kiosk),
        _event("punch", sid, day, mid + timedelta(minutes=40), action="break_in", **kiosk),
        _event("incident", sid, day, mid + timedelta(minutes=60), by="L900", fine=5,
               note="投诉"),
        check_out,
        _event("punch", sid, day, arrive - timedelta(minutes=1), action="check_in",
               **fixed | {"corrects": check_in["id"]}),
        _event("punch", sid, day, leave + timedelta(minutes=1), action="check_out",
               **fixed | {"corrects": check_out["id"]}),
        _event("appearance_check", sid, day, mid + timedelta(minutes=65), by="L900",
               failed=[], fine=0),
        _event("punch", sid, day, leave + timedelta(minutes=2), action="check_out",
               **fixed | {"corrects": check_out["id"]}),
    ]  # fmt: skip


def _plan(kiosk: int, n: int, day: date) -> DayPlan:
    sid = f"{kiosk + 1:02d}{n:03d}"
    code = SHIFT_CODES[n % 3]
    member = StaffMember(sid, f"员工{kiosk}-{n}", code, WEEKDAYS[n % 7])
    if n % 50 == 7 and 10 <= day.day <= 12:
        leave = LeaveRecord(f"lv-{sid}", sid, "sick", day, day, n % 100 == 7, False)
        return DayPlan(member, day, code, "leave", "default", leave)
    if n % 40 == 3 and day.day == 20:  # the lead moved someone onto their rest day
        return DayPlan(member, day, code, "shift", "override")
    rest = WEEKDAYS[day.weekday()] == WEEKDAYS[n % 7]
    return DayPlan(member, day, code, "rest" if rest else "shift", "default")


def _kiosk_day(config: Config, kiosks: int, staff: int, k: int, day: date, rng: random.Random):
    """(plans, events) of kiosk k on `day`; a traveller's check-out is the next desk's."""
    plans = [_plan(k, n, day) for n in range(staff)]
    own: list[dict] = []
    moved: list[dict] = []
    for n, plan in enumerate(plans):
        if plan.plan != "shift":
            continue
        events = person_day(config, plan.shift_code, plan.staff.id, day, rng)
        if kiosks > 1 and n % 100 == 1:
            moved.extend(e for e in events if e.get("action") == "check_out")
            events = [e for e in events if e.get("action") != "check_out"]
        own.extend(events)
    own.sort(key=lambda e: e["recorded_at"])
    return plans, own, moved


def _day_rows(
    services: Services,
    kiosks: int,
    staff: int,
    day: date,
    rng: random.Random,
    last: bool,
    arrive: bool = False,
) -> tuple[list[tuple], list[tuple]]:
    """The events and day_closes rows of every kiosk on `day`; kiosk 1 leaves the last
    day of the month unclosed. With `arrive`, each close carries its desk's part of the
    date checked as the sync's upload checks it (central/arrival.py)."""
    config = services.config
    book = config.rule_book
    event_rows: list[tuple] = []
    close_rows: list[tuple] = []
    desk_events: list[list[dict]] = [[] for _ in range(kiosks)]
    desk_plans = []
    for k in range(kiosks):
        plans, own, moved = _kiosk_day(config, kiosks, staff, k, day, rng)
        desk_plans.append(plans)
        desk_events[k].extend(own)
        desk_events[(k + 1) % kiosks].extend(moved)
    closed = datetime.combine(day, datetime.min.time(), config.timezone) + timedelta(hours=23.5)
    stamp = closed.isoformat(timespec="seconds")
    for k in range(kiosks):
        events = sorted(desk_events[k], key=lambda e: e["recorded_at"])
        kiosk_id = f"desk-{k + 1:02d}"
        unclosed = k == 0 and last
        if not unclosed:
            rows = services.board.rows_from(day, events, final=True, plans=desk_plans[k], book=book)
            people = tuple(r.person for r in rows)
            summary = DaySummary(day, kiosk_id, 1, closed, people, book.to_json()).to_json()
            events.append(ev.new_day_event(ev.DAY_CLOSED, day.isoformat(), revision=1,
                                           closed_at=stamp, recorded_at=stamp, by=None,
                                           summary=summary, audit_head=""))  # fmt: skip
        for n, event in enumerate(events):
            seal(event, events[n - 1] if n else None, KEY)
        for event in events:
            body = json.dumps(event, ensure_ascii=False)
            event_rows.append((event["id"], kiosk_id, event["date"], event.get("staff_id"),
                               event["type"], body, event_hash(event)))  # fmt: skip
        if not unclosed:
            summary_text = json.dumps(summary, ensure_ascii=False)
            head = events[-1]["prev"]
            checked: tuple = (None,) * 4
            if arrive:
                found = arrival_check(summary, events, head, services.board, made_with(config))
                checked = (found.desk_check, found.made_with, found.events, found.digest)
            close_rows.append((kiosk_id, day, 1, closed, summary_text, head, *checked))
    return event_rows, close_rows


def _copy(conn: psycopg.Connection, event_rows: list[tuple], close_rows: list[tuple]) -> None:
    with conn.transaction(), conn.cursor() as cur:
        copy = "COPY events (event_id, kiosk_id, attendance_date, staff_id, type, body, hash)"
        with cur.copy(f"{copy} FROM STDIN") as out:
            for row in event_rows:
                out.write_row(row)
        copy = (
            "COPY day_closes (kiosk_id, attendance_date, revision, closed_at, summary, chain_head,"
            " desk_check, checked_with, checked_events, checked_digest)"
        )
        with cur.copy(f"{copy} FROM STDIN") as out:
            for row in close_rows:
                out.write_row(row)


def load_month(
    dsn: str,
    folder: Path,
    kiosks: int,
    staff: int,
    conflicts: bool = False,
    days: int = DAYS,
    arrive: bool = False,
) -> Loaded:
    """Fill the (empty) database at `dsn`; `folder` becomes the data folder to report from.
    `arrive`: each close checked on arrival, as a desk's sync sends it."""
    from kiosk.cli import wire_services

    store = Store(folder)
    store.create()
    store.write_config_text(default_config_text())
    store.ensure_site_secret()
    services = wire_services(folder, clock=FixedClock(SET_UP))
    rng = random.Random(15)
    with connect(dsn) as conn:
        migrate(conn)
        with conn.transaction(), conn.cursor() as cur:
            for k in range(kiosks):
                cur.execute("INSERT INTO kiosks (kiosk_id) VALUES (%s)", (f"desk-{k + 1:02d}",))
    counts = [0, 0]
    day_list = [FIRST + timedelta(days=i) for i in range(days)]
    import psycopg

    with psycopg.connect(dsn) as conn:  # no statement timeout: a date is one COPY
        for day in day_list:  # one date at a time, so memory holds one date
            last = day == day_list[-1]
            event_rows, close_rows = _day_rows(services, kiosks, staff, day, rng, last, arrive)
            _copy(conn, event_rows, close_rows)
            counts[0] += len(event_rows)
            counts[1] += len(close_rows)
            if conflicts and day == day_list[0]:
                event_id, kiosk_id, day_text = event_rows[3][:3]
                conn.execute(
                    "INSERT INTO event_conflicts (event_id, kiosk_id, attendance_date,"
                    " stored_hash, offered_hash, offered) VALUES (%s, %s, %s, %s, %s, %s)",
                    (event_id, kiosk_id, day_text, event_rows[3][6], "0" * 64, "{}"),
                )
                conn.commit()
        conn.commit()
        # what autovacuum does to a database filled over a month: the visibility map lets
        # the report's index-only scans (a date's ids and hashes by desk) skip the table
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    return Loaded(counts[0], counts[1], kiosks, staff)
