"""The central report reads every figure as the desk does (issue 11's agreement, its last
face): Hypothesis plays two days at a desk that feeds a real PostgreSQL database (punches on
shift, rest and leave days, corrections, checks, roster changes, a kiosk.toml edit between
the days); the central report's people equal the desk's own month export, figure by figure.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, given, settings
from psycopg.conninfo import make_conninfo

from tests.central.central_support import make_kiosk
from tests.close.test_agreement import DAY, Step, config_edits, run_day, steps


class Desk:
    """central_support's kiosk, answering as test_agreement's desk does."""

    def __init__(self, kiosk) -> None:  # type: ignore[no-untyped-def]
        self.kiosk = kiosk
        self.data = kiosk.data_dir

    def __call__(self, *args: str, now: str) -> tuple[int, str]:
        result = self.kiosk(*args, now=now)
        return result.exit_code, result.stdout


def people_by_day(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f"{d['date']} {p['staff_id']}": p for d in report["days"] for p in d["people"]}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=steps, second=steps, edit=config_edits)
def test_the_central_report_agrees_with_the_desk(
    pg_server: str,
    tmp_path_factory,  # type: ignore[no-untyped-def]
    first: list[Step],
    second: list[Step],
    edit: tuple[str, str] | None,
) -> None:
    name = f"kiosk_agree_{secrets.token_hex(4)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = make_conninfo(pg_server, dbname=name)
    try:
        kiosk = make_kiosk(tmp_path_factory.mktemp("central"), "desk-1", dsn)
        assert kiosk("central", "init", "--dsn", dsn, now="2026-11-20T06:00:00").exit_code == 0
        desk = Desk(kiosk)
        run_day(desk, DAY, first)
        assert desk("day", "close", "--date", DAY.isoformat(), now=f"{DAY}T23:30")[0] == 0
        if edit is not None:
            config: Path = kiosk.data_dir / "kiosk.toml"
            text = config.read_text("utf-8")
            if edit[0] in text:
                config.write_text(text.replace(edit[0], edit[1], 1), "utf-8")
        nxt = DAY + timedelta(days=1)
        run_day(desk, nxt, second)
        assert desk("day", "close", "--date", nxt.isoformat(), now=f"{nxt}T23:30")[0] == 0
        when = f"{nxt}T23:50"
        code, local = desk("export", "--month", "2026-11", "--format", "json", now=when)
        assert code == 0
        args = ("central", "report", "--month", "2026-11", "--dsn", dsn, "--format", "json")
        code, central = desk(*args, now=when)
        assert code == 0, central
        assert people_by_day(json.loads(central)) == people_by_day(json.loads(local))
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
