"""Who changed the staff list, a roster, leave, a PIN or a badge, when, through what and why.

Every service that changes people.json calls `AuditTrail.record` inside the same lock as its
write, so the entry and the change cannot be split by another process. people.json keeps,
in the same write, the signed `audit_head`: the mac of the trail's last entry it includes.
So a trail deleted or cut short, a hand edit that undoes the newest change, and a change
whose records never reached the disk (the kiosk killed between the two writes) are told
apart: only the last is voided by the next change. The trail's first entry is the records
as they stood (an older data folder starts its trail at its first change).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.audit import (
    AUDIT_STARTED,
    Difference,
    PeopleState,
    differences,
    replay,
)
from kiosk.domain.chain import ChainProblem, chain_head, head_signature, seal, verify_chain
from kiosk.errors import KioskError
from kiosk.store.audit import AuditStore
from kiosk.store.people import (
    AUDIT_HEAD,
    LEAVE,
    ROSTER,
    STAFF,
    AfterWrite,
    PeopleStore,
    PeopleTables,
)

VIAS = ("kiosk", "cli", "browser")  # where a change can come from (wired in kiosk.cli)
MAX_WHY = 200
_HEADER = ("id", "type", "at", "by", "via", "account", "why", "prev", "mac")


@dataclass(frozen=True)
class AuditEntry:
    """One change as the trail shows it."""

    id: str
    type: str
    at: str
    by: str | None  # the lead who signed in for it (None: at the shell, without --by)
    via: str  # kiosk | cli | browser
    account: str  # the computer account the change was made from
    why: str
    details: dict[str, Any]  # what changed, by kind (see kiosk.domain.audit)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AuditEntry:
        by = data.get("by")
        return cls(
            str(data.get("id", "?")),
            str(data.get("type", "?")),
            str(data.get("at", "?")),
            str(by) if by is not None else None,
            str(data.get("via", "")),
            str(data.get("account", "")),
            str(data.get("why", "")),
            {k: v for k, v in data.items() if k not in _HEADER},
        )

    def public(self) -> dict[str, Any]:
        header = {"id": self.id, "type": self.type, "at": self.at, "by": self.by}
        return header | {"via": self.via, "account": self.account, "why": self.why} | self.details


HeadProblem = str  # trail_missing | head_missing | head_forged | head_unknown | people_behind


@dataclass(frozen=True)
class TrailCheck:
    """`kiosk verify`'s view of the trail: its files' chains, and people.json against it."""

    problems: tuple[tuple[Path, ChainProblem], ...]
    damaged: tuple[tuple[Path, KioskError], ...]
    differences: tuple[Difference, ...]
    people_path: Path
    started: bool  # False: no change recorded yet (an older folder), nothing to compare
    head_problem: HeadProblem | None = None  # people.json's head does not fit the trail
    pending: AuditEntry | None = None  # the newest change, in people.json, not yet on the trail
    macs: frozenset[str] = frozenset()  # every entry's mac (closes name the head they saw)

    @property
    def ok(self) -> bool:
        bad_head = self.head_problem is not None
        return not (self.problems or self.damaged or self.differences or bad_head)


class PeopleView(Protocol):
    """people.json inside the writer's lock, as the trail needs it."""

    def state(self) -> PeopleState: ...
    def head(self) -> dict[str, Any] | None: ...
    def set_head(self, row: dict[str, Any]) -> None: ...
    def then(self, action: Callable[[], None]) -> None: ...


class InTransaction:
    """A `PeopleStore.update` transaction."""

    def __init__(self, tables: PeopleTables) -> None:
        self.tables = tables

    def state(self) -> PeopleState:
        t = self.tables
        return PeopleState.of(t.all(STAFF), t.all(ROSTER), t.all(LEAVE))

    def head(self) -> dict[str, Any] | None:
        return self.tables.get(AUDIT_HEAD, key="head")

    def set_head(self, row: dict[str, Any]) -> None:
        self.tables.upsert(AUDIT_HEAD, row, key="head")

    def then(self, action: Callable[[], None]) -> None:
        self.tables.after_write.append(action)


