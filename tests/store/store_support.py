"""Helpers shared by the store tests: child processes, their acknowledgements, and a full
check of a data folder (every file parses, nothing acknowledged is missing, no duplicates)."""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.store.site import Store

WRITER = Path(__file__).with_name("writer.py")
FAKE_NOW = "2026-11-27T07:55:00"


def child_env(now: str | None = FAKE_NOW, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "WRITER_"))}
    if now:
        env["KIOSK_FAKE_NOW"] = now
    env.update(extra)
    return env


def limit_file_size(limit: int) -> Callable[[], None]:
    """A preexec_fn: files may not grow past `limit` bytes (EFBIG, like a full disk)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def start_punch(
    data_dir: Path, staff_id: str, stderr: int = subprocess.PIPE
) -> subprocess.Popen[str]:
    """The real `kiosk punch ID --json` in a child process, clock from FAKE_NOW."""
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "punch", staff_id, "--json"],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=child_env(),
    )


# The churn writer records incidents and corrections on 27-29 Nov; a lead can only record
# what has already happened, so its clock runs after those days.
CHURN_NOW = "2026-11-30T08:00:00"


def start_writer(data_dir: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    now = CHURN_NOW if args and args[0] == "churn" else FAKE_NOW
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(now, **env),
    )


@dataclass
class Acks:
    """What a writer acknowledged: only whole lines count (a kill may cut the last one)."""

    staff: set[str] = field(default_factory=set)
    events: dict[str, str] = field(default_factory=dict)  # event id -> date
    refused: list[tuple[str, str]] = field(default_factory=list)  # (code, staff id)
    errors: list[str] = field(default_factory=list)
    ready: bool = False
    count: int = 0

    def add_line(self, line: str) -> None:
        kind, *rest = line.split()
        if kind == "staff":
            self.staff.add(rest[0])
        elif kind == "event":
            assert rest[0] not in self.events, f"event {rest[0]} acknowledged twice"
            self.events[rest[0]] = rest[1]
        elif kind == "refused":
            self.refused.append((rest[0], rest[1]))
        elif kind == "ready":
            self.ready = True
            return
        else:
            self.errors.append(line)
        self.count += 1


class LineReader:
    """Reads a child's pipe line by line without blocking past a deadline."""

    def __init__(self, pipe: Any) -> None:
        self.fd = pipe.fileno()
        self.buffer = b""
        self.closed = False

    def read_line(self, deadline: float) -> str | None:
        """The next whole line, or None at EOF or when the deadline passes."""
        while b"\n" not in self.buffer:
            if self.closed:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.closed = True
                continue
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()

    def drain(self, acks: Acks, deadline: float) -> None:
        """Every whole line left in the pipe (after the child died) into `acks`."""
        while (line := self.read_line(deadline)) is not None:
            acks.add_line(line)


def no_duplicate_keys(path: Path, text: str | None = None) -> dict[str, Any]:
    """Parse JSON refusing duplicate object keys (json.loads would silently keep the last)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        dupes = [k for k, n in Counter(keys).items() if n > 1]
        assert not dupes, f"{path}: duplicate keys {dupes}"
        return dict(items)

    return json.loads(path.read_text("utf-8") if text is None else text, object_pairs_hook=pairs)


def whole_day_lines(path: Path) -> list[dict[str, Any]]:
    """A day file's events (one JSON object per line), each line parsed refusing duplicate
    keys. Only the last line may be cut short (a write killed mid-way, never acknowledged),
    and only as the start of an event."""
    text = path.read_text("utf-8")
    lines = text.split("\n")
    torn = lines.pop()
    assert not torn or torn.startswith("{"), f"{path}: a last line that is no event: {torn!r}"
    return [no_duplicate_keys(path, line) for line in lines if line.strip()]


@dataclass
class Inventory:
    staff: set[str]
    event_ids: Counter[str]
    event_dates: dict[str, str]
    events: list[dict[str, Any]]
    removed_temps: list[Path]


def check_store(data_dir: Path, acks: Acks | None = None) -> Inventory:
    """Open the folder as the kiosk does and prove it whole.

    Store.open() must clear every temp file; people.json and every day file must parse
    through the store; no event id or document id may appear twice; every acknowledged staff
    member and event must be there, each event in its own day's file.
    """
    store = Store(data_dir)
    removed = store.open()
    leftovers = sorted(p.name for p in data_dir.rglob("*.tmp"))
    assert not leftovers, f"temp files left after Store.open(): {leftovers}"
    staff = set(store.people.staff())
    if store.people.path.exists():
        no_duplicate_keys(store.people.path)
    event_ids: Counter[str] = Counter()
    event_dates: dict[str, str] = {}
    events: list[dict[str, Any]] = []
    for day in store.days.days():
        whole_day_lines(store.days.path_for(day))
        for event in store.days.events(day):
            assert event["date"] == day.isoformat(), event
            event_ids[event["id"]] += 1
            event_dates[event["id"]] = event["date"]
            events.append(event)
    duplicates = {i: n for i, n in event_ids.items() if n > 1}
    assert not duplicates, f"duplicate event ids: {duplicates}"
    if acks is not None:
        missing_staff = acks.staff - staff
        assert not missing_staff, f"acknowledged staff missing: {sorted(missing_staff)}"
        missing = sorted(set(acks.events) - set(event_ids))
        assert not missing, f"{len(missing)} acknowledged events missing: {missing[:5]}"
        misplaced = {i: d for i, d in acks.events.items() if event_dates[i] != d}
        assert not misplaced, f"events in the wrong day file: {misplaced}"
    return Inventory(staff, event_ids, event_dates, events, removed)


def event(event_id: str, **extra: object) -> dict[str, object]:
    """The smallest record a day file accepts (id, type, person, date) plus `extra`."""
    return {"id": event_id, "type": "note", "staff_id": "1001", "date": "2026-11-27", **extra}
