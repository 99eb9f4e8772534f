"""The folder target and the ledger: files on disk, revisions, failures kept pending."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.errors import StoreError
from kiosk.export import day_json
from kiosk.presentation.sync import sync_json
from tests.cli.cli_helpers import TODAY, invoke, one_json
from tests.sync.sync_support import demo_with_targets, engine, folder_target

YESTERDAY = TODAY - timedelta(days=1)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_csv_and_json_with_sortable_names(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    eng = engine(data)
    eng.close(TODAY)
    eng.close(YESTERDAY)
    report = eng.sync.run()

    assert report.pending == 0
    outbox = data / "exports" / "outbox"
    assert names(outbox) == [
        "2026-11-26_desk-1.csv",
        "2026-11-26_desk-1.json",
        "2026-11-27_desk-1.csv",
        "2026-11-27_desk-1.json",
    ]  # no temp files left behind
    delivered = [(d.date, d.revision) for d in report.targets[0].delivered]
    assert delivered == [(YESTERDAY, 1), (TODAY, 1)]  # oldest day first
    summary = eng.services.day_close.latest(TODAY).summary
    assert (outbox / "2026-11-27_desk-1.json").read_bytes() == day_json(summary)
    csv_text = (outbox / "2026-11-27_desk-1.csv").read_bytes().decode("utf-8")
    assert csv_text.startswith("\ufeff")  # Excel and WPS open it as UTF-8
    assert "张丽" in csv_text
    assert len(csv_text.strip().splitlines()) == 1 + len(summary.people)
    mode = stat.S_IMODE(os.stat(outbox / "2026-11-27_desk-1.csv").st_mode)
    assert mode == 0o600  # private unless the target says `mode = "0640"`


def test_a_second_run_writes_nothing_new(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    eng = engine(data)
    eng.close()
    eng.sync.run()
    outbox = data / "exports" / "outbox"
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in outbox.iterdir()}

    eng.close()  # closing twice: the same revision, nothing new
    report = eng.sync.run()
    assert report.targets[0].delivered == [] and report.pending == 0
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in outbox.iterdir()}
    assert after == before


def test_correction_replaces_the_day_s_files_with_revision_2(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    eng = engine(data)
    eng.close()
    eng.sync.run()
    eng.services.punch.punch("1001")
    assert eng.close() == 2
    report = eng.sync.run()
    assert [(d.date, d.revision) for d in report.targets[0].delivered] == [(TODAY, 2)]
    outbox = data / "exports" / "outbox"
    assert names(outbox) == ["2026-11-27_desk-1.csv", "2026-11-27_desk-1.json"]
    body = json.loads((outbox / "2026-11-27_desk-1.json").read_text("utf-8"))
    assert body["revision"] == 2
    assert next(p for p in body["people"] if p["staff_id"] == "1001")["check_in"]


def test_unmounted_share_stays_pending_with_a_clear_error(tmp_path: Path) -> None:
    share = tmp_path / "mnt" / "hr-share"  # absolute and missing: never created locally
    data = demo_with_targets(tmp_path / "data", folder_target(share))
    eng = engine(data)
    eng.close()
    report = eng.sync.run()
    assert report.pending == 1
    error = sync_json(report, eng.sync.tr)["targets"][0]["error"]
    assert error["code"] == "sync_folder_missing"
    assert str(share) in error["message"]
    assert not share.exists()

    share.mkdir(parents=True)  # the share is mounted again
    assert eng.sync.run().pending == 0
    assert len(names(share)) == 2
    assert sync_json(eng.sync.status(), eng.sync.tr)["targets"][0]["error"] is None


def test_unwritable_folder_stays_pending_with_a_clear_error(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    (data / "exports").write_text("a file where the folder should be", "utf-8")
    eng = engine(data)
    eng.close()
    report = eng.sync.run()
    assert report.pending == 1
    [target] = sync_json(eng.sync.status(), eng.sync.tr)["targets"]
    assert target["error"]["code"] == "sync_folder_failed"
    assert "exports" in target["error"]["message"]
    assert target["pending"] == [{"date": TODAY.isoformat(), "revision": 1}]
    assert target["last_success"] is None

    (data / "exports").unlink()
    assert eng.sync.run().pending == 0


def test_a_close_that_was_never_queued_is_caught_up(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    eng = engine(data)
    eng.services.day_close.close(YESTERDAY)  # closed, but nobody queued it (a crash)
    assert eng.sync.run().pending == 0
    assert names(data / "exports" / "outbox")[0] == "2026-11-26_desk-1.csv"


def test_one_sync_at_a_time(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    eng, other = engine(data), engine(data)
    eng.close()
    with other.services.store.outbox.running(), pytest.raises(StoreError) as caught:
        eng.sync.run()
    assert caught.value.code == "sync_busy"
    assert eng.sync.run().pending == 0


# -- through the CLI -------------------------------------------------------------------------


def test_cli_without_targets(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data")
    result = invoke(data, "sync", "--json")
    assert result.exit_code == 0
    assert one_json(result) == {"targets": [], "pending": 0}
    assert invoke(data, "--lang", "en", "sync").stdout.startswith("No sync targets")


def test_cli_day_close_writes_the_files_and_sync_reports_them(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    closed = invoke(data, "day", "close", "--json", now="2026-11-27T20:30:00")
    assert closed.exit_code == 0 and closed.stderr == ""
    assert len(names(data / "exports" / "outbox")) == 2

    result = invoke(data, "sync", "--json")
    assert result.exit_code == 0
    [target] = one_json(result)["targets"]
    assert (target["kind"], target["target"]) == ("folder", "exports/outbox")
    assert (target["delivered"], target["pending"], target["error"]) == ([], [], None)


def test_cli_unwritable_folder_exit_4_then_0(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    (data / "exports").write_text("in the way", "utf-8")
    closed = invoke(data, "--lang", "en", "day", "close")
    assert closed.exit_code == 0
    assert "closed" in closed.stdout
    assert "Warning" in closed.stderr and "exports" in closed.stderr

    result = invoke(data, "--lang", "en", "sync")
    assert result.exit_code == 4
    assert "delivered 0, pending 1" in result.stdout
    assert "last error" in result.stdout

    (data / "exports").unlink()
    result = invoke(data, "sync", "--json")
    assert result.exit_code == 0
    assert one_json(result)["targets"][0]["delivered"] == [
        {"date": TODAY.isoformat(), "revision": 1}
    ]


def test_cli_damaged_ledger_never_fails_the_close(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    (data / "sync.json").write_text("{not json", "utf-8")
    closed = invoke(data, "--lang", "en", "day", "close", "--json")
    assert closed.exit_code == 0
    assert one_json(closed)["revision"] == 1
    assert "damaged" in closed.stderr

    result = invoke(data, "sync", "--json")
    assert result.exit_code == 4
    assert one_json(result)["error"] == "corrupt_file"
    assert (data / "sync.json").read_text("utf-8") == "{not json"  # kept for IT


def test_a_ledger_error_of_the_wrong_shape_is_named_not_a_crash(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox"))
    assert invoke(data, "day", "close").exit_code == 0
    ledger = json.loads((data / "sync.json").read_text("utf-8"))
    for row in ledger["targets"].values():
        row["error"] = "boom"
    (data / "sync.json").write_text(json.dumps(ledger), "utf-8")
    result = invoke(data, "sync", "--json")
    assert result.exit_code == 4
    assert one_json(result)["error"] == "corrupt_record"
    assert "bad error" in one_json(result)["message"]


def test_a_share_another_account_reads_gets_the_mode_its_table_says(tmp_path: Path) -> None:
    """Private by default; `mode = "0640"` lets HR's account (in the kiosk's group) read."""
    data = demo_with_targets(tmp_path / "data", folder_target("exports/outbox") + 'mode = "0640"\n')
    eng = engine(data)
    eng.close()
    assert eng.sync.run().pending == 0
    outbox = data / "exports" / "outbox"
    assert stat.S_IMODE(os.stat(outbox).st_mode) == 0o750
    for name in os.listdir(outbox):
        assert stat.S_IMODE(os.stat(outbox / name).st_mode) == 0o640


def test_a_mode_that_would_let_anyone_write_is_refused(tmp_path: Path) -> None:
    data = demo_with_targets(tmp_path / "data", folder_target("out") + 'mode = "0666"\n')
    result = invoke(data, "--lang", "en", "sync")
    assert result.exit_code == 2 and "sync.targets[0].mode" in result.stderr
