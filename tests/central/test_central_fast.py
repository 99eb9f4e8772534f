"""The central report's date-at-a-time path (central/month_figures.py) gives exactly what the
plain path gives (report.fetch_month + merged_summaries + integrity.check_month) on a
generated month of three kiosks (tests/bench/central_month.py): people checking in at one
desk and out at the next, leave, a roster override, an unclosed day, a conflict, and, made
here in the database, an edited event, a correction sent from another desk, and a close
whose rule book differs from the other desks' (the report judges by the first desk's)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import psycopg

from kiosk.central.connection import connect
from kiosk.central.integrity import check_month
from kiosk.central.month_figures import month_report
from kiosk.central.report import fetch_month, merged_summaries
from kiosk.central.upload import event_hash
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.domain.chain import seal
from tests.bench.central_month import KEY, load_month

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)


def _tamper(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "UPDATE events SET body = jsonb_set(body, '{at}', '\"2026-11-02T09:59:00+08:00\"') "
            "WHERE event_id = (SELECT event_id FROM events WHERE kiosk_id = 'desk-01' AND "
            "attendance_date = '2026-11-02' AND type = 'punch' ORDER BY event_id LIMIT 1)"
        )
        for code in "ABC":  # the first desk judged 11-04 with 30 minutes' grace
            conn.execute(
                "UPDATE day_closes SET summary = jsonb_set(summary, %s, '30') "
                "WHERE kiosk_id = 'desk-01' AND attendance_date = '2026-11-04'",
                (["judged_by", "shifts", code, "late_grace_minutes"],),
            )
        target, staff, day = conn.execute(
            "SELECT event_id, staff_id, attendance_date FROM events WHERE kiosk_id = 'desk-03' "
            "AND attendance_date = '2026-11-03' AND body->>'action' = 'check_in' "
            "ORDER BY event_id LIMIT 1"
        ).fetchone()
        stamp = "2026-11-03T06:58:00+08:00"
        fix = {"id": str(uuid.uuid4()), "type": "punch", "staff_id": staff,
               "date": day.isoformat(), "at": stamp, "recorded_at": "2026-11-03T12:00:00+08:00",
               "corrects": target, "action": "check_in", "shift": "A", "source": "lead",
               "by": "L900", "reason": "forgot"}  # fmt: skip
        seal(fix, None, KEY)
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body, hash)"
            " VALUES (%s, 'desk-02', %s, %s, 'punch', %s, %s)",
            (fix["id"], day, staff, json.dumps(fix), event_hash(fix)),
        )


def test_the_fast_path_gives_the_plain_paths_figures_and_findings(
    tmp_path, central_dsn: str
) -> None:
    folder = tmp_path / "data"
    loaded = load_month(central_dsn, folder, kiosks=3, staff=24, conflicts=True, days=6)
    assert loaded.events > 3 * 24 * 4 * 9
    _tamper(central_dsn)
    board = wire_services(folder, clock=FixedClock(datetime(2026, 12, 1, 1, tzinfo=UTC))).board
    with connect(central_dsn) as conn:
        records = fetch_month(conn, FIRST, LAST)
        month = month_report(conn, FIRST, LAST, board)
    plain = [s.to_json() for s in merged_summaries(records, board)]
    assert [s.to_json() for s in month.summaries] == plain
    assert month.problems == check_month(records, board)
    assert month.unclosed == records.unclosed == ((date(2026, 11, 6), "desk-01"),)
    findings = {p.finding for p in month.problems}
    assert {"event_changed", "conflict", "close_differs"} <= findings
    kiosks = {tuple(s["kiosks"]) for s in plain}
    assert ("desk-01", "desk-02", "desk-03") in kiosks  # every desk's close behind a day
