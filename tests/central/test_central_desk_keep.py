"""A date's parts are kept per desk (central/desk_check.py, issue 15): a change at one desk
checks that desk again and takes the others as kept, and the merge across desks stays
exactly what checking the whole date gives.

Real PostgreSQL, a generated month of three kiosks (tests/bench/central_month.py: people
checking in at one desk and out at the next, an unclosed day, a conflict). After a first
report keeps every date, each change below is made at one desk; the report then rechecks
that desk alone (its kept part is rewritten, the others' are not) and gives what the plain
path (report.fetch_month + merged_summaries + integrity.check_month) gives from scratch,
and the CSV is byte for byte the one a report with nothing kept writes.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from click.testing import CliRunner

from kiosk.central.connection import connect
from kiosk.central.integrity import check_month
from kiosk.central.month_figures import month_report
from kiosk.central.report import fetch_month, merged_summaries
from kiosk.central.schema import LATEST, MIGRATIONS, migrate
from kiosk.central.upload import event_hash
from kiosk.cli import cli, wire_services
from kiosk.clock import FixedClock
from kiosk.domain.chain import seal
from kiosk.services.board import BoardService
from tests.bench.central_month import KEY, REPORT_NOW, load_month
from tests.central.central_support import rows

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
DAY = "2026-11-03"


def _checked_at(dsn: str) -> dict[str, datetime]:
    found = rows(
        dsn, "SELECT kiosk_id, checked_at FROM report_desks WHERE attendance_date = %s", DAY
    )
    return {str(k): at for k, at in found}


def _agrees_with_the_plain_path(dsn: str, board: BoardService) -> None:
    with connect(dsn) as conn:
        month = month_report(conn, FIRST, LAST, board)
        records = fetch_month(conn, FIRST, LAST)
    assert [s.to_json() for s in month.summaries] == [
        s.to_json() for s in merged_summaries(records, board)
    ]
    assert month.problems == check_month(records, board)
    assert month.unclosed == records.unclosed


def _staff_of(dsn: str, kiosk: str) -> tuple[str, str]:
    """A person of `kiosk` on DAY and their check-in's event id (one no event corrects)."""
    ((event_id, staff),) = rows(
        dsn,
        "SELECT event_id, staff_id FROM events e WHERE kiosk_id = %s AND attendance_date = %s "
        "AND body->>'action' = 'check_in' AND NOT EXISTS (SELECT 1 FROM events c "
        "WHERE c.body->>'corrects' = e.event_id) ORDER BY event_id LIMIT 1",
        kiosk,
        DAY,
    )
    return event_id, staff


def _insert(dsn: str, kiosk: str, event: dict[str, object]) -> None:
    seal(event, None, KEY)
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body, hash)"
            " VALUES (%s, %s, %s, %s, 'punch', %s, %s)",
            (event["id"], kiosk, DAY, event["staff_id"], json.dumps(event), event_hash(event)),
        )


def _punch(staff: str, at: str, **more: object) -> dict[str, object]:
    stamp = f"{DAY}T{at}:00+08:00"
    return {"id": str(uuid.uuid4()), "type": "punch", "staff_id": staff, "date": DAY,
            "at": stamp, "recorded_at": stamp, "corrects": None, "action": "check_out",
            "shift": "A", "source": "scan", **more}  # fmt: skip


def test_a_change_at_one_desk_rechecks_that_desk_and_the_merge_stays_right(
    tmp_path: Path, central_dsn: str
) -> None:
    folder = tmp_path / "data"
    load_month(central_dsn, folder, kiosks=3, staff=24, conflicts=True, days=6)
    board = wire_services(folder, clock=FixedClock(datetime(2026, 12, 1, 1, tzinfo=UTC))).board
    _agrees_with_the_plain_path(central_dsn, board)  # every date checked, and kept
    kept = _checked_at(central_dsn)
    assert set(kept) == {"desk-01", "desk-02", "desk-03"}

    def changed_at(kiosk: str) -> None:
        nonlocal kept
        _agrees_with_the_plain_path(central_dsn, board)
        now = _checked_at(central_dsn)
        assert {k for k in now if now[k] != kept.get(k)} == {kiosk}
        kept = now

    # Any change to a row of one desk: that desk is checked again, the others are not.
    with psycopg.connect(central_dsn) as conn:
        conn.execute(
            "UPDATE events SET staff_id = staff_id WHERE event_id = (SELECT min(event_id) "
            "FROM events WHERE attendance_date = %s AND kiosk_id = 'desk-02')",
            (DAY,),
        )
    changed_at("desk-02")
    # An owner's edit of one desk's event body: named, and counted, that desk alone checked.
    target, staff = _staff_of(central_dsn, "desk-03")
    before = _figure(central_dsn, board, staff)
    _edit_at(central_dsn, target, "11:30")
    changed_at("desk-03")
    assert _figure(central_dsn, board, staff) != before
    # A record sent to a closed desk after its close: named, not counted.
    _insert(central_dsn, "desk-03", _punch(_staff_of(central_dsn, "desk-01")[1], "23:30"))
    changed_at("desk-03")
    # desk-02's close removed: its records are an unclosed desk's, every one counted.
    with psycopg.connect(central_dsn) as conn:
        conn.execute(
            "DELETE FROM day_closes WHERE kiosk_id = 'desk-02' AND attendance_date = %s", (DAY,)
        )
    changed_at("desk-02")
    # desk-02 then records a check-out for one of desk-01's people: their desk-01 figure
    # is no longer theirs alone (judged again from both desks' events) ...
    target, staff = _staff_of(central_dsn, "desk-01")
    before = _figure(central_dsn, board, staff)
    _insert(central_dsn, "desk-02", _punch(staff, "23:50"))
    changed_at("desk-02")
    assert _figure(central_dsn, board, staff) != before
    # ... and corrects one of desk-01's check-ins: every desk-01 figure is judged again.
    fix = _punch(staff, "10:58", corrects=target, action="check_in", source="lead", by="L900")
    _insert(central_dsn, "desk-02", fix)
    changed_at("desk-02")
    assert _figure(central_dsn, board, staff) != before


