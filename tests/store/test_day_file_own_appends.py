"""A process's own appends are kept without reading the day file again (store/day_file.py
`DayFile._grown`): what it then holds must be exactly what a fresh reader of the file gets
(events, their lines for the chain check), and anything written by anyone else (another
process's append, a hand edit, a file put back) must still be read and seen."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from datetime import date
from pathlib import Path

from kiosk.domain.chain import verify_chain
from kiosk.errors import StoreError
from kiosk.store.day_file import DayFile
from kiosk.store.days import DayStore
from tests.day_files import write_day_file

DAY = date(2026, 11, 30)
KEY = b"k" * 32


def _event(n: int, note: str = "", at: str = "07:55") -> dict[str, object]:
    return {"id": f"e{n}", "type": "punch", "staff_id": f"1{n % 7:03d}", "action": "check_in",
            "at": f"2026-11-30T{at}:00+08:00", "recorded_at": f"2026-11-30T{at}:00+08:00",
            "date": DAY.isoformat(), "shift": "A", "source": "kiosk", "note": note}  # fmt: skip


def _append(days: DayStore, event: dict[str, object]) -> None:
    with days.transaction([DAY]) as tx:
        tx.events(DAY)
        tx.append(DAY, event)


def _reads(file: DayFile) -> list[int]:
    """Count the file's reads from here on (the method itself still runs)."""
    count = [0]
    real = file._read

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        count[0] += 1
        return real(*args, **kwargs)

    file._read = counted  # type: ignore[method-assign]
    return count


def _as_fresh_reader_sees(days: DayStore, tmp_path: Path) -> None:
    mine = days.file(DAY)
    fresh = DayFile(days.path_for(DAY), mine._check)
    held, read = mine.snapshot()[1], fresh.snapshot()[1]
    assert held == read
    assert mine.lines(held) == fresh.lines(read)
    assert {k: list(v) for k, v in mine._parsed.by_staff.items()} == {  # type: ignore[union-attr]
        k: list(v)
        for k, v in fresh._parsed.by_staff.items()  # type: ignore[union-attr]
    }
    assert verify_chain(held, KEY, lines=mine.lines(held)) == []


def test_own_appends_are_kept_without_a_read_and_equal_a_fresh_read(tmp_path: Path) -> None:
    days = DayStore(tmp_path, key=lambda: KEY)
    _append(days, _event(0, "张丽"))  # the file is created: read once after
    days.events(DAY)
    reads = _reads(days.file(DAY))
    for n in range(1, 40):
        _append(days, _event(n, "x" * n))
        days.events(DAY)
    assert reads[0] == 0
    _as_fresh_reader_sees(days, tmp_path)


def test_an_append_after_a_line_without_its_newline(tmp_path: Path) -> None:
    days = DayStore(tmp_path, key=lambda: KEY)
    path = days.path_for(DAY)
    path.parent.mkdir(parents=True)
    write_day_file(path, [])
    _append(days, _event(0))
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # a hand edit dropped the newline
    _append(days, _event(1))
    _append(days, _event(2))
    _as_fresh_reader_sees(days, tmp_path)
    assert [e["id"] for e in days.events(DAY)] == ["e0", "e1", "e2"]


def test_another_writer_after_an_own_append_is_read(tmp_path: Path) -> None:
    mine, other = DayStore(tmp_path, key=lambda: KEY), DayStore(tmp_path, key=lambda: KEY)
    _append(mine, _event(0))
    _append(mine, _event(1))
    _append(other, _event(2))  # another process: mine's kept parse is now out of date
    _append(mine, _event(3))
    assert [e["id"] for e in mine.events(DAY)] == ["e0", "e1", "e2", "e3"]
    _as_fresh_reader_sees(mine, tmp_path)


def test_a_hand_edit_after_an_own_append_is_seen(tmp_path: Path) -> None:
    days = DayStore(tmp_path, key=lambda: KEY)
    for n in range(3):
        _append(days, _event(n, "ok"))
    path = days.path_for(DAY)
    stat = os.stat(path)
    edited = path.read_bytes().replace(b'"note":"ok"', b'"note":"OK"', 1)  # same size
    path.write_bytes(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))
    held = days.events(DAY)
    assert held[0]["note"] == "OK"  # read again, not the kept parse
    problems = verify_chain(held, KEY, lines=days.lines(DAY, held))
    assert [(p.index, p.problem) for p in problems] == [(0, "edited")]


def _fresh(days: DayStore) -> list[dict[str, object]]:
    mine = days.file(DAY)
    return DayFile(days.path_for(DAY), mine._check).snapshot()[1]


