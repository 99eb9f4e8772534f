"""DataFile and the day/people stores: fresh reads inside the lock, cached reads outside it,
the cross-process lock, and what the `kiosk` command does with a damaged file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from store_support import child_env, event, no_duplicate_keys, whole_day_lines

import kiosk.store.datafile as datafile_module
from kiosk.errors import StoreError
from kiosk.store.datafile import DataFile, lock_path
from kiosk.store.days import DayStore
from kiosk.store.people import PeopleStore
from tests.conftest import KioskRunner, run_binary

DAY = date(2026, 11, 27)
DAY_FILE = Path("days/2026-11/2026-11-27.json")
GARBAGE = b"\x00garbage{{{ not json"

# -- DataFile -------------------------------------------------------------------------------


def test_missing_file_has_no_tables_and_is_not_created_by_reading(tmp_path: Path) -> None:
    data = DataFile(tmp_path / "people.json")
    assert data.tables() == {}
    assert data.rows("staff") == []
    assert not data.path.exists()


def test_two_instances_never_lose_each_others_inserts(tmp_path: Path) -> None:
    """TinyDB caches a table's next id; each transaction must start from the file as it is."""
    path = tmp_path / "people.json"
    first, second = DataFile(path), DataFile(path)
    with first.transaction() as db:
        db.table("staff").insert({"id": "a"})
    assert [r["id"] for r in second.rows("staff")] == ["a"]  # second now has a cache
    for n in range(5):
        for name, data in (("first", first), ("second", second)):
            with data.transaction() as db:
                db.table("staff").insert({"id": f"{name}-{n}"})
    raw = no_duplicate_keys(path)
    assert len(raw["staff"]) == 11
    assert sorted(map(int, raw["staff"])) == list(range(1, 12))
    assert len(first.rows("staff")) == len(second.rows("staff")) == 11


def test_cached_read_sees_a_replacement_by_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    reader, writer = DataFile(path), DataFile(path)
    with writer.transaction() as db:
        db.table("staff").insert({"id": "a"})
    assert len(reader.rows("staff")) == 1
    with writer.transaction() as db:
        db.table("staff").update({"name": "changed"})
    assert reader.rows("staff") == [{"id": "a", "name": "changed"}]