def _figure(dsn: str, board: BoardService, staff: str) -> dict[str, object]:
    with connect(dsn) as conn:
        month = month_report(conn, FIRST, LAST, board)
    (summary,) = [s for s in month.summaries if s.date.isoformat() == DAY]
    (person,) = [p for p in summary.people if p.staff_id == staff]
    return person.to_json()


def _edit_at(dsn: str, event_id: str, hhmm: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "UPDATE events SET body = jsonb_set(body, '{at}', to_jsonb(%s::text)) "
            "WHERE event_id = %s",
            (f"{DAY}T{hhmm}:00+08:00", event_id),
        )


def test_a_body_without_its_rows_id_checks_the_date_whole(tmp_path: Path, central_dsn: str) -> None:
    """The merge finds events by their row's id: a body whose id is another (edited in the
    database) sends its date down the whole-date path, with the same findings."""
    folder = tmp_path / "data"
    load_month(central_dsn, folder, kiosks=2, staff=12, days=4)
    board = wire_services(folder, clock=FixedClock(datetime(2026, 12, 1, 1, tzinfo=UTC))).board
    _agrees_with_the_plain_path(central_dsn, board)
    event_id, _ = _staff_of(central_dsn, "desk-01")
    with psycopg.connect(central_dsn) as conn:
        conn.execute(
            "UPDATE events SET body = jsonb_set(body, '{id}', to_jsonb(%s::text)) "
            "WHERE event_id = %s",
            (str(uuid.uuid4()), event_id),
        )
    _agrees_with_the_plain_path(central_dsn, board)
    with psycopg.connect(central_dsn) as conn:
        conn.execute("UPDATE events SET staff_id = staff_id WHERE kiosk_id = 'desk-02'")
    _agrees_with_the_plain_path(central_dsn, board)


def test_the_csv_after_a_desk_changed_is_the_one_from_nothing_kept(
    tmp_path: Path, central_dsn: str
) -> None:
    """Each kept date keeps its CSV rows too, in the words of the report that wrote them:
    a report in other words writes its own, and every one is the CSV of nothing kept."""
    folder = tmp_path / "data"
    load_month(central_dsn, folder, kiosks=3, staff=12, days=4)

    def csv(lang: str) -> bytes:
        out = tmp_path / "month.csv"
        args = ["--data-dir", str(folder), "--lang", lang, "central", "report"]
        args += ["--month", "2026-11", "--dsn", central_dsn, "--out", str(out)]
        done = CliRunner().invoke(cli, args, env={"KIOSK_FAKE_NOW": REPORT_NOW})
        assert done.exit_code in (0, 4), done.output
        return out.read_bytes()

    def forgotten(lang: str) -> bytes:
        with psycopg.connect(central_dsn) as conn:
            conn.execute("DELETE FROM report_days")
            conn.execute("DELETE FROM report_desks")
        return csv(lang)

    first = csv("en")
    assert csv("en") == first  # the kept rows, read
    target, staff = _staff_of(central_dsn, "desk-01")  # an owner's edit: a late check-in
    _edit_at(central_dsn, target, "11:30")
    kept, in_chinese = csv("en"), csv("zh")
    assert kept != first and in_chinese != kept
    assert csv("zh") == in_chinese == forgotten("zh")
    assert csv("en") == kept == forgotten("en")
    # What is read is the kept text (only the owner can change it): a kept date's rows are
    # not written again.
    with psycopg.connect(central_dsn) as conn:
        conn.execute("UPDATE report_days SET csv = replace(csv, %s, '01099')", (staff,))
    assert csv("en") == kept.replace(staff.encode(), b"01099")


def test_a_version_5_database_is_brought_up_in_place(central_dsn: str) -> None:
    """Migrations 6 and 7 on a database the report kept dates in: the kept desks are
    forgotten by a TRUNCATE as the kept dates are, and the counting function still puts
    pg_temp last."""
    with psycopg.connect(central_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        for statement in MIGRATIONS[:5]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (5)")
        conn.execute("INSERT INTO kiosks (kiosk_id) VALUES ('desk-1')")
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, type, body)"
            " VALUES ('e1', 'desk-1', '2026-11-27', 'punch', '{}')"
        )
        assert migrate(conn) == (5, LATEST)
        conn.execute(
            "INSERT INTO report_desks (attendance_date, kiosk_id, changes, made_with, checked)"
            " VALUES ('2026-11-27', 'desk-1', 1, '', '{}')"
        )
        ((config,),) = conn.execute(
            "SELECT proconfig FROM pg_proc WHERE proname = 'count_day_changes'"
        ).fetchall()
        assert config == ["search_path=public, pg_temp"]
        conn.execute("TRUNCATE events")
        assert conn.execute("SELECT count(*) FROM report_desks").fetchone() == (0,)
