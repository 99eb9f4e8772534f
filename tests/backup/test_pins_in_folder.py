"""pins.json (the PIN failures, issue 15) is a record of the folder like people.json: a
backup takes it and a restore puts it back (a lock-out is not lifted by a restore), a
format-2 folder moves its PIN rows there once on upgrade (format 3, a backup first),
`kiosk verify` and `kiosk doctor` read the folder with it, and it is private."""

from __future__ import annotations

import json
import os
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from backup_support import run

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.errors import RefusedError
from kiosk.store.data_format import CURRENT_FORMAT, write_format
from kiosk.store.people import PIN_ATTEMPTS, PIN_FAILURES, STAFF
from kiosk.store.pins import PINS_FILE
from tests.unit.test_pins_parallel import RIGHT, START, lead_folder

NOW = "2026-11-27T07:55:00"  # START, as the CLI's fake clock says it
LOCK = {"staff_id": "L001", "count": 5, "locked_until": "2026-11-27T08:00:00+08:00"}
CHECKS = {"key": "all", "minute": "2026-11-27T07:55:00+08:00", "count": 7}


def stored(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def assert_locked(folder: Path) -> None:
    with pytest.raises(RefusedError) as info:
        wire_services(folder, FixedClock(START)).staff.check_pin("L001", RIGHT)
    assert info.value.code == "pin_locked"


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    """A folder whose lead typed five wrong PINs: locked for five minutes, in pins.json."""
    folder = tmp_path / "data"
    lead_folder(folder)
    staff = wire_services(folder, FixedClock(START)).staff
    for _ in range(5):
        with pytest.raises(RefusedError):
            staff.check_pin("L001", "0000")
    assert stored(folder / PINS_FILE)[PIN_FAILURES]
    return folder


def test_a_backup_takes_pins_json_and_a_restore_keeps_the_lock(
    locked: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "out" / "b.tar.gz"
    result = run(locked, "backup", "--out", str(archive), now=NOW)
    assert result.exit_code == 0, result.output
    with tarfile.open(archive) as tar:
        member = tar.extractfile(f"data/{PINS_FILE}")
        assert member is not None and member.read() == (locked / PINS_FILE).read_bytes()
    restored = tmp_path / "restored"
    assert run(restored, "restore", str(archive), "--data-dir", str(restored)).exit_code == 0
    assert stat.S_IMODE(os.stat(restored / PINS_FILE).st_mode) == 0o600
    assert_locked(restored)


def test_a_format_2_folder_moves_its_pin_rows_once_on_upgrade(locked: Path) -> None:
    """As main before pins.json wrote it: the rows in people.json, format.json at 2."""
    (locked / PINS_FILE).unlink()
    people = wire_services(locked, FixedClock(START)).store.people
    people.update(lambda t: [t.insert(PIN_FAILURES, dict(LOCK)), t.insert(PIN_ATTEMPTS, CHECKS)])
    write_format(locked, 2, "0.15.0+main")

    first = run(locked, "verify", now=NOW)
    assert first.exit_code == 0, first.output
    assert f"upgraded from format 2 to {CURRENT_FORMAT}" in first.stderr
    assert stored(locked / "format.json")["data_format"] == CURRENT_FORMAT == 3
    after = stored(locked / "people.json")
    assert not after.get(PIN_FAILURES) and not after.get(PIN_ATTEMPTS)
    assert len(after[STAFF]) == 1
    pins = stored(locked / PINS_FILE)
    assert list(pins[PIN_FAILURES].values()) == [LOCK]
    assert list(pins[PIN_ATTEMPTS].values()) == [CHECKS]
    assert_locked(locked)

    backups = list((locked / "backups").glob("pre-upgrade-format2-*.tar.gz"))
    assert len(backups) == 1
    with tarfile.open(backups[0]) as tar:  # the folder as it was: rows in people.json
        assert f"data/{PINS_FILE}" not in tar.getnames()
    again = run(locked, "verify", now=NOW)
    assert again.exit_code == 0 and "upgraded" not in again.stderr


def test_a_damaged_people_json_does_not_stop_the_upgrade_but_is_kept(locked: Path) -> None:
    (locked / PINS_FILE).unlink()
    write_format(locked, 2, "0.15.0+main")
    (locked / "people.json").write_bytes(b"{not json")
    result = run(locked, "staff", "list", now=NOW)
    assert result.exit_code == 4 and "people.json" in result.stderr, result.output
    assert "Traceback" not in result.output
    assert (locked / "people.json").read_bytes() == b"{not json"


def test_verify_and_doctor_read_a_folder_with_pins_json(locked: Path) -> None:
    result = run(locked, "verify", "--json", now=NOW)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["loose_modes"] == []
    checks = {c["check"]: c for c in doctor(locked)["checks"]}
    assert checks["data_folder"]["status"] == "ok" and checks["private"]["status"] == "ok"

    os.chmod(locked / PINS_FILE, 0o644)  # as a copy by hand might leave it
    result = run(locked, "verify", "--json", now=NOW)
    assert str(locked / PINS_FILE) in json.loads(result.stdout)["loose_modes"]
    private = {c["check"]: c for c in doctor(locked)["checks"]}["private"]
    assert private["status"] == "fail" and private["problem"] == "loose_modes"


def test_verify_is_not_stopped_by_a_damaged_pins_json(locked: Path) -> None:
    (locked / PINS_FILE).write_bytes(b"{not json")
    result = run(locked, "verify", now=NOW)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert (locked / PINS_FILE).read_bytes() == b"{not json"


def doctor(folder: Path) -> dict[str, Any]:
    result = run(folder, "doctor", "--json", now=NOW)
    assert "Traceback" not in result.output
    return json.loads(result.stdout)
