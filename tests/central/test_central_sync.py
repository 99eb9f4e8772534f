"""Two kiosks, each with its own data folder, syncing into one real PostgreSQL database."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from kiosk.central.connection import connect
from kiosk.central.schema import LATEST, MIGRATIONS, migrate
from kiosk.central.upload import upload_day
from kiosk.store.site import Store
from tests.central.central_support import DEAD_DSN, Kiosk, make_kiosk, rows
from tests.cli.cli_helpers import day_events

DAY = "2026-11-27"
DESK_2_STAFF = "2001,周芳,A,sun,0,2001\n2002,吴倩,A,sun,0,2002\n2003,郑丹,C,sun,0,2003\n"


@pytest.fixture
def desks(tmp_path: Path, central_dsn: str) -> tuple[Kiosk, Kiosk]:
    desk_1 = make_kiosk(tmp_path, "desk-1", central_dsn)
    desk_2 = make_kiosk(tmp_path, "desk-2", central_dsn, DESK_2_STAFF)
    assert desk_1("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00").exit_code == 0
    return desk_1, desk_2


def a_day_at(kiosk: Kiosk, day: str, staff: list[str]) -> None:
    """Everyone in `staff` checks in at 07:55 and out at 18:05; the day is closed at 21:00
    (which sends it)."""
    for sid in staff:
        assert kiosk("punch", sid, now=f"{day}T07:55:00").exit_code == 0
    for sid in staff:
        assert kiosk("punch", sid, now=f"{day}T18:05:00").exit_code == 0
    closed = kiosk("day", "close", "--date", day, now=f"{day}T21:00:00")
    assert closed.exit_code == 0, closed.stderr


def test_init_creates_the_schema_once(central_dsn: str, tmp_path: Path) -> None:
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    first = kiosk("central", "init", "--dsn", central_dsn, "--json", now=f"{DAY}T06:00:00")
    again = kiosk("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00")
    assert first.exit_code == again.exit_code == 0
    assert first.json()["version_before"] == 0 and first.json()["version"] == LATEST
    assert "up to date" in again.stdout
    tables = {r[0] for r in rows(central_dsn, "SELECT tablename FROM pg_tables")}
    assert {"kiosks", "events", "day_closes", "schema_version"} <= tables
    assert rows(central_dsn, "SELECT version FROM schema_version") == [(LATEST,)]


def test_init_against_no_server_is_one_sentence_and_exit_4(tmp_path: Path) -> None:
    kiosk = make_kiosk(tmp_path, "desk-1", DEAD_DSN)
    result = kiosk("central", "init", "--dsn", DEAD_DSN, now=f"{DAY}T06:00:00", lang="zh")
    assert result.exit_code == 4
    assert result.stderr.startswith("无法连接中央数据库 postgresql://127.0.0.1:1/nowhere")
    assert "Traceback" not in result.stderr and "kiosk@" not in result.stderr


def test_two_kiosks_close_into_one_database(desks: tuple[Kiosk, Kiosk], central_dsn: str) -> None:
    desk_1, desk_2 = desks
    a_day_at(desk_1, DAY, ["1001", "1002"])
    a_day_at(desk_2, DAY, ["2001", "2002"])

    closes = rows(
        central_dsn, "SELECT kiosk_id, attendance_date::text, revision FROM day_closes ORDER BY 1"
    )
    assert closes == [("desk-1", DAY, 1), ("desk-2", DAY, 1)]
    # Every event travels, the close's own event too (its place in the chain is checked).
    local = {e["id"] for k in desks for e in day_events(k.data_dir)}
    central = {r[0] for r in rows(central_dsn, "SELECT event_id FROM events")}
    assert central == local and len(local) == 10
    by_kiosk = rows(
        central_dsn,
        "SELECT kiosk_id, count(*) FROM events WHERE type <> 'day_closed' GROUP BY 1 ORDER BY 1",
    )
    assert by_kiosk == [("desk-1", 4), ("desk-2", 4)]
    summary = rows(central_dsn, "SELECT summary FROM day_closes WHERE kiosk_id = 'desk-2'")[0][0]
    assert [p["staff_id"] for p in summary["people"]] == ["2001", "2002", "2003"]

    # Syncing again sends nothing twice.
    assert desk_1("sync", now=f"{DAY}T22:00:00").exit_code == 0
    assert rows(central_dsn, "SELECT count(*) FROM events") == [(10,)]


def test_a_correction_after_the_close_arrives_as_revision_2(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, _ = desks
    a_day_at(desk_1, DAY, ["1001"])
    fixed = desk_1(
        "punch", "1001", "--by", "L001", "--reason", "forgot to scan", "--action", "check_out",
        "--at", f"{DAY}T18:30:00", "--date", DAY, now="2026-11-28T09:00:00",
    )  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr

    kept = rows(
        central_dsn,
        "SELECT revision, summary FROM day_closes WHERE kiosk_id = 'desk-1' ORDER BY 1",
    )
    assert [revision for revision, _ in kept] == [1, 2]  # every revision kept, none rewritten
    summary = kept[-1][1]
    person = next(p for p in summary["people"] if p["staff_id"] == "1001")
    assert person["check_out"] == f"{DAY}T18:30:00+08:00"
    punches = rows(
        central_dsn,
        "SELECT body->>'action', body->>'by' FROM events "
        "WHERE staff_id = '1001' AND type = 'punch' ORDER BY 2",
    )
    assert sorted(punches, key=str) == sorted(
        [("check_in", None), ("check_out", None), ("check_out", "L001")], key=str
    )  # the original check-out is kept beside the correction


def test_a_kiosk_offline_for_two_days_catches_up(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, desk_2 = desks
    desk_2.dsn = DEAD_DSN  # the network to the database is down for two days
    for day in ("2026-11-25", "2026-11-26"):
        a_day_at(desk_2, day, ["2001"])
        a_day_at(desk_1, day, ["1001"])
    pending = desk_2("sync", "--json", now="2026-11-26T22:00:00")
    assert pending.exit_code == 4
    (target,) = pending.json()["targets"]
    assert [d["date"] for d in target["pending"]] == ["2026-11-25", "2026-11-26"]
    assert target["error"]["code"] == "central_unreachable"
    assert rows(central_dsn, "SELECT DISTINCT kiosk_id FROM day_closes") == [("desk-1",)]

    desk_2.dsn = central_dsn  # back on the network
    a_day_at(desk_2, DAY, ["2001"])  # today's close sends the two missed days too
    closes = rows(
        central_dsn,
        "SELECT attendance_date::text FROM day_closes WHERE kiosk_id = 'desk-2' ORDER BY 1",
    )
    assert closes == [("2026-11-25",), ("2026-11-26",), (DAY,)]
    assert desk_2("sync", "--json", now=f"{DAY}T22:00:00").exit_code == 0


def test_sync_to_a_database_without_the_schema_says_run_init(
    tmp_path: Path, central_dsn: str
) -> None:
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    a_day_at(kiosk, DAY, ["1001"])  # the close itself succeeds; only the sync is pending
    result = kiosk("sync", "--json", now=f"{DAY}T22:00:00")
    assert result.exit_code == 4
    assert result.json()["targets"][0]["error"]["code"] == "central_not_initialised"


def test_upload_is_idempotent_and_never_goes_back_a_revision(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    desk_1, _ = desks
    a_day_at(desk_1, DAY, ["1001"])
    events = [e for e in day_events(desk_1.data_dir)]
    closes = [e for e in events if e["type"] == "day_closed"]
    newer = dict(closes[-1]["summary"], revision=5)
    same_revision_other_text = dict(newer, closed_at="2026-11-27T23:59:00+08:00")
    install = Store(desk_1.data_dir).install_id()
    with connect(central_dsn) as conn:
        assert migrate(conn) == (LATEST, LATEST)
        head = closes[-1]["prev"]
        upload_day(conn, newer, events, install, head)
        upload_day(conn, closes[-1]["summary"], events, install, head)  # revision 1, late
        upload_day(conn, same_revision_other_text, events, install, head)  # r5 stays as sent
        upload_day(conn, newer, events, install, head)
    # Every revision is kept (insert-only); the newest is the one reports read.
    assert rows(
        central_dsn, "SELECT revision, closed_at::text FROM day_closes ORDER BY revision"
    ) == [(1, "2026-11-27 13:00:00+00"), (5, "2026-11-27 13:00:00+00")]
    assert rows(central_dsn, "SELECT count(*) FROM events") == [(len(events),)]


def test_a_database_that_hangs_does_not_hold_the_punch(
    desks: tuple[Kiosk, Kiosk], central_dsn: str
) -> None:
    """Reachable but stuck (a lock held elsewhere): the punch is decided and recorded on
    this kiosk's records after the live timeout, and reaches the database with the close."""
    desk_1, _ = desks
    with psycopg.connect(central_dsn) as blocker:
        blocker.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")  # held until the end
        started = time.monotonic()
        punched = desk_1("punch", "1001", "--json", now=f"{DAY}T07:55:00")
        waited = time.monotonic() - started
    assert punched.exit_code == 0, punched.stderr
    assert waited < 10  # behaviour, not speed: it did not wait for the lock to go
    assert punched.stderr == ""  # no warning noise on the command line
    assert rows(central_dsn, "SELECT count(*) FROM events") == [(0,)]
    assert desk_1("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    assert rows(central_dsn, "SELECT count(*) FROM events WHERE type = 'punch'") == [(1,)]


def test_a_malformed_dsn_never_shows_its_password(tmp_path: Path) -> None:
    secret = "pa%zzss-secret"
    dsn = f"postgresql://kiosk:{secret}@127.0.0.1:1/attendance"
    kiosk = make_kiosk(tmp_path, "desk-1", dsn)
    punched = kiosk("punch", "1001", now=f"{DAY}T07:55:00")
    closed = kiosk("day", "close", "--date", DAY, now=f"{DAY}T21:00:00")
    synced = kiosk("sync", "--json", now=f"{DAY}T22:00:00")
    init = kiosk("central", "init", "--dsn", dsn, now=f"{DAY}T22:00:00", lang="zh")
    assert punched.exit_code == closed.exit_code == 0
    assert synced.exit_code == init.exit_code == 4
    assert synced.json()["targets"][0]["error"]["code"] == "central_dsn_invalid"
    assert init.stderr.startswith("中央数据库的连接地址格式不对")
    said = [r.stdout + r.stderr for r in (punched, closed, synced, init)]
    files = [p.read_text("utf-8", "ignore") for p in kiosk.data_dir.rglob("*") if p.is_file()]
    assert not [text for text in said + files if "zzss" in text or "secret" in text]


def test_two_kiosks_left_with_the_same_id_are_told_not_merged(
    tmp_path: Path, central_dsn: str
) -> None:
    first = make_kiosk(tmp_path / "a", "desk-1", central_dsn)
    # Another installation (its own `kiosk init`, so its own site key) left with the same id.
    copy = make_kiosk(tmp_path / "b", "desk-1", central_dsn, "1002,李娜,A,tue,0,1002\n")
    assert first("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00").exit_code == 0
    a_day_at(first, DAY, ["1001"])
    a_day_at(copy, DAY, ["1002"])
    refused = copy("sync", "--json", now=f"{DAY}T22:00:00")
    assert refused.exit_code == 4
    error = refused.json()["targets"][0]["error"]
    assert error["code"] == "central_kiosk_id_taken"
    assert "desk-1" in error["message"]
    summary = rows(central_dsn, "SELECT summary FROM day_closes")
    assert len(summary) == 1
    people = {p["staff_id"]: p["status"] for p in summary[0][0]["people"]}
    assert people["1001"] == "present"  # the first desk's day, as it closed it
    staff_ids = {r[0] for r in rows(central_dsn, "SELECT staff_id FROM events") if r[0]}
    assert staff_ids == {"1001"}  # nothing of the copy's went in, live or at the close


def test_the_sites_own_dsn_options_are_kept_beside_the_timeouts(central_dsn: str) -> None:
    with psycopg.connect(central_dsn, autocommit=True) as admin:
        admin.execute("CREATE SCHEMA attendance")
    dsn = make_conninfo(central_dsn, options="-c search_path=attendance")
    with connect(dsn) as conn:
        assert migrate(conn) == (0, LATEST)
        assert conn.execute("SHOW search_path").fetchone() == ("attendance",)
        assert conn.execute("SHOW statement_timeout").fetchone() == ("5s",)
    tables = rows(central_dsn, "SELECT schemaname FROM pg_tables WHERE tablename = 'events'")
    assert tables == [("attendance",)]


def test_a_database_at_an_older_schema_asks_for_init_then_takes_the_days(
    tmp_path: Path, central_dsn: str
) -> None:
    with psycopg.connect(central_dsn, autocommit=True) as conn:  # as the first release left it
        conn.execute(MIGRATIONS[0])
        conn.execute("CREATE TABLE schema_version (version integer NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (1)")
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    a_day_at(kiosk, DAY, ["1001"])
    old = kiosk("sync", "--json", now=f"{DAY}T22:00:00")
    assert old.exit_code == 4
    assert old.json()["targets"][0]["error"]["code"] == "central_schema_old"
    upgraded = kiosk("central", "init", "--dsn", central_dsn, "--json", now=f"{DAY}T22:00:00")
    assert (upgraded.json()["version_before"], upgraded.json()["version"]) == (1, LATEST)
    assert kiosk("sync", now=f"{DAY}T22:01:00").exit_code == 0
    assert rows(central_dsn, "SELECT kiosk_id, revision FROM day_closes") == [("desk-1", 1)]
