"""The audit trail's meaning: what each kind of entry changes, and the records it explains.

people.json holds the current staff list, roster overrides and leave, for fast reads at
every scan. Every change to them is also appended to the audit trail (who, when, why,
before and after). Replaying the trail from its start gives what people.json must hold; a
record that differs was changed behind the kiosk's back (a hand edit), and `kiosk verify`
names it. Pure: entries and rows are handed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The kinds of entry, and the table each one changes.
AUDIT_STARTED = "audit_started"  # the records as they stood when the trail began
STAFF_SAVED = "staff_saved"  # added or imported: the rows after, and whose PIN changed
BADGE_REVOKED = "badge_revoked"
ROSTER_SET = "roster_set"  # one day's override (shift None: cleared to the weekly pattern)
ROSTER_PLANNED = "roster_planned"  # many overrides at once (the month plan): `cells`
LEAVE_ADDED = "leave_added"
LEAVE_PAPERWORK_DONE = "leave_paperwork_done"
# The month sign-off (kiosk.domain.month_signoff): on the trail for who, when and why; they
# change no record of people.json (the approvals are kept in months.json).
MONTH_APPROVED = "month_approved"
MONTH_REOPENED = "month_reopened"

Row = dict[str, Any]


def pin_digest(pin_hash: str | None) -> str:
    """Stands for a PIN hash in the trail: shows a PIN was changed, never helps guess it."""
    return hashlib.sha256(pin_hash.encode()).hexdigest()[:24] if pin_hash else ""


def staff_state(row: Mapping[str, Any]) -> Row:
    """A staff row as the trail keeps it (defaults filled in, the PIN hash as a digest)."""
    return (
        {
            "id": str(row["id"]),
            "name": str(row["name"]),
            "shift": str(row["shift"]),
            "rest_day": str(row["rest_day"]),
            "lead": bool(row.get("lead", False)),
            "badge_version": int(row.get("badge_version", 1)),
            "pin": pin_digest(row.get("pin_hash")),
        }
        | ({"left_on": str(row["left_on"])} if row.get("left_on") else {})
        | ({"starts_on": str(row["starts_on"])} if row.get("starts_on") else {})
        | ({"earlier": [dict(e) for e in row["earlier"]]} if row.get("earlier") else {})
    )


def leave_state(row: Mapping[str, Any]) -> Row:
    keys = ("id", "staff_id", "type", "from", "to")
    return {k: str(row[k]) for k in keys} | {
        "note": str(row.get("note", "")),
        "phoned": bool(row.get("phoned", False)),
        "paperwork_done": bool(row.get("paperwork_done", not row.get("phoned", False))),
    }


@dataclass
class PeopleState:
    """staff by ID, roster overrides by (staff ID, date), leave by its ID."""

    staff: dict[str, Row] = field(default_factory=dict)
    roster: dict[str, str] = field(default_factory=dict)  # "staff_id date" -> shift
    leave: dict[str, Row] = field(default_factory=dict)

    @classmethod
    def of(
        cls, staff: Iterable[Mapping[str, Any]], roster: Iterable[Mapping[str, Any]],
        leave: Iterable[Mapping[str, Any]],
    ) -> PeopleState:  # fmt: skip
        """The state people.json's rows stand for."""
        return cls(
            {str(r["id"]): staff_state(r) for r in staff},
            {roster_key(r["staff_id"], r["date"]): str(r["shift"]) for r in roster},
            {str(r["id"]): leave_state(r) for r in leave},
        )

    def to_json(self) -> Row:
        return {"staff": self.staff, "roster": self.roster, "leave": self.leave}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PeopleState:
        return cls(dict(data["staff"]), dict(data["roster"]), dict(data["leave"]))


def roster_key(staff_id: str, day: str) -> str:
    return f"{staff_id} {day}"


def apply(state: PeopleState, entry: Mapping[str, Any]) -> None:
    """Change `state` as the entry says (in place). KeyError/TypeError for an entry that is
    not one the kiosk writes (the trail was edited: its signature shows that too)."""
    kind = entry["type"]
    if kind == AUDIT_STARTED:
        fresh = PeopleState.from_json(entry["state"])
        state.staff, state.roster, state.leave = fresh.staff, fresh.roster, fresh.leave
    elif kind == STAFF_SAVED:
        for row in entry["staff"]:
            state.staff[str(row["id"])] = dict(row)
    elif kind == BADGE_REVOKED:
        state.staff[str(entry["staff_id"])]["badge_version"] = int(entry["badge_version"])
    elif kind == ROSTER_SET:
        _set_roster(state, entry)
    elif kind == ROSTER_PLANNED:
        for cell in entry["cells"]:
            _set_roster(state, cell)
    elif kind == LEAVE_ADDED:
        state.leave[str(entry["leave"]["id"])] = dict(entry["leave"])
    elif kind == LEAVE_PAPERWORK_DONE:
        state.leave[str(entry["leave_id"])]["paperwork_done"] = True
    elif kind in (MONTH_APPROVED, MONTH_REOPENED):
        pass
    else:
        raise KeyError(kind)


def _set_roster(state: PeopleState, cell: Mapping[str, Any]) -> None:
    key = roster_key(cell["staff_id"], cell["date"])
    if cell["shift"] is None:
        state.roster.pop(key, None)
    else:
        state.roster[key] = str(cell["shift"])


def replay(entries: Sequence[Mapping[str, Any]]) -> PeopleState:
    """The records the trail explains."""
    state = PeopleState()
    for entry in entries:
        apply(state, entry)
    return state


@dataclass(frozen=True)
class Difference:
    table: str  # staff | roster | leave
    key: str  # the staff ID, "staff_id date", or the leave ID
    trail: Any  # what the trail says (None: not there)
    stored: Any  # what people.json holds (None: not there)


def differences(trail: PeopleState, stored: PeopleState) -> list[Difference]:
    """Every record where people.json is not what its trail explains."""
    found = []
    for table in ("staff", "roster", "leave"):
        want: dict[str, Any] = getattr(trail, table)
        have: dict[str, Any] = getattr(stored, table)
        for key in sorted(set(want) | set(have)):
            if want.get(key) != have.get(key):
                found.append(Difference(table, key, want.get(key), have.get(key)))
    return found
