"""Reading a day's append-only events: which punches and checks are in effect.

An event that names another in `corrects` replaces it; the original stays in the file so the
history can always be shown. These helpers apply that rule (correction ordering) once, for
every service and face. Pure: the events are the plain records the store reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kiosk.domain.punch_rules import Punch

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
    return sorted(
        (
            Punch(
                e["id"],
                e["action"],
                datetime.fromisoformat(e["at"]),
                bool(e.get("clock_jumped", False)),
            )
            for e in in_effect(events)
            if e.get("type") == PUNCH and e.get("staff_id") == staff_id
        ),
        key=lambda p: p.at,
    )


def appearance_check(events: Iterable[dict[str, Any]], staff_id: str) -> dict[str, Any] | None:
    checks = [
        e
        for e in in_effect(events)
        if e.get("type") == APPEARANCE and e.get("staff_id") == staff_id
    ]
    return max(checks, key=lambda e: e["recorded_at"]) if checks else None


def by_person(events: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The events in effect, grouped by person in one pass (day-wide events left out), so
    a board or a close reads each person's events without scanning everyone's."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for event in in_effect(events):
        staff_id = event.get("staff_id")
        if staff_id:
            grouped.setdefault(staff_id, []).append(event)
    return grouped