class InRewrite:
    """A `PeopleStore.rewrite` of the parsed tables (a staff import); `before` is the state
    as read, for a trail's first entry."""

    def __init__(
        self, data: dict[str, dict[str, Any]], before: PeopleState, after: AfterWrite
    ) -> None:
        self.data = data
        self.before = before
        self.after = after

    def state(self) -> PeopleState:
        return self.before

    def head(self) -> dict[str, Any] | None:
        return next(iter(self.data.get(AUDIT_HEAD, {}).values()), None)

    def set_head(self, row: dict[str, Any]) -> None:
        self.data[AUDIT_HEAD] = {"1": row}

    def then(self, action: Callable[[], None]) -> None:
        self.after.append(action)


def state_of_tables(data: dict[str, dict[str, Any]]) -> PeopleState:
    return PeopleState.of(
        data.get(STAFF, {}).values(), data.get(ROSTER, {}).values(), data.get(LEAVE, {}).values()
    )


class AuditTrail:
    def __init__(
        self, store: AuditStore, people: PeopleStore, clock: Clock, config: Config,
        via: str, account: str, signed_since: Callable[[], date | None] = lambda: None,
    ) -> None:  # fmt: skip
        """`signed_since`: chain.json's date, kept in the trail's first entry."""
        self._chain_signed_since = signed_since
        self.store = store
        self.people = people
        self.clock = clock
        self.config = config
        self.via = via
        self.account = account

    def record(
        self, kind: str, by: str | None, why: str, people: PeopleView, **details: Any
    ) -> None:
        """Write one change ahead: call it inside people.json's lock, before the records are
        changed (`people` gives them as they are). The sealed entry goes into people.json
        with the change (one atomic write), then onto the trail's end, still in the lock;
        stopped between the two, the next change puts it on the trail first."""
        key = self.store.key()
        month = self._month()
        last = self._recover(people.head(), month)
        if last is None:  # the trail begins: the records as they stood
            started = self._entry(AUDIT_STARTED, None, "", state=people.state().to_json())
            since = self._chain_signed_since()
            started["signed_since"] = since.isoformat() if since else None
            self.store.append(month, started)
            last = started
        entry = self._entry(kind, by, why, **details)
        seal(entry, last, key)
        head = str(entry["mac"])
        people.set_head(
            {"key": "head", "head": head, "mac": head_signature(head, key), "entry": entry}
        )
        people.then(lambda: self.store.append(month, entry, sealed=True))

    def _recover(self, head: dict[str, Any] | None, month: str) -> dict[str, Any] | None:
        """The trail's last entry, after appending the one people.json holds if the kiosk
        stopped before it reached the trail."""
        last = self.store.last()
        pending = self._pending(head, last)
        if pending is not None:
            self.store.append(month, pending, sealed=True)
            return pending
        return last

    def _pending(
        self, head: dict[str, Any] | None, last: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """people.json's entry when it is signed, follows the trail's last entry and is not
        on the trail yet; else None."""
        if not self._valid(head) or head is None:
            return None
        entry = head.get("entry")
        if not isinstance(entry, dict) or entry.get("mac") != head["head"]:
            return None
        if last is not None and last.get("mac") == head["head"]:
            return None
        follows = entry.get("prev") == (last or {}).get("mac", "")
        return (
            dict(entry)
            if follows and verify_chain([entry], self.store.key(), entry.get("prev", "")) == []
            else None
        )

    def head(self) -> str:
        """The head people.json holds now ("" before the trail began): a close keeps it."""
        row = next(iter(self.people.rows(AUDIT_HEAD)), None)
        return str(row.get("head", "")) if row else ""

    def _first(self) -> dict[str, Any] | None:
        months = self.store.months()
        found = self.store.entries(months[0]) if months else []
        return found[0] if found else None

    def trail_signed_since(self) -> date | None:
        """When signing began, as the trail's first entry recorded it (signed, unlike
        chain.json); None without a trail or a date."""
        first = self._first()
        try:
            return date.fromisoformat(str(first["signed_since"])) if first else None
        except (KeyError, TypeError, ValueError):
            return None

    def began_on(self) -> date | None:
        """The kiosk's day of the trail's first entry (the records as they stood at the
        first change); None without a trail or a readable time."""
        first = self._first()
        try:
            at = datetime.fromisoformat(str(first["at"])) if first else None
        except (KeyError, TypeError, ValueError):
            return None
        if at is None:
            return None
        return (at.astimezone(self.config.timezone) if at.tzinfo else at).date()

    def _month(self) -> str:
        """The month file to append to: this month, or a later one already written (the
        clock was put back): the chain must only ever grow at its end."""
        now = f"{self.clock.now().astimezone(self.config.timezone):%Y-%m}"
        return max([now, *self.store.months()])

    def _valid(self, head: dict[str, Any] | None) -> bool:
        if not head or not isinstance(head.get("head"), str):
            return False
        return head.get("mac") == head_signature(head["head"], self.store.key())

    def _all(self) -> list[dict[str, Any]]:
        return [e for month in self.store.months() for e in self.store.entries(month)]

    def _entry(self, kind: str, by: str | None, why: str, **details: Any) -> dict[str, Any]:
        at = self.clock.now().isoformat(timespec="seconds")
        head = {"id": str(uuid.uuid4()), "type": kind, "at": at, "by": by, "via": self.via}
        return head | {"account": self.account, "why": why.strip()[:MAX_WHY]} | details

    def entries(
        self, first: date | None = None, last: date | None = None, staff_id: str | None = None
    ) -> list[AuditEntry]:
        """The trail, oldest first: changes made on first..last, or about that person. An
        entry whose time cannot be read is kept (a date filter cannot place it)."""
        found = []
        for data in self._all():
            entry = AuditEntry.from_json(data)
            try:
                day: date | None = date.fromisoformat(entry.at[:10])
            except ValueError:
                day = None
            if day and ((first and day < first) or (last and day > last)):
                continue
            if staff_id and not _about(data, staff_id):
                continue
            found.append(entry)
        return found

    def check(self) -> TrailCheck:
        problems: list[tuple[Path, ChainProblem]] = []
        damaged: list[tuple[Path, KioskError]] = []
        entries: list[dict[str, Any]] = []
        start = ""
        for month in self.store.months():
            path = self.store.path_for(month)
            try:
                found = self.store.entries(month)
            except KioskError as err:
                damaged.append((path, err))
                continue
            problems.extend((path, p) for p in verify_chain(found, self.store.key(), start))
            start = chain_head(found) or start
            entries.extend(found)
        stored = state_of_tables(self.people.file.tables())
        head = next(iter(self.people.rows(AUDIT_HEAD)), None)
        macs = {str(e.get("mac", "")) for e in entries}
        base = TrailCheck(tuple(problems), tuple(damaged), (), self.people.path, bool(entries))
        if not entries:
            return _with(base, head_problem="trail_missing" if head or damaged else None)
        head_problem, pending, explained = self._head_fit(entries, head)
        try:
            found_differences = tuple(differences(replay(explained), stored))
        except (KeyError, TypeError, ValueError, AttributeError):  # not an entry we write
            found_differences = ()
            if not problems:
                head_problem = head_problem or "head_unknown"
        if pending:
            macs.add(str(pending.get("mac", "")))
        return _with(
            base,
            differences=found_differences,
            head_problem=head_problem,
            pending=AuditEntry.from_json(pending) if pending else None,
            macs=frozenset(macs),
        )

    def _head_fit(
        self, entries: list[dict[str, Any]], head: dict[str, Any] | None
    ) -> tuple[HeadProblem | None, dict[str, Any] | None, list[dict[str, Any]]]:
        """(problem, the change people.json holds ahead of the trail, the entries
        people.json should reflect)."""
        if head is None:
            return "head_missing", None, entries
        if not self._valid(head):
            return "head_forged", None, entries
        if head["head"] == entries[-1].get("mac"):
            return None, None, entries
        pending = self._pending(head, entries[-1])
        if pending is not None:  # stopped before the trail was written: not lost
            return None, pending, [*entries, pending]
        if any(head["head"] == e.get("mac") for e in entries):
            return "people_behind", None, entries  # an older people.json put back
        return "head_unknown", None, entries


def _with(check: TrailCheck, **changes: Any) -> TrailCheck:
    return replace(check, **changes)


def _about(entry: dict[str, Any], staff_id: str) -> bool:
    if entry.get("staff_id") == staff_id:
        return True
    staff = entry.get("staff")
    if isinstance(staff, list) and any(
        isinstance(row, dict) and row.get("id") == staff_id for row in staff
    ):
        return True
    cells = entry.get("cells")
    if isinstance(cells, list) and any(
        isinstance(cell, dict) and cell.get("staff_id") == staff_id for cell in cells
    ):
        return True
    leave = entry.get("leave")
    return isinstance(leave, dict) and leave.get("staff_id") == staff_id
