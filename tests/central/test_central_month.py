"""A signed-off month into the real central database: one row per kiosk, month and
revision, sent once, kept when sent again, revision 2 beside revision 1; the desk role may
add rows and never change them."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from tests.central.central_support import DSN_ENV, postgres_target
from tests.month.month_support import MONTH, fix_the_items, month_kiosk, with_open_items

LATER = "2026-12-01T09:00:00"


def month_rows(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT kiosk_id, month, revision, approved_by, checksum,"
            " jsonb_array_length(accepted_open), figures->>'month'"
            " FROM month_signoffs ORDER BY revision"
        ).fetchall()


def test_each_revision_is_one_month_row_sent_once(tmp_path, central_dsn: str) -> None:
    kiosk = month_kiosk(tmp_path / "data", postgres_target(), {DSN_ENV: central_dsn})
    assert kiosk("central", "init", "--dsn", central_dsn).exit_code == 0
    leave_id = with_open_items(kiosk)

    first = kiosk.json("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open")
    rows = month_rows(central_dsn)
    assert rows == [("desk-1", MONTH, 1, "L001", first["checksum"], 3, MONTH)]

    assert kiosk("month", "reopen", "--month", MONTH, "--by", "L001", "--reason", "补录签退",
                 now=LATER).exit_code == 0  # fmt: skip
    fix_the_items(kiosk, leave_id, now=LATER)
    second = kiosk.json("month", "approve", "--month", MONTH, "--by", "L001", now=LATER)
    assert second["revision"] == 2
    assert kiosk("sync", now=LATER).exit_code == 0
    assert kiosk("sync", now=LATER).exit_code == 0
    rows = month_rows(central_dsn)
    assert [r[2] for r in rows] == [1, 2]
    assert rows[1] == ("desk-1", MONTH, 2, "L001", second["checksum"], 0, MONTH)


def test_the_desk_role_cannot_change_a_month_row(tmp_path, central_dsn: str) -> None:
    env = {"KIOSK_DESK_PASSWORD": "desk-pass"}
    kiosk = month_kiosk(tmp_path / "data", postgres_target(), {DSN_ENV: central_dsn, **env})
    assert kiosk("central", "init", "--dsn", central_dsn, "--desk-login", "desk_m2").exit_code == 0
    with_open_items(kiosk)
    kiosk.env[DSN_ENV] = make_conninfo(central_dsn, user="desk_m2", password="desk-pass")
    assert (
        kiosk("month", "approve", "--month", MONTH, "--by", "L001", "--accept-open").exit_code == 0
    )
    with (
        psycopg.connect(kiosk.env[DSN_ENV]) as desk,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        desk.execute("UPDATE month_signoffs SET approved_by = 'X'")
    assert month_rows(central_dsn)[0][3] == "L001"
