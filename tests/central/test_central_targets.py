"""Two postgres targets against a real server: each keeps its own acknowledgements."""

from __future__ import annotations

from pathlib import Path

from tests.central.central_support import DEAD_DSN, rows
from tests.cli.cli_helpers import invoke
from tests.sync.sync_support import demo_with_targets, engine, postgres_target

UP, DOWN = "KIOSK_TEST_DSN_UP", "KIOSK_TEST_DSN_DOWN"


def test_a_second_database_down_does_not_mark_its_days_sent(
    tmp_path: Path, central_dsn: str
) -> None:
    data = demo_with_targets(tmp_path / "data", postgres_target(UP), postgres_target(DOWN))
    assert invoke(data, "central", "init", "--dsn", central_dsn).exit_code == 0
    eng = engine(data, env={UP: central_dsn, DOWN: DEAD_DSN})
    revision = eng.close()

    up, down = eng.sync.run().targets
    assert [(d.date.isoformat(), d.revision) for d in up.delivered] == [("2026-11-27", revision)]
    assert up.error is None and up.pending == []
    assert down.delivered == [] and down.error is not None
    assert [d.revision for d in down.pending] == [revision]  # not acknowledged for it
    assert rows(central_dsn, "SELECT kiosk_id, revision FROM day_closes") == [("desk-1", 1)]

    later = engine(data, env={UP: central_dsn, DOWN: central_dsn})  # the second is back
    up, down = later.sync.run().targets
    assert up.delivered == [] and up.pending == []  # the first is not sent it again
    assert [d.revision for d in down.delivered] == [revision]
    assert rows(central_dsn, "SELECT kiosk_id, revision FROM day_closes") == [("desk-1", 1)]
