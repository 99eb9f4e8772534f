"""One day's events as an append-only file of JSON lines, one event per line.

A TinyDB file is one JSON document, rewritten whole on every insert: at 5,000 staff a day
file holds 50,000 events (25 MB), and every punch parsed and rewrote all of it (issue 15).
Here a punch appends one line under the day's lock and fsyncs it, so its cost no longer
grows with the day. Readers keep what they parsed and, when the file has only grown, parse
just the new lines; anything else (another inode, a shorter file, a changed earlier byte: a
hand edit or a restore) makes them parse the whole file again, so a tampered day is seen
at once and its chain check (services/records_check.py) fails.

A write cut short (a crash, a full disk) leaves at most a last line without its newline. It
was never confirmed to anyone, so readers ignore it and the next append removes it first.
Files written before this format (TinyDB's `{"events": {"1": {...}}}`) are read as they
are; the first append rewrites such a file once, atomically, as lines in the same order.
"""

from __future__ import annotations

import json
import os
import re
from array import array
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain.events import DAY_CLOSED
from kiosk.errors import StoreError
from kiosk.gc_pause import collector_paused
from kiosk.store.atomic import FILE_MODE, fsync_dir, write_atomic, write_error
from kiosk.store.datafile import (
    LOCK_TIMEOUT_SECONDS,
    LazyLock,
    file_stamp,
    held,
    in_record_order,
    lock_path,
)
from kiosk.store.fast_json import digit_runs
from kiosk.store.fast_json import unchecked as _fast_loads

Stamp = tuple[int, int, int, int]
Events = tuple[dict[str, Any], ...]
# an event as parsed -> what is wrong with it (a sentence for the log), or None
EventCheck = Callable[[Any], str | None]
LEGACY = re.compile(rb"\A\s*\{\s*(\"events\"\s*:|\"_default\"\s*:|\})")
# json's own scanner, called on a line without json.loads' wrapping (an encoding guessed
# from the bytes, whitespace skipped): a fifth of reading 50,000 lines (see `_event`).
_SCAN = json.JSONDecoder().scan_once


