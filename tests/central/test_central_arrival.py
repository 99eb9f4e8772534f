"""Each desk's day checked when it arrives (central/arrival.py, issue 15), on real PostgreSQL.

- A close sent by a desk's sync carries its desk's part of the date and what it covers; the
  report takes it (checks no desk from its rows) and gives the plain path's figures.
- An event rewritten in the database with its hash recomputed, as an attacker would, is
  still named: `close_differs` as before (the part is not taken: the trigger saw the
  change, and the rows' digest moved), and `rows_rewritten` besides, which also names a
  rewrite that changes no figure, and one made with the triggers switched off.
- A database made before migration 8 is brought up in place; closes sent without a check
  are checked from their rows, as before.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from kiosk.central.arrival import row_digest
from kiosk.central.connection import connect
from kiosk.central.integrity import check_month
from kiosk.central.month_figures import month_report
from kiosk.central.report import fetch_month, merged_summaries
from kiosk.central.schema import LATEST, MIGRATIONS, migrate
from kiosk.central.upload import event_hash
from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.services.board import BoardService
from tests.bench.central_month import load_month
from tests.central.central_support import Kiosk, make_kiosk, rows

DAY = "2026-11-27"
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
REWRITTEN = "are not the ones it sent with its close"
DIFFERS = "the stored close does not match its events"


@pytest.fixture
def desk(tmp_path: Path, central_dsn: str) -> Kiosk:
    """desk-1 with a day sent by its sync: 1002 checked in late (08:20), 1001 on time."""
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    assert kiosk("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00").exit_code == 0
    for who, hhmm in (("1002", "08:20"), ("1001", "07:55"), ("1001", "18:05"), ("1002", "18:05")):
        assert kiosk("punch", who, now=f"{DAY}T{hhmm}:00").exit_code == 0
    assert kiosk("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    return kiosk


def board_of(folder: Path) -> BoardService:
    return wire_services(folder, clock=FixedClock(datetime(2026, 12, 1, 1, tzinfo=UTC))).board


def report(kiosk: Kiosk, dsn: str) -> tuple[int, str, str]:
    done = kiosk("central", "report", "--dsn", dsn, "--month", "2026-11", "--format", "json",
                 now="2026-11-28T09:00:00")  # fmt: skip
    return done.exit_code, done.stdout, done.stderr


def agrees_with_the_plain_path(dsn: str, board: BoardService) -> int:
    """The report's figures, findings and unclosed desks are the plain path's; returns how
    many desks' parts of a date it checked from their rows."""
    with connect(dsn) as conn:
        month = month_report(conn, FIRST, LAST, board)
        records = fetch_month(conn, FIRST, LAST)
    assert [s.to_json() for s in month.summaries] == [
        s.to_json() for s in merged_summaries(records, board)
    ]
    # the plain path checks the rows alone: the rewrite of a row is a finding only here
    assert [p for p in month.problems if p.finding != "rows_rewritten"] == check_month(
        records, board
    )
    assert month.unclosed == records.unclosed
    return month.checked_desks


def test_a_synced_close_carries_its_check_and_the_report_takes_it(
    desk: Kiosk, central_dsn: str
) -> None:
    ((check, events, digest),) = rows(
        central_dsn, "SELECT desk_check, checked_events, checked_digest FROM day_closes"
    )
    stored = rows(central_dsn, "SELECT event_id, hash FROM events")
    assert check is not None and events == len(stored) > 4
    assert digest == row_digest(stored)
    assert agrees_with_the_plain_path(central_dsn, board_of(desk.data_dir)) == 0


def late_check_in(dsn: str) -> tuple[str, dict[str, object]]:
    ((event_id, body),) = rows(
        dsn,
        "SELECT event_id, body FROM events WHERE staff_id = '1002'"
        " AND body->>'action' = 'check_in'",
    )
    return event_id, body


def rewrite(dsn: str, field: str, value: str, triggers: bool = True) -> None:
    """What an editor of the database does: a body changed, its hash recomputed."""
    event_id, body = late_check_in(dsn)
    body[field] = value
    with psycopg.connect(dsn, autocommit=True) as owner:
        if not triggers:  # a superuser can switch every trigger off for a session
            owner.execute("SET session_replication_role = replica")
        owner.execute(
            "UPDATE events SET body = %s, hash = %s WHERE event_id = %s",
            (json.dumps(body), event_hash(body), event_id),
        )


