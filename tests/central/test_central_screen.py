"""The kiosk screen with a central database: a punch never waits on it, and the status line
says when the desks are not sharing punches."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from screens.home import HomeScreen
from screens.result import ResultScreen
from tests.central.central_support import DEAD_DSN, DSN_ENV, postgres_target, rows
from tests.ui.kiosk_ui import SIZE, make_harness, scan, settle

DOWN = "中央数据库暂时连不上"


async def status_after_a_scan(tmp_path: Path, dsn: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(DSN_ENV, dsn)
    harness = make_harness(tmp_path / "data", extra_config=postgres_target())
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        assert isinstance(pilot.app.screen, ResultScreen)  # recorded, database or not
        pilot.app.go_home()  # type: ignore[attr-defined]
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        home.read_status()
        await settle(pilot)
        text = str(home.query_one("#status", Static).render())
    assert [e["staff_id"] for e in harness.day_events()] == ["1001"]
    return text


async def test_the_status_line_says_when_the_database_is_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert DOWN in await status_after_a_scan(tmp_path, DEAD_DSN, monkeypatch)


async def test_a_reachable_database_gets_the_punch_at_once_and_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, central_dsn: str
) -> None:
    from kiosk.central.connection import connect
    from kiosk.central.schema import migrate

    with connect(central_dsn) as conn:
        migrate(conn)
    assert DOWN not in await status_after_a_scan(tmp_path, central_dsn, monkeypatch)
    assert rows(central_dsn, "SELECT staff_id, kiosk_id FROM events") == [("1001", "desk-1")]


async def test_the_status_line_names_a_kiosk_id_taken_by_another_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, central_dsn: str
) -> None:
    from kiosk.central.connection import connect
    from kiosk.central.schema import migrate

    with connect(central_dsn) as conn:
        migrate(conn)
        conn.execute("INSERT INTO kiosks (kiosk_id, install_id) VALUES ('desk-1', 'another')")
    text = await status_after_a_scan(tmp_path, central_dsn, monkeypatch)
    assert "已有另一台考勤机使用编号 desk-1" in text
    assert DOWN not in text
    assert rows(central_dsn, "SELECT count(*) FROM events") == [(0,)]