def test_cached_read_notices_damage(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    data = DataFile(path)
    with data.transaction() as db:
        db.table("staff").insert({"id": "a"})
    assert data.rows("staff")
    path.write_bytes(GARBAGE)
    with pytest.raises(StoreError, match="corrupt_file"):
        data.rows("staff")
    assert path.read_bytes() == GARBAGE


def test_lock_is_reentrant_within_one_instance(tmp_path: Path) -> None:
    data = DataFile(tmp_path / "people.json")
    started = time.monotonic()
    with data.locked(), data.locked(), data.transaction() as db:
        db.table("staff").insert({"id": "a"})
    assert time.monotonic() - started < 5
    assert data.rows("staff") == [{"id": "a"}]


HOLD_THEN_WRITE = """
import sys, time
from kiosk.store.datafile import DataFile
data = DataFile(__import__("pathlib").Path(sys.argv[1]))
with data.transaction() as db:
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    db.table("staff").insert({"id": "child"})
"""


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_THEN_WRITE, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    return proc


def test_transaction_waits_for_another_process_and_reads_its_write(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    data = DataFile(path)
    assert data.rows("staff") == []
    child = hold_lock(path, 0.5)
    started = time.monotonic()
    with data.transaction() as db:
        waited = time.monotonic() - started
        # Inside the lock the file is read as it is now: the child's row is there.
        assert [d["id"] for d in db.table("staff").all()] == ["child"]
        db.table("staff").insert({"id": "parent"})
    assert child.wait(timeout=10) == 0
    assert waited > 0.2
    assert sorted(r["id"] for r in data.rows("staff")) == ["child", "parent"]


def test_lock_held_too_long_is_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafile_module, "LOCK_TIMEOUT_SECONDS", 0.3)
    path = tmp_path / "people.json"
    data = DataFile(path)
    child = hold_lock(path, 3)
    try:
        with pytest.raises(StoreError) as caught, data.transaction():
            pass
        assert caught.value.code == "busy"
        assert caught.value.params["path"] == str(path)
        assert caught.value.exit_code == 4
    finally:
        child.kill()
        child.wait()


def test_lock_file_sits_beside_the_data_file(tmp_path: Path) -> None:
    path = tmp_path / "days" / "2026-11" / "2026-11-27.json"
    assert lock_path(path) == path.with_name(".2026-11-27.json.lock")
    with DataFile(path).locked():
        assert lock_path(path).exists()
    assert not path.exists()  # locking alone writes no data file


# -- DayStore and PeopleStore ---------------------------------------------------------------


def test_day_files_are_partitioned_by_month_and_listed_in_order(tmp_path: Path) -> None:
    days = DayStore(tmp_path / "days")
    wanted = [date(2026, 12, 1), date(2026, 11, 27), date(2027, 1, 1)]
    with days.transaction(wanted) as txn:
        for day in wanted:
            txn.append(day, event(day.isoformat()))
    assert days.path_for(DAY) == tmp_path / "days" / "2026-11" / "2026-11-27.json"
    assert days.days() == sorted(wanted)
    (tmp_path / "days" / "2026-11" / "2026-11-99.json").write_text("{}")  # not a date
    (tmp_path / "days" / "2026-11" / "notes.json").write_text("{}")
    assert days.days() == sorted(wanted)


def test_day_transaction_reads_fresh_and_appends_in_order(tmp_path: Path) -> None:
    days, other = DayStore(tmp_path / "days"), DayStore(tmp_path / "days")
    with days.transaction([DAY]) as txn:
        txn.append(DAY, event("one"))
    assert [e["id"] for e in other.events(DAY)] == ["one"]  # cached in `other` now
    with days.transaction([DAY]) as txn:
        txn.append(DAY, event("two"))
    with other.transaction([DAY, DAY]) as txn:  # duplicates are locked once
        assert [e["id"] for e in txn.events(DAY)] == ["one", "two"]
        txn.append(DAY, event("three"))
        assert [e["id"] for e in txn.events(DAY)] == ["one", "two", "three"]
    assert [e["id"] for e in days.events(DAY)] == ["one", "two", "three"]
    assert [e["id"] for e in whole_day_lines(days.path_for(DAY))] == ["one", "two", "three"]


def test_people_upsert_keeps_one_record_per_key(tmp_path: Path) -> None:
    people = PeopleStore(tmp_path / "people.json")
    day = "2026-11-27"
    for shift in ("A", "B", "C"):
        people.update(
            lambda tables, s=shift: tables.upsert(
                "roster",
                {"staff_id": "1001", "date": day, "shift": s},
                staff_id="1001",
                date=day,
            )
        )
    people.update(
        lambda tables: tables.upsert(
            "roster",
            {"staff_id": "1002", "date": day, "shift": "A"},
            staff_id="1002",
            date=day,
        )
    )
    expected = [{"staff_id": "1001", "date": day, "shift": "C"}]
    assert people.find("roster", staff_id="1001") == expected
    assert len(people.rows("roster")) == 2


# -- the kiosk command on damaged files -----------------------------------------------------


def damage(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(GARBAGE)
    return GARBAGE


def test_cli_punch_on_a_damaged_day_file_exits_4_and_keeps_it(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    day_file = data_dir / DAY_FILE
    assert demo_kiosk("punch", "1002").exit_code == 0
    before = damage(day_file)

    result = demo_kiosk("punch", "1001")
    assert result.exit_code == 4
    assert str(day_file) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    as_json = demo_kiosk("punch", "1001", "--json")
    assert as_json.exit_code == 4
    assert as_json.json()["error"] == "corrupt_file"
    assert as_json.json()["path"] == str(day_file)
    # Incidents and appearance checks append without a punch's read: refused as well.
    assert demo_kiosk("incident", "1001", "uniform_outside", "--by", "L001").exit_code == 4
    assert demo_kiosk("check", "1001", "--by", "L001").exit_code == 4

    assert day_file.read_bytes() == before
    assert not list(data_dir.rglob("*.tmp"))


def test_cli_other_days_stay_usable_beside_a_damaged_day(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    day_file = data_dir / DAY_FILE
    before = damage(day_file)
    # other days inside the window of dates the kiosk takes ([limits]: up to a day ahead)
    for moment in ("2026-11-24T07:55", "2026-11-25T07:55", "2026-11-26T07:55"):
        result = demo_kiosk("punch", "1001", "--at", moment, "--json")
        assert result.exit_code == 0, result.stdout + result.stderr
        assert result.json()["action"] == "check_in"
    assert day_file.read_bytes() == before


def test_cli_the_day_after_a_damaged_day_stays_usable(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    day_file = data_dir / DAY_FILE
    before = damage(day_file)
    result = demo_kiosk("punch", "1001", "--at", "2026-11-28T07:55", "--json")
    assert day_file.read_bytes() == before
    assert result.exit_code == 0, result.stdout + result.stderr


def test_real_binary_on_a_damaged_day_file_prints_one_line(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    day_file = data_dir / DAY_FILE
    before = damage(day_file)
    result = run_binary(data_dir, "--lang", "en", "punch", "1001")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(day_file) in result.stderr and "damaged" in result.stderr
    assert day_file.read_bytes() == before


def test_cli_on_a_damaged_people_file_exits_4_naming_it(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    people = data_dir / "people.json"
    before = people.read_bytes()
    truncated = before[: len(before) // 2]
    people.write_bytes(truncated)

    for args in (
        ("punch", "1001"),
        ("staff", "list"),
        ("staff", "add", "2001", "X", "--shift", "A", "--rest-day", "mon"),
    ):
        result = demo_kiosk(*args)
        assert result.exit_code == 4, (args, result.stdout, result.stderr)
        assert str(people) in result.stderr, args
    result = demo_kiosk("punch", "1001", "--json")
    assert result.exit_code == 4
    assert json.loads(result.stdout)["error"] == "corrupt_file"
    assert people.read_bytes() == truncated
    assert not (data_dir / DAY_FILE).exists()


def test_cli_days_folder_that_is_a_file_is_a_store_error(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """Not an internal error: the folder that cannot be made is named, exit 4."""
    (data_dir / "days").write_bytes(b"not a folder")
    result = demo_kiosk("punch", "1001", "--json")
    assert result.exit_code == 4
    body = result.json()
    assert body["error"] == "write_failed", body
    assert str(data_dir / "days") in body["path"]
