"""The atomic storage: whole files with mode 0644, no temp left, damaged files refused and
never written over, failed writes (full disk) reported as StoreError with the old file kept.

A full disk is simulated with RLIMIT_FSIZE in a child process (SIGXFSZ ignored): writes past
the limit fail with EFBIG, as they would with ENOSPC, and tests run as root, so a read-only
folder would not stop them.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from store_support import child_env, event, limit_file_size

from kiosk.errors import StoreError
from kiosk.store.atomic import (
    AtomicJSONStorage,
    read_json,
    temp_name,
    temp_target,
    write_atomic,
)
from kiosk.store.datafile import DataFile
from kiosk.store.days import DayStore
from kiosk.store.people import PeopleStore
from tests.conftest import KioskRunner
from tests.day_files import read_day_file

DAY = date(2026, 11, 27)
DAY_FILE = Path("days/2026-11/2026-11-27.json")
KIOSK = [sys.executable, "-m", "kiosk"]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def temps_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


@pytest.fixture
def strict_umask() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default (022): files would be readable by every local user."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# -- file mode and temp files ---------------------------------------------------------------


def test_new_file_is_private_whatever_the_umask(tmp_path: Path, loose_umask: None) -> None:
    target = tmp_path / "file.json"
    write_atomic(target, b"{}")
    assert mode_of(target) == 0o600
    assert target.read_bytes() == b"{}"


def test_a_replaced_file_is_private_again(tmp_path: Path, loose_umask: None) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b'{"old":{}}')
    target.chmod(0o644)
    write_atomic(target, b'{"new":{}}')
    assert mode_of(target) == 0o600
    assert read_json(target) == {"new": {}}


def test_explicit_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "site.key"
    write_atomic(target, b"secret", mode=0o600)
    assert mode_of(target) == 0o600


def test_store_files_are_private_under_umask_022(
    tmp_path: Path, loose_umask: None, demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """Through the whole CLI: people.json (PIN hashes, sick leave), a day file and the
    lock files are 0600, the folders 0700 (issue 12, finding 4)."""
    assert demo_kiosk("punch", "1001").exit_code == 0
    day_file = data_dir / DAY_FILE
    for path in (data_dir / "people.json", day_file, data_dir / "kiosk.toml"):
        assert mode_of(path) == 0o600, path
    for lock in (data_dir / ".people.json.lock", day_file.with_name(".2026-11-27.json.lock")):
        assert mode_of(lock) == 0o600, lock
    assert mode_of(data_dir / "site.key") == 0o600
    for folder in (data_dir, data_dir / "days", day_file.parent):
        assert mode_of(folder) == 0o700, folder


def test_no_temp_file_is_left_after_writes(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    for n in range(5):
        write_atomic(target, json.dumps({"t": {str(n): {"n": n}}}).encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json"]
    days = DayStore(tmp_path / "days")
    for n in range(3):
        with days.transaction([DAY]) as txn:
            txn.append(DAY, event(f"e{n}"))
    assert temps_in(tmp_path) == []
    assert [e["id"] for e in days.events(DAY)] == ["e0", "e1", "e2"]


def test_temp_name_is_hidden_beside_the_target_and_maps_back(tmp_path: Path) -> None:
    target = tmp_path / "2026-11-27.json"
    temp = temp_name(target)
    assert temp.parent == tmp_path
    assert temp.name.startswith(".2026-11-27.json.") and temp.name.endswith(".tmp")
    assert str(os.getpid()) in temp.name
    assert temp_target(temp) == target
    assert temp_name(target) != temp
    assert temp_target(tmp_path / ".2026-11-27.json.12345.abcd1234.tmp") == target
    for foreign in ("x.tmp", ".x.tmp", ".x.json.tmp", ".x.json.1.2.txt", "x.json.1.2.tmp"):
        assert temp_target(tmp_path / foreign) is None, foreign


def test_storage_writes_compact_utf8_json(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "people.json")
    assert storage.read() is None
    assert not storage.path.exists()  # nothing is created until written
    storage.write({"staff": {"1": {"id": "1001", "name": "张丽"}}})
    raw = storage.path.read_bytes()
    assert "张丽".encode() in raw
    assert storage.read() == {"staff": {"1": {"id": "1001", "name": "张丽"}}}


# -- damaged files: refused, never written over ---------------------------------------------

DAMAGED = {
    "garbage": b"\x00\x17this is not json at all\xff",
    "truncated": b'{"events":{"1":{"id":"e1","type":"punch","staff_id":"1001","at":"2026-11-',
    "empty": b"",
    "whitespace": b"  \n",
    "list": b"[]",
    "string": b'"events"',
    "null": b"null",
    "number": b"42",
    "table_not_object": b'{"events":[]}',
    "document_not_object": b'{"events":{"1":5}}',
    "document_id_not_a_number": b'{"events":{"x":{"id":"a"}}}',
    "bad_utf8": b'{"events":{"1":{"name":"\xe5\xbc"}}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_read_json_refuses_a_damaged_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "2026-11-27.json"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        read_json(path)
    assert caught.value.code == "corrupt_file"
    assert caught.value.params["path"] == str(path)
    assert caught.value.exit_code == 4
    assert path.read_bytes() == content


def test_every_truncation_of_a_real_day_file_reads_its_whole_lines_and_heals(
    tmp_path: Path,
) -> None:
    """A day file is appended to, one event per line: a write cut short leaves the start
    of a line, never confirmed to anyone. Cut anywhere, the file reads as the events whose
    lines are whole, and the next append replaces the torn rest (issue 15)."""
    days = DayStore(tmp_path / "days")
    for n in range(3):
        with days.transaction([DAY]) as txn:
            txn.append(DAY, event(f"e{n}", name="张丽"))
    path = days.path_for(DAY)
    whole = path.read_bytes()
    ends = [i + 1 for i, byte in enumerate(whole) if byte == ord("\n")]
    for cut in range(0, len(whole), 7):
        path.write_bytes(whole[:cut])
        kept = sum(1 for end in ends if end <= cut + 1)  # a line is whole without its \n
        reader = DayStore(tmp_path / "days")
        assert [e["id"] for e in reader.events(DAY)] == [f"e{n}" for n in range(kept)]
        with reader.transaction([DAY]) as txn:
            txn.append(DAY, event("after"))
        ids = [e["id"] for e in read_day_file(path)]
        assert ids == [f"e{n}" for n in range(kept)] + ["after"], cut


def test_missing_file_reads_as_none(tmp_path: Path) -> None:
    assert read_json(tmp_path / "nope.json") is None


def test_unreadable_path_is_read_failed(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(StoreError) as caught:
        read_json(folder)
    assert caught.value.code == "read_failed"


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_datafile_transaction_never_overwrites_a_damaged_file(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "people.json"
    path.write_bytes(content)
    data = DataFile(path)
    with pytest.raises(StoreError) as caught, data.transaction() as db:
        db.table("staff").insert({"id": "1001"})
    assert caught.value.code == "corrupt_file"
    with pytest.raises(StoreError, match="corrupt_file"):
        data.rows("staff")
    with pytest.raises(StoreError, match="corrupt_file"):
        PeopleStore(path).update(lambda db: db.table("staff").insert({"id": "1002"}))
    assert path.read_bytes() == content
    assert temps_in(tmp_path) == []


# A day file is lines of events (or the older TinyDB document): an empty file, or blank
# lines, hold no events; everything else in DAMAGED is refused, and so is a damaged line.
DAMAGED_DAY = {k: v for k, v in DAMAGED.items() if k not in ("empty", "whitespace")} | {
    "bad_line_in_the_middle": b'{"id":"a","type":"x","staff_id":"1","date":"d"}\n{oops\n{}\n',
    "array_line": b"[1, 2]\n",
    "garbage_without_newline": b'{"id":"a","type":"x","staff_id":"1","date":"d"}\nxyz',
    "brace_and_no_event": b"{not json",
    "record_without_a_person": b'{"id":"a","type":"x","date":"d"}\n',
}


@pytest.mark.parametrize("content", DAMAGED_DAY.values(), ids=DAMAGED_DAY.keys())
def test_day_transaction_never_overwrites_a_damaged_file(tmp_path: Path, content: bytes) -> None:
    days = DayStore(tmp_path / "days")
    path = days.path_for(DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with days.transaction([DAY]) as txn:
        # Appending without reading first (as incidents do) must refuse too.
        with pytest.raises(StoreError, match=r"corrupt_(file|record)"):
            txn.append(DAY, event("new"))
        with pytest.raises(StoreError, match=r"corrupt_(file|record)"):
            txn.events(DAY)
    with pytest.raises(StoreError, match=r"corrupt_(file|record)"):
        days.events(DAY)
    assert path.read_bytes() == content
    assert temps_in(tmp_path) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"  \n", b"\n\n", b"\x00\x00\x00", b'{"action":"check_in","at":"2026-'],
    ids=["empty", "blank", "newlines", "zeros_of_a_power_cut", "torn_first_line"],
)
def test_an_empty_day_file_holds_no_events_and_takes_the_next(
    tmp_path: Path, content: bytes
) -> None:
    days = DayStore(tmp_path / "days")
    path = days.path_for(DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert days.events(DAY) == []
    with days.transaction([DAY]) as txn:
        txn.append(DAY, event("new"))
    assert [e["id"] for e in read_day_file(path)] == ["new"]


def test_a_damaged_day_does_not_stop_other_days(tmp_path: Path) -> None:
    days = DayStore(tmp_path / "days")
    bad = days.path_for(DAY)
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"garbage")
    other = date(2026, 11, 28)
    with days.transaction([other]) as txn:
        txn.append(other, event("ok"))
    assert [e["id"] for e in days.events(other)] == ["ok"]
    assert bad.read_bytes() == b"garbage"


# -- failed writes --------------------------------------------------------------------------


def test_write_into_a_folder_that_is_a_file_is_write_failed(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "days"
    not_a_folder.write_bytes(b"I am a file")
    with pytest.raises(StoreError) as caught:
        write_atomic(not_a_folder / "2026-11-27.json", b"{}")
    assert caught.value.code == "write_failed"
    assert caught.value.params["path"] == str(not_a_folder / "2026-11-27.json")
    assert not_a_folder.read_bytes() == b"I am a file"


def test_day_store_under_a_file_is_write_failed(tmp_path: Path) -> None:
    (tmp_path / "days").write_bytes(b"I am a file")
    days = DayStore(tmp_path / "days")
    with pytest.raises(StoreError) as caught, days.transaction([DAY]) as txn:
        txn.append(DAY, event("e"))
    assert caught.value.code == "write_failed"


def test_replace_failing_removes_the_temp_and_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "2026-11-27.json"
    target.mkdir()  # os.replace(file, directory) fails after the temp was written
    (target / "inside").write_text("kept")
    with pytest.raises(StoreError) as caught:
        write_atomic(target, b'{"events":{}}')
    assert caught.value.code == "write_failed"
    assert temps_in(tmp_path) == []
    assert (target / "inside").read_text() == "kept"


WRITE_UNDER_LIMIT = """
import json, sys
from datetime import date
from pathlib import Path
from kiosk.errors import StoreError
from kiosk.store.atomic import write_atomic
from kiosk.store.days import DayStore
how, path = sys.argv[1], Path(sys.argv[2])
try:
    if how == "atomic":
        write_atomic(path, b'{"events":{' + b'"1":{"pad":"' + b"x" * 100000 + b'"}}}')
    else:
        days = DayStore(path)
        day = date(2026, 11, 27)
        with days.transaction([day]) as txn:
            txn.append(day, {"id": "big", "type": "note", "staff_id": "1001",
                             "date": "2026-11-27", "pad": "x" * 100000})
