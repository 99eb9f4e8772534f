"""Reading a day's append-only events: which punches and checks are in effect.

An event that names another in `corrects` replaces it; the original stays in the file so the
history can always be shown. These helpers apply that rule (correction ordering) once, for
every service and face. Pure: the events are the plain records the store reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

from kiosk.domain.day_status import Punch

PUNCH, APPEARANCE, INCIDENT = "punch", "appearance_check", "incident"
DAY_CLOSED = "day_closed"  # a day-wide event: the frozen summary of one close


def new_event(event_type: str, staff_id: str, day: str, **fields: Any) -> dict[str, Any]:
    """A new append-only event; `id` is a fresh UUID that exports and sync are keyed on."""
    event = {"id": str(uuid.uuid4()), "type": event_type, "staff_id": staff_id, "date": day}
    return event | fields


def new_day_event(event_type: str, day: str, **fields: Any) -> dict[str, Any]:
    """A day-wide event (a close): no staff_id; readers that look for a person skip it."""
    return {"id": str(uuid.uuid4()), "type": event_type, "date": day} | fields


def in_effect(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events that no later event corrects."""
    events = list(events)
    replaced = {e["corrects"] for e in events if e.get("corrects")}
    return [e for e in events if e["id"] not in replaced]


def punches(events: Iterable[dict[str, Any]], staff_id: str) -> list[Punch]:
    return punches_of(e for e in in_effect(events) if e.get("staff_id") == staff_id)


_AT = attrgetter("at")
_FROM_ISO = datetime.fromisoformat


def _punch(event: dict[str, Any]) -> Punch:
    return Punch(
        event["id"],
        event["action"],
        _FROM_ISO(event["at"]),
        bool(event.get("clock_jumped", False)),
    )


def _by_time(found: list[Punch]) -> list[Punch]:
    """`found` sorted by time in place (stable: punches at the same moment keep their
    file order). A day has a few punches a person: at 5,000 staff, `sorted` over a
    generator with a lambda key cost the board more than the sort itself."""
    if len(found) > 1:
        found.sort(key=_AT)
    return found


def punches_of(mine: Iterable[dict[str, Any]]) -> list[Punch]:
    """One person's punches, by time, from their events already in effect (`by_person`)."""
    return _by_time([_punch(e) for e in mine if e.get("type") == PUNCH])


def appearance_check(events: Iterable[dict[str, Any]], staff_id: str) -> dict[str, Any] | None:
    return latest_check(e for e in in_effect(events) if e.get("staff_id") == staff_id)


def latest_check(mine: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The appearance check in effect (the last recorded) among one person's events already
    in effect."""
    checks = [e for e in mine if e.get("type") == APPEARANCE]
    return max(checks, key=lambda e: e["recorded_at"]) if checks else None


@dataclass(frozen=True)
class PersonEvents:
    """What one person's events in effect say, read in one pass over them: the board and
    the close ask this for every person, so nothing scans the day more than once."""

    punches: list[Punch]
    check: dict[str, Any] | None  # the appearance check in effect
    incident_fines: int
    corrected: frozenset[str]  # actions of punches in effect that a lead added or fixed


def person_events(mine: Iterable[dict[str, Any]]) -> PersonEvents:
    """`mine`: one person's events in effect (a value of `by_person`)."""
    found: list[Punch] = []
    checks: list[dict[str, Any]] = []
    fines = 0
    corrected: set[str] = set()
    for event in mine:
        kind = event.get("type")
        if kind == PUNCH:
            found.append(_punch(event))
            if event.get("by"):
                corrected.add(str(event["action"]))
        elif kind == APPEARANCE:
            checks.append(event)
        elif kind == INCIDENT:
            fines += int(event.get("fine", 0))
    return PersonEvents(_by_time(found), latest_check(checks), fines, frozenset(corrected))


def by_person(events: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The events in effect, grouped by person in one pass (day-wide events left out), so
    a board or a close reads each person's events without scanning everyone's."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for event in in_effect(events):
        staff_id = event.get("staff_id")
        if staff_id:
            grouped.setdefault(staff_id, []).append(event)
    return grouped