def _chain_problems(days: DayStore) -> list[tuple[int, str]]:
    held = days.events(DAY)
    return [(p.index, p.problem) for p in verify_chain(held, KEY, lines=days.lines(DAY, held))]


def _tamper_same_size_keep_mtime(path: Path) -> None:
    """Person 1000's 08:05 punch made 07:55 (same size), mtime put back (`touch -d`)."""
    stat = os.stat(path)
    raw = path.read_bytes()
    edited = raw.replace(b'"at":"2026-11-30T08:05', b'"at":"2026-11-30T07:55', 1)
    assert edited != raw and len(edited) == len(raw)
    with open(path, "r+b") as f:  # in place: same inode
        f.write(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == stat.st_mtime_ns


def test_mtime_restored_edit_then_more_punches(tmp_path: Path) -> None:
    """A same-size edit with its mtime put back (`touch -d`), then the kiosk punches on: the
    file's ctime moved, so the running kiosk reads it again and its chain check fails.
    (Found by review: with the stamp of inode, mtime and size it held the old events.)"""
    days = DayStore(tmp_path, key=lambda: KEY)
    _append(days, _event(0, at="08:05"))  # person 1000 late
    for n in range(1, 4):
        _append(days, _event(n))
    days.events(DAY)
    _tamper_same_size_keep_mtime(days.path_for(DAY))
    for n in range(4, 8):  # the morning goes on: more punches at this kiosk
        _append(days, _event(n))
        days.events(DAY)
    assert days.events(DAY) == _fresh(days), "running kiosk holds events the file does not"
    assert _chain_problems(days) != [], "the running kiosk never sees the edit"


def test_an_edit_during_the_appends_fsync_is_seen(tmp_path: Path, monkeypatch) -> None:
    """A same-size in-place edit that lands while the append is being fsynced."""
    days = DayStore(tmp_path, key=lambda: KEY)
    _append(days, _event(0, at="08:05"))
    _append(days, _event(1))
    days.events(DAY)
    path = days.path_for(DAY)
    real = os.fsync

    def fsync_with_edit(fd: int) -> None:
        real(fd)
        raw = path.read_bytes()
        with open(path, "r+b") as f:
            f.write(raw.replace(b'"at":"2026-11-30T08:05', b'"at":"2026-11-30T07:55', 1))

    monkeypatch.setattr(os, "fsync", fsync_with_edit)
    _append(days, _event(2))
    monkeypatch.setattr(os, "fsync", real)
    for n in range(3, 6):
        _append(days, _event(n))
    assert days.events(DAY) == _fresh(days), "running kiosk holds events the file does not"


def test_foreign_append_during_the_fsync_is_not_lost(tmp_path: Path, monkeypatch) -> None:
    """Another writer's whole line (`echo >> day`, outside the lock) lands during the fsync.
    The next own append must not truncate it away."""
    days = DayStore(tmp_path, key=lambda: KEY)
    _append(days, _event(0))
    days.events(DAY)
    path = days.path_for(DAY)
    real = os.fsync
    foreign = (json.dumps(_event(99, at="08:00"), separators=(",", ":"), sort_keys=True)
               .replace("e99", "FOREIGN").encode() + b"\n")  # fmt: skip

    def fsync_then_other_writer(fd: int) -> None:
        real(fd)
        with open(path, "ab") as f:
            f.write(foreign)

    monkeypatch.setattr(os, "fsync", fsync_then_other_writer)
    _append(days, _event(1))
    monkeypatch.setattr(os, "fsync", real)
    with contextlib.suppress(StoreError):  # refusing is fine; dropping the line is not
        _append(days, _event(2))
    assert foreign in path.read_bytes(), "the next append truncated the other writer's line"
    assert "FOREIGN" in [e["id"] for e in days.events(DAY)]


def test_readers_in_other_threads_during_appends(tmp_path: Path) -> None:
    days = DayStore(tmp_path, key=lambda: KEY)
    _append(days, _event(0))
    stop, failures = threading.Event(), []
    seen: dict[str, list[int]] = {}

    def read() -> None:
        mine = seen.setdefault(threading.current_thread().name, [])
        while not stop.is_set():
            try:
                held = days.events(DAY)
                # A line is None where the reader re-read the file itself meanwhile (its
                # records, not the kept ones): the chain check then encodes the event.
                lines = days.lines(DAY, held)
                assert verify_chain(held, KEY, lines=lines) == []
                mine.append(len(held))
            except Exception as err:
                failures.append(err)
                return

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for n in range(1, 200):
        _append(days, _event(n))
    stop.set()
    for reader in readers:
        reader.join()
    assert failures == []
    assert all(counts and counts == sorted(counts) for counts in seen.values())  # never back
    _as_fresh_reader_sees(days, tmp_path)
