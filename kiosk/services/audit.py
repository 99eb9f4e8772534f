"""Who changed the staff list, a roster, leave, a PIN or a badge, when, through what and why.

Every service that changes people.json calls `AuditTrail.record` inside the same lock as its
write, so the entry and the change cannot be split by another process; the trail's first
entry is the records as they stood (an older data folder starts its trail at its first
change). `check` replays the trail and names every record people.json holds otherwise.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.domain.audit import (
    AUDIT_STARTED,
    CHANGE_VOIDED,
    Difference,
    PeopleState,
    differences,
    last_unapplied,
    replay,
)
from kiosk.domain.chain import ChainProblem, chain_head, verify_chain
from kiosk.errors import KioskError
from kiosk.store.audit import AuditStore
from kiosk.store.people import LEAVE, ROSTER, STAFF, PeopleStore, PeopleTables


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
        known = {"id", "type", "at", "by", "via", "account", "why", "prev", "mac"}
        return cls(
            str(data["id"]),
            str(data["type"]),
            str(data["at"]),
            data.get("by"),
            str(data.get("via", "")),
            str(data.get("account", "")),
            str(data.get("why", "")),
            {k: v for k, v in data.items() if k not in known},
        )

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "at": self.at,
            "by": self.by,
            "via": self.via,
            "account": self.account,
            "why": self.why,
        } | self.details


@dataclass(frozen=True)
class TrailCheck:
    """`kiosk verify`'s view of the trail: its files' chains, and people.json against it."""

    problems: tuple[tuple[Path, ChainProblem], ...]
    damaged: tuple[tuple[Path, KioskError], ...]
    differences: tuple[Difference, ...]
    people_path: Path
    started: bool  # False: no change recorded yet (an older folder), nothing to compare

    @property
    def ok(self) -> bool:
        return not (self.problems or self.damaged or self.differences)


Snapshot = Callable[[], PeopleState]


class AuditTrail:
    def __init__(
        self, store: AuditStore, people: PeopleStore, clock: Clock, config: Config,
        via: str, account: str,
    ) -> None:  # fmt: skip
        self.store = store
        self.people = people
        self.clock = clock
        self.config = config
        self.via = via
        self.account = account

    def record(
        self, kind: str, by: str | None, why: str, snapshot: Snapshot, **details: Any
    ) -> None:
        """Append one change. Call it inside people.json's lock, before the write; `snapshot`
        gives the records as they are now (before the change), for a trail's first entry."""
        now = self.clock.now()
        month = f"{now.astimezone(self.config.timezone):%Y-%m}"
        entries = self._all()
        if not entries:
            self.store.append(
                month, self._entry(AUDIT_STARTED, None, "", state=snapshot().to_json())
            )
        elif last_unapplied(entries, snapshot()):
            voids = str(entries[-1]["id"])
            self.store.append(month, self._entry(CHANGE_VOIDED, None, "", voids=voids))
        self.store.append(month, self._entry(kind, by, why, **details))

    def _all(self) -> list[dict[str, Any]]:
        return [e for month in self.store.months() for e in self.store.entries(month)]

    def _entry(self, kind: str, by: str | None, why: str, **details: Any) -> dict[str, Any]:
        at = self.clock.now().isoformat(timespec="seconds")
        head = {"id": str(uuid.uuid4()), "type": kind, "at": at, "by": by, "via": self.via}
        return head | {"account": self.account, "why": why.strip()[:200]} | details

    def entries(
        self, first: date | None = None, last: date | None = None, staff_id: str | None = None
    ) -> list[AuditEntry]:
        """The trail, oldest first: changes made on first..last, or about that person."""
        found = []
        for month in self.store.months():
            for data in self.store.entries(month):
                entry = AuditEntry.from_json(data)
                day = date.fromisoformat(entry.at[:10])
                if (first and day < first) or (last and day > last):
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
        stored = _people_state(self.people)
        if not entries:
            return TrailCheck(tuple(problems), tuple(damaged), (), self.people.path, False)
        try:
            trail = replay(entries[:-1] if last_unapplied(entries, stored) else entries)
            found_differences = tuple(differences(trail, stored))
        except (KeyError, TypeError, ValueError):  # an entry not as the kiosk writes them
            found_differences = ()
            if not problems:
                raise
        return TrailCheck(
            tuple(problems), tuple(damaged), found_differences, self.people.path, True
        )


def _people_state(people: PeopleStore) -> PeopleState:
    return PeopleState.of(people.rows(STAFF), people.rows(ROSTER), people.rows(LEAVE))


def _about(entry: dict[str, Any], staff_id: str) -> bool:
    if entry.get("staff_id") == staff_id:
        return True
    if any(row.get("id") == staff_id for row in entry.get("staff", ())):
        return True
    return isinstance(entry.get("leave"), dict) and entry["leave"].get("staff_id") == staff_id


def snapshot_of(tables: PeopleTables) -> Snapshot:
    """The records inside a people.json transaction, for a trail's first entry."""
    return lambda: PeopleState.of(tables.all(STAFF), tables.all(ROSTER), tables.all(LEAVE))


def snapshot_of_tables(data: dict[str, dict[str, Any]]) -> Snapshot:
    """The same for a whole-file rewrite's parsed tables (a staff import)."""
    return lambda: PeopleState.of(
        data.get(STAFF, {}).values(), data.get(ROSTER, {}).values(), data.get(LEAVE, {}).values()
    )
