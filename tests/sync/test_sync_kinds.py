"""The sync kinds' registry: ledger keys per target, an old ledger's postgres entry, and a
kind with no builder. Real data folders and real ledgers; no database is reached (the DSNs
point at a closed port or are not set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import sync_builders
from kiosk.i18n import Translator, describe_error
from kiosk.services.sync_targets import LOCAL_BUILDERS
from kiosk.sync_kinds import LEGACY_POSTGRES_KEY, SYNC_KINDS, OptionProblem, SyncKind
from tests.cli.cli_helpers import TODAY
from tests.sync.sync_support import (
    NOW,
    TOKEN,
    TOKEN_ENV,
    demo_with_targets,
    engine,
    folder_target,
    postgres_target,
)

DSN_A, DSN_B = "KIOSK_TEST_DSN_A", "KIOSK_TEST_DSN_B"
SECRET = "hunter2-secret"
DEAD_DSN = f"postgresql://kiosk:{SECRET}@127.0.0.1:1/nowhere?connect_timeout=1"


def ledger(data: Path) -> dict[str, Any]:
    return json.loads((data / "sync.json").read_text("utf-8"))


def ledger_keys(data: Path, table: str) -> list[str]:
    return sorted({row["target"] for row in ledger(data).get(table, {}).values()})


def test_every_registered_kind_has_a_builder_in_the_composition_root() -> None:
    assert set(sync_builders()) == set(SYNC_KINDS)


def test_folder_and_http_keep_the_keys_existing_ledgers_use(tmp_path: Path) -> None:
    url = "http://127.0.0.1:1/attendance"
    http = f'\n[[sync.targets]]\nkind = "http"\nurl = "{url}"\ntoken_env = "{TOKEN_ENV}"\n'
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"), http)
    eng = engine(data, env={TOKEN_ENV: TOKEN})
    assert [key for key, _ in eng.sync.targets] == ["folder:exports/outbox", f"http:{url}"]


def test_two_postgres_targets_get_two_ledger_entries(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", postgres_target(DSN_A), postgres_target(DSN_B))
    eng = engine(data, env={DSN_A: DEAD_DSN})  # A points at a closed port, B is not set
    eng.close()
    a, b = eng.sync.run().targets

    keys = [f"postgres:{DSN_A}", f"postgres:{DSN_B}"]
    assert [key for key, _ in eng.sync.targets] == keys
    assert ledger_keys(data, "targets") == keys  # each failure is kept on its own target
    outbox = eng.services.store.outbox
    assert [outbox.pending(key) for key in keys] == [[(TODAY, 1)], [(TODAY, 1)]]
    assert a.error is not None and a.error.code != "central_dsn_unset"  # A was tried
    assert b.error is not None and b.error.code == "central_dsn_unset"
    assert DSN_B in describe_error(b.error, Translator("en"))
    assert [outbox.state(key)["error"]["code"] for key in keys] == [a.error.code, b.error.code]
    assert SECRET not in (data / "sync.json").read_text("utf-8")  # never the DSN itself


def test_the_only_postgres_target_inherits_an_old_postgres_none_entry(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", postgres_target(DSN_A))
    eng = engine(data, env={DSN_A: DEAD_DSN})
    revision = eng.close()
    outbox = eng.services.store.outbox  # what a kiosk before per-target keys recorded
    outbox.acknowledge(LEGACY_POSTGRES_KEY, TODAY, revision, NOW)

    eng.sync.status()  # the lead's screen already shows the target's own history
    key = f"postgres:{DSN_A}"
    assert outbox.pending(key) == []  # acknowledged already: nothing is sent twice
    assert outbox.state(key)["last_success"] == NOW.isoformat()
    assert ledger_keys(data, "acks") == ledger_keys(data, "targets") == [key]

    [target] = eng.sync.run().targets  # nothing to send, so the dead server is never asked
    assert target.delivered == [] and target.pending == [] and target.error is None
    assert eng.close() == revision  # closing again changes nothing
    assert eng.sync.run().pending == 0


def test_an_old_postgres_none_entry_is_inherited_by_a_run_as_well(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("out"), postgres_target(DSN_A))
    eng = engine(data, env={DSN_A: DEAD_DSN})
    revision = eng.close()
    eng.services.store.outbox.acknowledge(LEGACY_POSTGRES_KEY, TODAY, revision, NOW)

    folder, postgres = eng.sync.run().targets
    assert [d.revision for d in folder.delivered] == [revision]
    assert postgres.pending == [] and postgres.error is None  # it had the day already
    assert LEGACY_POSTGRES_KEY not in ledger_keys(data, "acks")


def test_with_two_postgres_targets_the_old_entry_is_left_alone(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", postgres_target(DSN_A), postgres_target(DSN_B))
    eng = engine(data, env={})
    revision = eng.close()
    outbox = eng.services.store.outbox
    outbox.acknowledge(LEGACY_POSTGRES_KEY, TODAY, revision, NOW)

    report = eng.sync.run()
    assert [len(t.pending) for t in report.targets] == [1, 1]  # which had it cannot be told
    assert outbox.acknowledged(LEGACY_POSTGRES_KEY) == {TODAY: revision}


def test_a_kind_without_a_builder_is_a_per_target_error(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", postgres_target(DSN_A), folder_target("out"))
    eng = engine(data, env={DSN_A: DEAD_DSN}, builders=LOCAL_BUILDERS)
    eng.close()
    postgres, folder = eng.sync.run().targets

    assert folder.error is None and folder.pending == []  # the others still work
    assert (postgres.kind, postgres.target) == ("postgres", DSN_A)
    assert postgres.error is not None and postgres.error.code == "sync_target_invalid"
    message = describe_error(postgres.error, Translator("en"))
    assert message == (
        f"Sync target {DSN_A} in kiosk.toml cannot be used: "
        "this kiosk cannot send to postgres targets (a wiring mistake)."
    )
    assert [d.revision for d in postgres.pending] == [1]


def test_a_newly_registered_kind_is_read_from_config_and_reported_unbuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def host_given(options: Any) -> None:
        if not options.get("host"):
            raise OptionProblem("host", "must be given")

    kind = SyncKind("ftp", "host", frozenset({"host"}), (host_given,))
    monkeypatch.setitem(SYNC_KINDS, "ftp", kind)
    data = demo_with_targets(tmp_path / "data", '\n[[sync.targets]]\nkind = "ftp"\nhost = "nas"\n')
    eng = engine(data)
    assert [key for key, _ in eng.sync.targets] == ["ftp:nas"]
    eng.close()
    [target] = eng.sync.run().targets
    assert target.error is not None and target.error.code == "sync_target_invalid"
    assert target.error.params["target"] == "nas"
