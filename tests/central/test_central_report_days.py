"""The central report keeps each checked date in the database (issue 15: the 20-kiosk month
in seconds, not minutes) and uses a kept date only while nothing of it changed.

Real PostgreSQL, real kiosks through the CLI. The changes a kept date must not survive: a
desk's correction sent later, an owner's edit of any row (tests/central/test_central_tamper
runs the report before each tamper, so each of those is also a kept date being rechecked),
another version of the local rules. A desk's login, which may not read or write the kept
dates, gets the same report, checked afresh.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

from kiosk.central.report_days import made_with, summary_from_text, summary_text
from kiosk.central.schema import MIGRATIONS
from kiosk.central.upload import event_hash
from kiosk.config import load_config
from kiosk.domain.summary import AppearanceRecord, DaySummary, PersonDay
from tests.central.central_support import Kiosk, rows
from tests.central.test_central_tamper import DAY, desk, desk_login, late_minutes, report

__all__ = ["desk"]  # the fixture, used by name


def test_a_second_report_reads_the_kept_date(desk: Kiosk, central_dsn: str) -> None:
    first = report(desk, central_dsn)
    assert first[0] == 0 and late_minutes(first[1], "1002") == 20
    ((kept, changes),) = rows(central_dsn, "SELECT attendance_date::text, changes FROM report_days")
    assert (
        kept == DAY
        and changes
        == rows(
            central_dsn, "SELECT sum(changes) FROM day_changes WHERE attendance_date = %s", DAY
        )[0][0]
    )
    assert report(desk, central_dsn) == first
    # What is read is the kept row: changed behind the report's back (only the owner can),
    # the figure follows it, which shows the date was not checked again.
    with psycopg.connect(central_dsn, autocommit=True) as owner:
        (text,) = owner.execute("SELECT summary FROM report_days").fetchone()  # type: ignore[misc]
        summary = summary_from_text(text)
        people = tuple(
            replace(p, late_minutes=7) if p.staff_id == "1002" else p for p in summary.people
        )
        kept = summary_text(replace(summary, people=people))
        owner.execute("UPDATE report_days SET summary = %s", (kept,))
    assert late_minutes(report(desk, central_dsn)[1], "1002") == 7


def test_a_correction_sent_after_the_report_is_counted(desk: Kiosk, central_dsn: str) -> None:
    assert late_minutes(report(desk, central_dsn)[1], "1002") == 20
    fixed = desk(
        "punch", "1002", "--by", "L001", "--reason", "scan missed", "--action", "check_in",
        "--at", f"{DAY}T08:05:00", "--date", DAY, now="2026-11-28T09:00:00",
    )  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr
    assert desk("sync", now="2026-11-28T09:01:00").exit_code == 0
    code, out, err = report(desk, central_dsn)
    assert code == 0, err
    assert late_minutes(out, "1002") == 5


def test_a_desk_login_reports_the_same_without_keeping(
    desk: Kiosk, central_dsn: str, tmp_path: Path
) -> None:
    desk_dsn = desk_login(tmp_path, central_dsn)
    assert report(desk, desk_dsn)[0] == 0
    assert rows(central_dsn, "SELECT count(*) FROM report_days") == [(0,)]
    assert rows(central_dsn, "SELECT count(*) FROM report_desks") == [(0,)]
    owner_report = report(desk, central_dsn)
    assert report(desk, desk_dsn) == owner_report
    for statement in (
        "SELECT * FROM report_days",
        "UPDATE report_days SET changes = 0",
        "SELECT * FROM report_desks",
        "UPDATE report_desks SET changes = 0",
        "INSERT INTO day_changes VALUES ('2026-11-27', 'desk-1', 0, 0)",
        "DELETE FROM day_changes",
    ):
        with (
            psycopg.connect(desk_dsn, autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(statement)


def test_every_change_to_a_date_is_counted(desk: Kiosk, central_dsn: str) -> None:
    """Whatever the statement, insert, update or delete, of events or closes."""

    def count() -> int:
        return int(rows(central_dsn, "SELECT COALESCE(sum(changes), 0) FROM day_changes")[0][0])

    with psycopg.connect(central_dsn, autocommit=True) as owner:
        for statement in (
            "UPDATE events SET staff_id = staff_id WHERE staff_id = '1001'",
            "DELETE FROM events WHERE staff_id = '1001'",
            "UPDATE day_closes SET summary = summary",
            "UPDATE events SET attendance_date = '2026-11-26' WHERE staff_id = '1002'",
        ):
            before = count()
            owner.execute(statement)
            assert count() > before, statement
        assert rows(central_dsn, "SELECT changes > 0 FROM day_changes WHERE attendance_date ="
                                 " '2026-11-26'") == [(True,)]  # fmt: skip
        report(desk, central_dsn)
        assert rows(central_dsn, "SELECT count(*) FROM report_desks") != [(0,)]
        owner.execute("TRUNCATE events, day_closes")
    assert rows(central_dsn, "SELECT count(*) FROM report_days") == [(0,)]
    assert rows(central_dsn, "SELECT count(*) FROM report_desks") == [(0,)]


def test_the_local_rules_are_part_of_a_kept_date(desk: Kiosk) -> None:
    """A day closed before desks kept their rule book is judged by this folder's: another
    grace period, or another time zone, is another figure."""
    config_file = desk.data_dir / "kiosk.toml"
    before = made_with(load_config(config_file))
    text = config_file.read_text("utf-8")
    assert 'timezone = "Asia/Shanghai"' in text
    config_file.write_text(text.replace('"Asia/Shanghai"', '"Asia/Tokyo"'), "utf-8")
    assert made_with(load_config(config_file)) != before


def test_a_kept_summary_reads_back_as_it_was() -> None:
    """Every field, the empty and the odd ones too (a name in markup, no times, leave)."""
    east = timezone(timedelta(hours=8))
    people = (
        PersonDay("1001", "[b]王[/b]", "shift", "override", "A", "A", "present",
                  ("late", "no_checkout"), datetime(2026, 11, 27, 8, 20, tzinfo=east), None,
                  20, 0, None, 3, None, AppearanceRecord("L001", ("badge", "shoes"), 50), 20),
        PersonDay("1002", "李娜", "leave", "default", "B", None, "leave", (), None, None,
                  0, 0, None, 0, "sick"),
        PersonDay("1003", "Zoë", "shift", "default", "C", "C", "present", (),
                  datetime(2026, 11, 27, 4, 0, tzinfo=UTC),
                  datetime(2026, 11, 27, 12, 1, tzinfo=UTC), 0, 0, 481, 0),
    )  # fmt: skip
    summary = DaySummary(date(2026, 11, 27), "central", 3,
                         datetime(2026, 11, 27, 21, 0, tzinfo=east), people,
                         {"rules": {"grace_minutes": 0}}, ("desk-1", "desk-2"))  # fmt: skip
    again = summary_from_text(summary_text(summary))
    assert again == summary and again.to_json() == summary.to_json()


def test_a_desk_cannot_hide_its_insert_from_the_count(
    desk: Kiosk, central_dsn: str, tmp_path: Path
) -> None:
    """Found by review: a temporary table named day_changes, made with the desk login, must
    not be the one the trigger counts in (its search_path puts pg_temp last)."""
    assert report(desk, central_dsn)[0] == 0  # the date is kept
    ((body,),) = rows(central_dsn, "SELECT body FROM events WHERE staff_id = '1002' LIMIT 1")
    fake = dict(body, id=str(uuid.uuid4()), at=f"{DAY}T07:58:00+08:00", corrects=body["id"])
    fake.pop("mac"), fake.pop("prev")
    with psycopg.connect(desk_login(tmp_path, central_dsn), autocommit=True) as conn:
        conn.execute(
            "CREATE TEMP TABLE day_changes (attendance_date date, kiosk_id text, backend int,"
            " changes bigint, PRIMARY KEY (attendance_date, kiosk_id, backend))"
        )
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, staff_id, type, body, hash)"
            " VALUES (%s, 'desk-1', %s, '1002', 'punch', %s, %s)",
            (fake["id"], DAY, json.dumps(fake), event_hash(fake)),
        )
        assert conn.execute("SELECT count(*) FROM pg_temp.day_changes").fetchone() == (0,)
    code, _, err = report(desk, central_dsn)
    assert code == 4 and fake["id"] in err


def test_records_from_before_the_counting_are_counted(central_dsn: str) -> None:
    """A database with records from before migration 5: each of their dates starts at 1,
    so even a TRUNCATE (which counts every date the count knows) moves them."""
    with psycopg.connect(central_dsn, autocommit=True) as conn:
        for statement in MIGRATIONS[:4]:
            conn.execute(statement)
        conn.execute("INSERT INTO kiosks (kiosk_id) VALUES ('desk-1')")
        conn.execute(
            "INSERT INTO events (event_id, kiosk_id, attendance_date, type, body)"
            " VALUES ('e1', 'desk-1', '2026-11-27', 'punch', '{}')"
        )
        conn.execute(MIGRATIONS[4])
        counted = "SELECT sum(changes) FROM day_changes WHERE attendance_date = '2026-11-27'"
        assert conn.execute(counted).fetchone() == (1,)
        conn.execute("TRUNCATE events")
        assert conn.execute(counted).fetchone() == (2,)


def test_a_date_the_database_will_not_keep_still_reports(desk: Kiosk, central_dsn: str) -> None:
    """The kept dates only save time: refused (here by a constraint, as a full disk or a
    timeout would), the report is still written, with the same figures."""
    with psycopg.connect(central_dsn, autocommit=True) as owner:
        owner.execute("ALTER TABLE report_days ADD CONSTRAINT refused CHECK (false) NOT VALID")
    code, out, err = report(desk, central_dsn)
    assert code == 0, err
    assert late_minutes(out, "1002") == 20
    assert rows(central_dsn, "SELECT count(*) FROM report_days") == [(0,)]
