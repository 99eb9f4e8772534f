"""`kiosk doctor` against a real central database: reachable or not, its schema version,
and the kiosk's clock against the server's (services/clock_watch.py)."""

from __future__ import annotations

from pathlib import Path

from kiosk.central.connection import connect
from tests.central.central_support import DEAD_DSN
from tests.cli.cli_helpers import append_config, invoke
from tests.cli.test_doctor_cli import by_check, doctor_json, failed
from tests.sync.sync_support import postgres_target

DSN_ENV = "KIOSK_TEST_DOCTOR_DSN"


def test_the_central_schema_is_checked_and_then_passes(data_dir: Path, central_dsn: str) -> None:
    append_config(data_dir, postgres_target(DSN_ENV))
    now = _server_now(central_dsn)  # the real time: the server's clock must agree with it
    code, data = doctor_json(data_dir, now=now, env={DSN_ENV: central_dsn})
    assert code == 4
    assert failed(data) == {"central_schema": "central_not_initialised"}
    assert by_check(data, "sync_target")[0]["target"] == DSN_ENV  # the variable, not the DSN
    assert central_dsn not in str(data)

    assert invoke(data_dir, "central", "init", "--dsn", central_dsn).exit_code == 0
    code, data = doctor_json(data_dir, now=now, env={DSN_ENV: central_dsn})
    assert code == 0, failed(data)
    assert by_check(data, "central_schema")[0]["status"] == "ok"


def test_a_database_down_or_unset_and_a_clock_off_the_servers(
    data_dir: Path, central_dsn: str
) -> None:
    append_config(data_dir, postgres_target(DSN_ENV))
    code, data = doctor_json(data_dir, env={DSN_ENV: DEAD_DSN})
    assert failed(data) == {"sync_target": "central_unreachable"}
    assert by_check(data, "central_schema")[0]["problem"] == "unreachable"

    code, data = doctor_json(data_dir, env={DSN_ENV: ""})
    assert failed(data) == {"sync_target": "central_dsn_unset"}

    assert invoke(data_dir, "central", "init", "--dsn", central_dsn).exit_code == 0
    # the test's fixed clock (FAKE_NOW) is days off the server's real one
    code, data = doctor_json(data_dir, env={DSN_ENV: central_dsn})
    assert code == 4 and failed(data) == {"clock": "clock_server_off"}


def _server_now(dsn: str) -> str:
    """The server's local time now, as KIOSK_FAKE_NOW takes it (the kiosk's time zone)."""
    from zoneinfo import ZoneInfo

    with connect(dsn) as conn:
        row = conn.execute("SELECT now()").fetchone()
    assert row is not None
    return row[0].astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M:%S")
