"""Tampering seen from the central database (issue 12, finding 5), on real PostgreSQL.

- A kiosk whose day was changed and re-signed with the key (so its own `verify` passes)
  sends the changed event again under its UUID: refused, kept as a conflict, named.
- Rows changed, deleted or slipped in directly in the database, and a close edited there:
  the central report names each one and exits 4.
- The kiosks' own role may add records but never change or delete them.
"""

from __future__ import annotations

import json
import secrets
import shutil
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.conninfo import make_conninfo

from kiosk.central.upload import event_hash
from kiosk.cli import cli
from kiosk.domain.chain import seal
from kiosk.store.site import Store
from tests.central.central_support import Kiosk, make_kiosk, rows
from tests.day_files import read_day_file, write_day_file

DAY = "2026-11-27"


@pytest.fixture
def desk(tmp_path: Path, central_dsn: str) -> Kiosk:
    """desk-1 with a day sent: 1002 checked in late (08:20), 1001 on time, closed at 21:00."""
    kiosk = make_kiosk(tmp_path, "desk-1", central_dsn)
    assert kiosk("central", "init", "--dsn", central_dsn, now=f"{DAY}T06:00:00").exit_code == 0
    for who, hhmm in (("1002", "08:20"), ("1001", "07:55"), ("1001", "18:05"), ("1002", "18:05")):
        assert kiosk("punch", who, now=f"{DAY}T{hhmm}:00").exit_code == 0
    assert kiosk("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    assert rows(central_dsn, "SELECT count(*) FROM day_closes") == [(1,)]
    return kiosk


def report(kiosk: Kiosk, dsn: str) -> tuple[int, str, str]:
    done = kiosk("central", "report", "--dsn", dsn, "--month", "2026-11", "--format", "json",
                 now="2026-11-28T09:00:00")  # fmt: skip
    return done.exit_code, done.stdout, done.stderr


def day_file(kiosk: Kiosk) -> Path:
    return kiosk.data_dir / "days" / "2026-11" / f"{DAY}.json"


def late_check_in_id(dsn: str) -> str:
    ((event_id,),) = rows(
        dsn,
        "SELECT event_id FROM events WHERE staff_id = '1002' AND body->>'action' = 'check_in'",
    )
    return event_id


def resealed(events: list[dict[str, Any]], key: bytes) -> dict[str, Any]:
    for place, event in enumerate(events):
        seal(event, events[place - 1] if place else None, key)
    return {str(i + 1): e for i, e in enumerate(events)}


def forge_with_the_key(kiosk: Kiosk, tmp_path: Path) -> None:
    """What an attacker holding the site key does: moves 1002's 08:20 check-in to 07:58,
    has a copy of the kiosk compute the close that gives, puts those figures into the
    stored close and re-signs the chain. The kiosk itself can no longer tell."""
    path = day_file(kiosk)
    events = read_day_file(path)
    key = Store(kiosk.data_dir).record_key()
    for event in events:
        if event.get("staff_id") == "1002" and event.get("action") == "check_in":
            event["at"] = f"{DAY}T07:58:00+08:00"
    copy = Kiosk(tmp_path / "copy", "")
    shutil.copytree(kiosk.data_dir, copy.data_dir)
    unclosed = [dict(e) for e in events if e["type"] != "day_closed"]
    write_day_file(day_file(copy), list(resealed(unclosed, key).values()))
    assert copy("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    forged = next(e for e in read_day_file(day_file(copy)) if e["type"] == "day_closed")
    for event in events:
        if event["type"] == "day_closed":
            event["summary"]["people"] = forged["summary"]["people"]
    write_day_file(path, list(resealed(events, key).values()))


def test_a_changed_event_resent_under_its_uuid_is_refused_and_recorded(
    desk: Kiosk, central_dsn: str, tmp_path: Path
) -> None:
    """The kiosk's own checks pass (the key was used), but the database still holds the
    event as first sent: the changed copy is refused, recorded, and the day stays pending."""
    forge_with_the_key(desk, tmp_path)
    assert desk("verify", now="2026-11-28T09:00:00").exit_code == 0
    fixed = desk(
        "punch",
        "1001",
        "--by",
        "L001",
        "--reason",
        "scan missed",
        "--action",
        "check_out",
        "--at",
        f"{DAY}T18:30:00",
        "--date",
        DAY,
        now="2026-11-28T09:00:00",
    )  # fmt: skip  (a real change: the day closes again, revision 2, and is sent)
    assert fixed.exit_code == 0, fixed.stderr
    sent = desk("sync", "--json", now="2026-11-28T09:01:00")
    assert sent.exit_code == 4
    (target,) = sent.json()["targets"]
    assert target["error"]["code"] == "central_event_conflict"
    assert [d["date"] for d in target["pending"]] == [DAY]  # kept, never marked delivered

    event_id = late_check_in_id(central_dsn)
    assert rows(central_dsn, "SELECT body->>'at' FROM events WHERE event_id = %s", event_id) == [
        (f"{DAY}T08:20:00+08:00",)
    ]  # the database kept what was sent first
    conflicts = rows(central_dsn, "SELECT event_id, offered->>'at' FROM event_conflicts")
    assert (event_id, f"{DAY}T07:58:00+08:00") in conflicts
    # re-signing gave every later event a new `prev`: each is refused as changed too
    assert len(conflicts) == len(rows(central_dsn, "SELECT 1 FROM events"))
    assert rows(central_dsn, "SELECT max(revision) FROM day_closes") == [(1,)]
    code, out, err = report(desk, central_dsn)
    assert code == 4 and json.loads(out)  # the report is still written, from the events
    assert f"event {event_id} was sent again with different content" in err


def owner_edits_the_body(conn: psycopg.Connection, dsn: str) -> str:
    event_id = late_check_in_id(dsn)
    conn.execute(
        "UPDATE events SET body = jsonb_set(body, '{at}', %s) WHERE event_id = %s",
        (json.dumps(f"{DAY}T07:58:00+08:00"), event_id),
    )
    return f"event {event_id} in the central database no longer matches"


def owner_deletes_an_event(conn: psycopg.Connection, dsn: str) -> str:
    event_id = late_check_in_id(dsn)
    conn.execute("DELETE FROM events WHERE event_id = %s", (event_id,))
    return "is missing from the central database"


def owner_slips_one_in(conn: psycopg.Connection, dsn: str) -> str:
    ((body,),) = conn.execute(
        "SELECT body FROM events WHERE event_id = %s", (late_check_in_id(dsn),)
    ).fetchall()
    fake = dict(body, id=str(uuid.uuid4()), staff_id="1008", at=f"{DAY}T07:50:00+08:00")
    conn.execute(
        "INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body) "
        "VALUES (%s, 'desk-1', %s, '1008', 'punch', %s)",
        (fake["id"], DAY, json.dumps(fake)),
    )
    return f"event {fake['id']} shares its place in the chain"


def owner_edits_the_close(conn: psycopg.Connection, dsn: str) -> str:
    ((summary,),) = conn.execute("SELECT summary FROM day_closes").fetchall()
    person = next(p for p in summary["people"] if p["staff_id"] == "1002")
    person["late_minutes"], person["flags"] = 0, []
    conn.execute("UPDATE day_closes SET summary = %s", (json.dumps(summary),))
    return "the stored close does not match its events"


@pytest.mark.parametrize(
    "tamper",
    [owner_edits_the_body, owner_deletes_an_event, owner_slips_one_in, owner_edits_the_close],
    ids=lambda f: f.__name__,
)
def test_rows_changed_in_the_database_are_named_by_the_report(
    desk: Kiosk, central_dsn: str, tamper: object
) -> None:
    assert report(desk, central_dsn)[0] == 0
    with psycopg.connect(central_dsn, autocommit=True) as owner:
        sentence = tamper(owner, central_dsn)  # type: ignore[operator]
    code, _, err = report(desk, central_dsn)
    assert code == 4, err
    assert sentence in err
    assert "look at each problem before paying" in err


def test_the_kiosks_role_adds_records_but_cannot_change_or_delete_them(
    tmp_path: Path, central_dsn: str
) -> None:
    login, password = f"desk_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    made = CliRunner().invoke(
        cli,
        ["--lang", "en", "--data-dir", str(tmp_path / "x"), "central", "init", "--json",
         "--dsn", central_dsn, "--desk-login", login],
        env={"KIOSK_DESK_PASSWORD": password},
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["desk_login"] == login
    desk_dsn = make_conninfo(central_dsn, user=login, password=password)

    kiosk = make_kiosk(tmp_path, "desk-1", desk_dsn)  # the kiosk logs in with the desk role
    assert kiosk("punch", "1001", now=f"{DAY}T07:55:00").exit_code == 0
    assert kiosk("day", "close", "--date", DAY, now=f"{DAY}T21:00:00").exit_code == 0
    assert kiosk("sync", now=f"{DAY}T21:05:00").exit_code == 0
    assert rows(central_dsn, "SELECT count(*) FROM day_closes") == [(1,)]

    for statement in (
        "UPDATE events SET body = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
        "UPDATE day_closes SET summary = '{}'",
        "DELETE FROM day_closes",
        "DELETE FROM event_conflicts",
    ):
        with (
            psycopg.connect(desk_dsn, autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(statement)
    assert rows(central_dsn, "SELECT count(*) FROM events WHERE type = 'punch'") == [(1,)]

    again = CliRunner().invoke(
        cli,
        ["--lang", "en", "--data-dir", str(tmp_path / "x"), "central", "init",
         "--dsn", central_dsn, "--desk-login", login],
        env={"KIOSK_DESK_PASSWORD": ""},
    )  # fmt: skip
    assert again.exit_code == 2 and "KIOSK_DESK_PASSWORD" in again.stderr


def desk_login(tmp_path: Path, central_dsn: str) -> str:
    login, password = f"desk_{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    made = CliRunner().invoke(
        cli,
        ["--data-dir", str(tmp_path / "x"), "central", "init", "--dsn", central_dsn,
         "--desk-login", login],
        env={"KIOSK_DESK_PASSWORD": password},
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    return make_conninfo(central_dsn, user=login, password=password)


def late_minutes(out: str, staff_id: str) -> int:
    month = json.loads(out)
    lines = [p for day in month["days"] for p in day["people"] if p["staff_id"] == staff_id]
    return sum(int(p["late_minutes"]) for p in lines)


@pytest.mark.parametrize("signed", ["unsigned", "hung_after_the_newest"])
def test_an_event_slipped_in_with_the_desks_login_changes_no_figure(
    desk: Kiosk, central_dsn: str, tmp_path: Path, signed: str
) -> None:
    """Found by review: with only the insert-only login every kiosk holds, a correction
    "checked in 07:58" added for 1002 must neither pass unnoticed nor make her on time."""
    code, out, _ = report(desk, central_dsn)
    assert code == 0 and late_minutes(out, "1002") == 20
    ((body,),) = rows(
        central_dsn, "SELECT body FROM events WHERE event_id = %s", late_check_in_id(central_dsn)
    )
    fake = dict(body, id=str(uuid.uuid4()), at=f"{DAY}T07:58:00+08:00", corrects=body["id"],
                by="L001", reason="scan missed", recorded_at=f"{DAY}T09:00:00+08:00")  # fmt: skip
    if signed == "unsigned":
        fake.pop("mac"), fake.pop("prev")
    else:
        bodies = [r[0] for r in rows(central_dsn, "SELECT body FROM events")]
        followed = {e.get("prev") for e in bodies}
        (newest,) = [e for e in bodies if e["mac"] not in followed]
        fake["prev"], fake["mac"] = newest["mac"], secrets.token_hex(32)
    with psycopg.connect(desk_login(tmp_path, central_dsn), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body, hash)"
            " VALUES (%s, 'desk-1', %s, '1002', 'punch', %s, %s)",
            (fake["id"], DAY, json.dumps(fake), event_hash(fake)),
        )
    code, out, err = report(desk, central_dsn)
    assert code == 4 and fake["id"] in err
    assert late_minutes(out, "1002") == 20  # the figure HR gets is the desk's