def test_an_event_rewritten_with_its_hash_recomputed_is_named(
    desk: Kiosk, central_dsn: str
) -> None:
    """The attack of the brief, at a figure: 1002's 08:20 check-in made 07:58. The
    check-from-the-rows path (main's) names the close as not matching; so does this one,
    and the rewrite besides."""
    assert report(desk, central_dsn)[0] == 0  # every date checked and kept
    rewrite(central_dsn, "at", f"{DAY}T07:58:00+08:00")
    code, _, err = report(desk, central_dsn)
    assert code == 4, err
    assert DIFFERS in err
    assert REWRITTEN in err
    agrees_with_the_plain_path(central_dsn, board_of(desk.data_dir))  # the date as kept


def test_a_rewrite_that_changes_no_figure_is_named_too(desk: Kiosk, central_dsn: str) -> None:
    """A rewritten field no figure reads: checking the rows alone cannot tell (their hashes
    and chain hold); the digest sent with the close can."""
    rewrite(central_dsn, "source", "lead")
    code, _, err = report(desk, central_dsn)
    assert code == 4, err
    assert REWRITTEN in err
    assert DIFFERS not in err


def test_a_rewrite_with_the_triggers_off_is_named(desk: Kiosk, central_dsn: str) -> None:
    """A superuser's session with triggers off changes no count: the kept date and desk
    stand, but the report compares the digests of every date the desks sent a check for."""
    assert report(desk, central_dsn)[0] == 0
    with psycopg.connect(central_dsn, autocommit=True) as owner:
        owner.execute("DELETE FROM report_days")  # what a kept date would hide
    rewrite(central_dsn, "at", f"{DAY}T07:58:00+08:00", triggers=False)
    assert rows(central_dsn, "SELECT count(*) FROM desk_edits") == [(0,)]
    code, _, err = report(desk, central_dsn)
    assert code == 4, err
    assert REWRITTEN in err and DIFFERS in err


def test_a_loaded_month_checked_on_arrival_gives_the_plain_paths_figures(
    tmp_path: Path, central_dsn: str
) -> None:
    """Three desks, people checking in at one desk and out at the next, an unclosed day:
    only the unclosed desk's day is checked from its rows; after a change at one desk, that
    desk's too."""
    folder = tmp_path / "data"
    load_month(central_dsn, folder, kiosks=3, staff=24, days=5, arrive=True)
    board = board_of(folder)
    assert agrees_with_the_plain_path(central_dsn, board) == 1
    with psycopg.connect(central_dsn) as conn:
        conn.execute(
            "UPDATE events SET body = jsonb_set(body, '{at}', '\"2026-11-02T09:59:00+08:00\"') "
            "WHERE event_id = (SELECT event_id FROM events WHERE kiosk_id = 'desk-02' AND "
            "attendance_date = '2026-11-02' AND type = 'punch' ORDER BY event_id LIMIT 1)"
        )
        conn.execute("DELETE FROM report_days")
        conn.execute("DELETE FROM report_desks")
    assert agrees_with_the_plain_path(central_dsn, board) == 2


def test_closes_sent_without_a_check_are_checked_from_their_rows(
    tmp_path: Path, central_dsn: str
) -> None:
    folder = tmp_path / "data"
    load_month(central_dsn, folder, kiosks=2, staff=12, days=3)
    assert agrees_with_the_plain_path(central_dsn, board_of(folder)) == 2 * 3


def test_a_version_7_database_is_brought_up_in_place(central_dsn: str) -> None:
    """Migration 8 on a database main's kiosks filled: its closes carry no check, and a
    change made afterwards is noted by desk and date, whoever makes it."""
    with psycopg.connect(central_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        for statement in MIGRATIONS[:7]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (7)")
        conn.execute("INSERT INTO kiosks (kiosk_id) VALUES ('desk-1')")
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, type, body)"
            " VALUES ('e1', 'desk-1', '2026-11-27', 'punch', '{}')"
        )
        conn.execute(
            "INSERT INTO day_closes (kiosk_id, attendance_date, revision, closed_at, summary)"
            " VALUES ('desk-1', '2026-11-27', 1, now(), '{}')"
        )
        assert migrate(conn) == (7, LATEST)
        assert conn.execute("SELECT desk_check FROM day_closes").fetchall() == [(None,)]
        conn.execute('UPDATE events SET body = \'{"id": "e1"}\'')
        conn.execute("DELETE FROM day_closes")
        assert conn.execute("SELECT attendance_date, kiosk_id FROM desk_edits").fetchall() == [
            (date(2026, 11, 27), "desk-1")
        ]
        ((config,),) = conn.execute(
            "SELECT proconfig FROM pg_proc WHERE proname = 'note_desk_edits'"
        ).fetchall()
        assert config == ["search_path=public, pg_temp"]
        assert migrate(conn) == (LATEST, LATEST)