except StoreError as err:
    print(json.dumps({"code": err.code, **{k: str(v) for k, v in err.params.items()}}))
else:
    print(json.dumps({"code": None}))
"""


def run_limited(limit: int, how: str, path: Path) -> dict[str, str | None]:
    proc = subprocess.run(
        [sys.executable, "-c", WRITE_UNDER_LIMIT, how, str(path)],
        capture_output=True,
        text=True,
        env=child_env(),
        preexec_fn=limit_file_size(limit),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_full_disk_is_disk_full_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "2026-11-27.json"
    target.write_bytes(b'{"events":{"1":{"id":"old"}}}')
    before = target.read_bytes()
    result = run_limited(4096, "atomic", target)
    assert result["code"] == "disk_full"
    assert result["path"] == str(target)
    assert target.read_bytes() == before
    assert temps_in(tmp_path) == []


def test_full_disk_during_a_day_transaction_keeps_earlier_events(tmp_path: Path) -> None:
    days = DayStore(tmp_path / "days")
    for n in range(3):
        with days.transaction([DAY]) as txn:
            txn.append(DAY, event(f"e{n}"))
    before = days.path_for(DAY).read_bytes()
    result = run_limited(4096, "days", tmp_path / "days")
    assert result["code"] == "disk_full"
    assert days.path_for(DAY).read_bytes() == before
    assert [e["id"] for e in DayStore(tmp_path / "days").events(DAY)] == ["e0", "e1", "e2"]
    assert temps_in(tmp_path) == []


def test_cli_punch_on_a_full_disk_exits_4_with_one_line(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    for staff_id in ("1001", "1003", "1004"):
        assert demo_kiosk("punch", staff_id).exit_code == 0
    day_file = data_dir / DAY_FILE
    before = day_file.read_bytes()
    earlier = {e["id"] for e in DayStore(data_dir / "days").events(DAY)}
    assert len(earlier) == 3

    def punch(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*KIOSK, "--data-dir", str(data_dir), "--lang", "en", "punch", "1002", *extra],
            capture_output=True,
            text=True,
            env=child_env(),
            # the next version of the day file is larger than the current one: it cannot fit
            preexec_fn=limit_file_size(len(before)),
            timeout=60,
        )

    proc = punch()
    assert proc.returncode == 4, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "disk is full" in lines[0] and str(day_file) in lines[0]

    as_json = punch("--json")
    assert as_json.returncode == 4
    body = json.loads(as_json.stdout)
    assert body["error"] == "disk_full" and body["path"] == str(day_file)

    assert day_file.read_bytes() == before
    assert {e["id"] for e in DayStore(data_dir / "days").events(DAY)} == earlier
    assert temps_in(data_dir) == []
    # With room again the same punch goes through.
    assert demo_kiosk("punch", "1002").exit_code == 0
    assert len(DayStore(data_dir / "days").events(DAY)) == 4


def test_a_folder_left_readable_is_made_private_at_start(
    tmp_path: Path, loose_umask: None, demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    """An older kiosk wrote 0644/0755: `kiosk init` (and `kiosk run`) tighten the folder."""
    assert demo_kiosk("punch", "1001").exit_code == 0
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert demo_kiosk("init").exit_code == 0
    loose = [p for p in [data_dir, *data_dir.rglob("*")] if mode_of(p) not in (0o600, 0o700)]
    assert loose == []


def test_the_log_for_it_is_private(tmp_path: Path, loose_umask: None, data_dir: Path) -> None:
    """kiosk.log holds tracebacks naming people and files: created 0600 before logging."""
    from kiosk.store.site import Store

    store = Store(data_dir)
    store.create_log()
    assert mode_of(store.log_path) == 0o600