def event_line(event: dict[str, Any]) -> bytes:
    """An event as the file holds it: compact UTF-8 JSON, keys sorted, one line."""
    text = json.dumps(event, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode("utf-8") + b"\n"


def _read_buffer(path: Path) -> bytearray:
    """The file's bytes in a buffer this process's own appends can grow in place
    (DayFile._grown): read straight into it, one copy as `read_bytes` makes."""
    with open(path, "rb", buffering=0) as file:
        size = os.fstat(file.fileno()).st_size
        raw = bytearray(size + 4096)  # room for what is appended while it is read
        got = 0
        while True:
            n = file.readinto(memoryview(raw)[got:])
            if not n:
                break
            got += n
            if got == len(raw):
                raw.extend(bytes(len(raw) // 2 + 4096))
    del raw[got:]
    return raw


@dataclass(frozen=True)
class _Parsed:
    """What a reader made of the file at `stamp`: its events, the bytes they came from
    (`raw[:used]`), whether the file is the old TinyDB format, and the events by person and
    the closes (so a punch reads one person's ten events, not the day's 50,000)."""

    stamp: Stamp
    events: Events
    raw: bytes | bytearray  # a bytearray as read: this process's appends grow it
    used: int  # bytes of whole lines (a torn last line is not counted)
    legacy: bool
    by_staff: dict[str, Events]
    closes: Events
    # Where each event's line starts and ends in `raw` (empty for a legacy file): the
    # chain check hashes a line as it is stored instead of encoding the event again.
    starts: array[int]
    ends: array[int]


def _indexed(
    stamp: Stamp,
    events: Events,
    raw: bytes | bytearray,
    used: int,
    legacy: bool,
    before: _Parsed | None,
    spans: tuple[array[int], array[int]] | None = None,
) -> _Parsed:
    """A parse with its indexes; `before`'s are extended with the events after its own,
    never changed in place (a reader may be going through them in another thread).
    `spans`: the lines of all `events` (None: not known, a legacy file)."""
    starts, ends = spans if spans is not None else (array("q"), array("q"))
    by_staff = dict(before.by_staff) if before is not None else {}
    closes = list(before.closes) if before is not None else []
    added: dict[str, list[dict[str, Any]]] = {}  # gathered first: one tuple per person
    for event in events[len(before.events) if before is not None else 0 :]:
        staff_id = event.get("staff_id")
        if staff_id:
            added.setdefault(staff_id, []).append(event)
        elif event.get("type") == DAY_CLOSED:
            closes.append(event)
    for staff_id, more in added.items():
        by_staff[staff_id] = (*by_staff.get(staff_id, ()), *more)
    return _Parsed(stamp, events, raw, used, legacy, by_staff, tuple(closes), starts, ends)


class DayFile:
    """A day's append-only event file: cached, incremental reads and locked appends."""

    def __init__(self, path: Path, check: EventCheck) -> None:
        self.path = path
        self._check = check
        self._lock = LazyLock(lock_path(path), LOCK_TIMEOUT_SECONDS)
        self._parsed: _Parsed | None = None

    # -- reading ----------------------------------------------------------------------------
    def stamp(self) -> Stamp | None:
        """The file's identity and version (inode, mtime, size, ctime); None when it is absent."""
        return file_stamp(self.path)

    def snapshot(self) -> tuple[Stamp | None, list[dict[str, Any]]]:
        """The events in file order, with the stamp they were read at (taken before the
        read, so the events are never older than it). StoreError if the file is damaged."""
        parsed = self._current()
        if parsed is None:
            return None, []
        return parsed.stamp, list(parsed.events)

    def person_events(self, staff_id: str) -> list[dict[str, Any]]:
        """The person's events in file order (corrected ones included)."""
        parsed = self._current()
        return list(parsed.by_staff.get(staff_id, ())) if parsed is not None else []

    def closes(self) -> list[dict[str, Any]]:
        """The day's `day_closed` events in file order."""
        parsed = self._current()
        return list(parsed.closes) if parsed is not None else []

    def lines(self, events: list[dict[str, Any]], start: int = 0) -> list[bytes | None]:
        """Each of `events`' line as the file holds it (no newline), where it is the very
        record this file read at that place; None for any other (a newer read, another
        kiosk's event, a legacy file), and for the first `start` (not asked for). What the
        chain check hashes (domain.chain)."""
        parsed = self._parsed
        if parsed is None or not parsed.starts:
            return [None] * len(events)
        held, raw, starts, ends = parsed.events, parsed.raw, parsed.starts, parsed.ends
        count = min(len(held), len(starts))
        found: list[bytes | None] = [None] * min(start, len(events))
        for i in range(len(found), len(events)):
            known = i < count and held[i] is events[i]
            found.append(raw[starts[i] : ends[i]] if known else None)
        return found

    def last(self) -> dict[str, Any] | None:
        """The file's last event: the one a new event is chained after."""
        parsed = self._current()
        return parsed.events[-1] if parsed is not None and parsed.events else None

    def _current(self) -> _Parsed | None:
        stamp = self.stamp()
        if stamp is None:
            return None
        parsed = self._parsed  # one read of it, so threads never mix two versions
        if parsed is None or parsed.stamp != stamp:
            parsed = self._read(stamp, parsed)
            self._parsed = parsed
        return parsed

    @collector_paused()
    def _read(self, stamp: Stamp, before: _Parsed | None) -> _Parsed:
        try:
            raw = _read_buffer(self.path)
        except FileNotFoundError:
            return _indexed(stamp, (), b"", 0, False, None)
        except OSError as exc:
            raise StoreError("read_failed", path=str(self.path), reason=str(exc)) from exc
        grown = (
            before is not None
            and not before.legacy
            and before.stamp[0] == stamp[0]
            and raw.startswith(memoryview(before.raw)[: before.used])  # memcmp, no copy
        )
        if grown and before is not None:
            spans = (array("q", before.starts), array("q", before.ends))
            more, used = self._lines(raw, before.used, len(before.events), spans)
            return _indexed(stamp, before.events + more, raw, used, False, before, spans)
        if LEGACY.match(raw):
            return _indexed(stamp, self._legacy(raw), raw, len(raw), True, None)
        spans = (array("q"), array("q"))
        events, used = self._lines(raw, 0, 0, spans)
        return _indexed(stamp, events, raw, used, False, None, spans)

    def _lines(
        self, raw: bytes, start: int, counted: int, spans: tuple[array[int], array[int]]
    ) -> tuple[Events, int]:
        """The events in `raw[start:]` and where the whole lines end; each event's line is
        added to `spans` (starts, ends)."""
        end = raw.rfind(b"\n") + 1
        if end < start:
            end = start
        body = raw[start:end]
        events: list[dict[str, Any]] = []
        starts, ends = spans
        at = start
        # orjson reads a line only where no run of 19 digits starts (store/fast_json.py):
        # `runs` are those runs' offsets in `body`, ended by one past its end.
        runs = digit_runs(body) if _fast_loads is not None else []
        runs.append(len(body) + 1)
        run = 0
        for line in body.split(b"\n"):
            if line.strip():  # blank lines (a hand edit, a newline put back) carry nothing
                stop = at - start + len(line)
                while runs[run] < at - start:
                    run += 1
                fast = _fast_loads is not None and runs[run] >= stop
                events.append(self._event(line, counted + len(events) + 1, fast))
                starts.append(at)
                ends.append(at + len(line))
            at += len(line) + 1
        tail = raw[end:]
        if not tail.strip():
            return tuple(events), len(raw)
        try:
            found = json.loads(tail)
        except (UnicodeDecodeError, json.JSONDecodeError):
            start = tail.lstrip()
            if start == b"{" or start.startswith(b'{"') or not tail.strip(b"\x00"):
                # The start of an event line and no newline, or the zeros a power cut can
                # leave: a write cut short, never confirmed to anyone. Not read; the next
                # append writes over it.
                return tuple(events), end
            raise StoreError("corrupt_file", path=str(self.path)) from None
        # A whole event without its newline (a hand edit dropped it): read like any other.
        events.append(self._checked(found, counted + len(events) + 1))
        starts.append(end)
        ends.append(len(raw))
        return tuple(events), len(raw)

    def _event(self, line: bytes, number: int, fast: bool = False) -> dict[str, Any]:
        """The event on one line. A line as the kiosk writes it (UTF-8, one JSON value, no
        space around it) is read by json's scanner directly, which is what json.loads does
        with such a line; anything else (spaces, a byte-order mark, another encoding, bad
        JSON) goes through json.loads itself, for its exact answer. `fast`: the line holds
        no run of 19 digits (store/fast_json.py digit_runs), so orjson reads it first, to
        json's value; whatever it refuses (NaN, lone surrogates) goes on to json."""
        if fast and _fast_loads is not None:
            try:
                found = _fast_loads(line)
            except ValueError:  # orjson.JSONDecodeError: json decides
                pass
            else:
                return self._checked(found, number)
        try:
            text = line.decode("utf-8")
            found, end = _SCAN(text, 0)
        except (UnicodeDecodeError, StopIteration, ValueError):
            pass
        else:
            if end == len(text):
                return self._checked(found, number)
        try:
            found = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise StoreError("corrupt_file", path=str(self.path)) from None
        return self._checked(found, number)

    def _checked(self, found: Any, number: int) -> dict[str, Any]:
        if not isinstance(found, dict):
            raise StoreError("corrupt_file", path=str(self.path))
        problem = self._check(found)
        if problem:
            raise StoreError("corrupt_record", path=str(self.path), detail=f"#{number}: {problem}")
        return found

    def _legacy(self, raw: bytes) -> tuple[dict[str, Any], ...]:
        """A TinyDB-format day file (written before the kiosk appended lines)."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise StoreError("corrupt_file", path=str(self.path)) from None
        table = data.get("events", {}) if isinstance(data, dict) else None
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and k.isascii() and k.isdigit() for k in table
        ):
            raise StoreError("corrupt_file", path=str(self.path))
        events = in_record_order(table)
        for number, event in enumerate(events, 1):
            problem = self._check(event)
            if problem:
                detail = f"#{number}: {problem}"
                raise StoreError("corrupt_record", path=str(self.path), detail=detail)
        return tuple(events)

    # -- writing ----------------------------------------------------------------------------
    def locked(self) -> AbstractContextManager[None]:
        """Hold this file's cross-process lock (re-entrant within one process)."""
        return held(self._lock, self.path)

    def append(self, event: dict[str, Any], line: bytes | None = None) -> None:
        """Add `event` as the file's last line. The caller holds `locked()` and has read
        the file under it (`snapshot`), so what it chained the event to is what is there.
        `line`: `event_line(event)` when the caller already made it (domain.chain
        seal_line)."""
        # This very parse (not whatever another thread cached meanwhile) says where the
        # file ends; it refuses a damaged file before anything is added to it.
        parsed = self._current()
        line = event_line(event) if line is None else line
        if parsed is not None and parsed.legacy:
            lines = b"".join(event_line(e) for e in parsed.events) + line
            write_atomic(self.path, lines)
            self._parsed = None  # a new file: the next read parses it whole
        else:
            stamp = self._append_bytes(line, parsed)
            if (
                stamp is not None
                and parsed is not None
                and parsed.used == len(parsed.raw)
                and not parsed.legacy
            ):
                self._parsed = self._grown(parsed, line, stamp)
            # else the next read parses only the new line

    def _grown(self, parsed: _Parsed, line: bytes, stamp: Stamp) -> _Parsed:
        """`parsed` with the line this process just appended under the lock, at the stamp
        the write left: what reading the file again would give (the same bytes, parsed the
        same way), without the read. At 5,000 staff that read (25 MB, and a memcmp of its
        prefix) was most of a punch. A change by anyone else moves the stamp on, and the
        next read then checks the file whole as before."""
        raw = parsed.raw
        at = len(raw)
        if raw and not raw.endswith(b"\n"):
            line = b"\n" + line  # as _append_bytes wrote it
            at += 1
        try:
            # One buffer grown in place: the older parses sharing it only read their own
            # first `used` bytes, which never change.
            grown = raw if isinstance(raw, bytearray) else bytearray(raw)
            grown += line
        except BufferError:  # another thread is comparing against it: take a copy
            grown = bytearray(raw) + line
        own = line.strip(b"\n")
        event = self._event(own, len(parsed.events) + 1, not digit_runs(own))
        starts, ends = array("q", parsed.starts), array("q", parsed.ends)
        starts.append(at)
        ends.append(len(grown) - 1)
        events = (*parsed.events, event)
        return _indexed(stamp, events, grown, len(grown), False, parsed, (starts, ends))

    def _append_bytes(self, line: bytes, parsed: _Parsed | None) -> Stamp | None:
        """Write `line` after the file's whole lines, fsynced. Returns the file's stamp
        just after the write when the file is then exactly what was there plus `line`
        (its size says so); None when someone wrote outside the lock meanwhile, whose
        bytes the next read must then see."""
        used = parsed.used if parsed is not None else 0
        if parsed is not None and used and not parsed.raw.endswith(b"\n", 0, used):
            line = b"\n" + line  # a whole last event written without its newline
        created = parsed is None  # read under the lock: no file yet
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise write_error(exc, self.path) from exc
        try:
            if parsed is not None and os.fstat(fd).st_size != parsed.stamp[2]:
                raise StoreError("busy", path=str(self.path))  # a writer outside the lock
            try:
                os.ftruncate(fd, used)  # drop a torn last line: it was never confirmed
                os.lseek(fd, used, os.SEEK_SET)
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view) :]
                after = os.fstat(fd)  # before the fsync: its wait is a writer's window
                os.fsync(fd)
            except OSError as exc:
                # Leave the file as it was: a half line would be read as a torn write anyway,
                # but the space it holds is better given back on a full disk.
                with suppress(OSError):
                    os.ftruncate(fd, used)
                raise write_error(exc, self.path) from exc
            if created:
                os.fchmod(fd, FILE_MODE)  # the umask may have narrowed it
                after = os.fstat(fd)
        finally:
            os.close(fd)
        if created:
            try:
                fsync_dir(self.path.parent)
            except OSError as exc:
                raise StoreError("sync_failed", path=str(self.path), reason=str(exc)) from exc
        if after.st_size != used + len(line):
            return None
        return (after.st_ino, after.st_mtime_ns, after.st_size, after.st_ctime_ns)
