"""A day's events in effect grouped by person, extended as the day file grows.

`events.by_person` looks at all of a day's events: 50,000 at 5,000 staff, on every board
and every close (issue 15). A running kiosk's day only grows, and its file hands out the
same records while it does (store/day_file.py), so the grouping of the events read last
time is extended with the new ones: a correction among them takes the event it corrects
out of its person's group. Each person's group is always what `by_person` gives for the
same events (tested; only the order people are listed in may differ, and they are looked
up by id); anything else than the same records plus new ones is grouped afresh.
Pure: never changes a grouping it was given (another thread may be reading it).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Event = dict[str, Any]


@dataclass(frozen=True)
class Grouping:
    """`by_person(events)`, with what it takes to extend it."""

    events: tuple[Event, ...]  # the events grouped, in file order
    groups: dict[str, list[Event]]  # by_person(events)
    replaced: frozenset[str]  # ids some event `corrects`
    owner: dict[str, str]  # id -> the person whose group holds it
    seen: frozenset[str]  # every id among the events
    extendable: bool  # no id is held twice (else a correction takes out more than one)


def grouped(events: Sequence[Event], before: Grouping | None = None) -> Grouping:
    """The grouping of `events`, from `before`'s when `events` are its events (the very
    records) followed by others."""
    held = before.events if before is not None else ()
    n = len(held)
    if (
        before is None
        or not before.extendable
        or len(events) < n
        or not all(map(operator.is_, held, events[:n]))
    ):
        return _afresh(events)
    new = events[n:]
    if not new:
        return before
    ids = {e["id"] for e in new}
    if len(ids) != len(new) or not before.seen.isdisjoint(ids):
        return _afresh(events)  # an id seen twice: rare enough to group it all again
    named = {e["corrects"] for e in new if e.get("corrects")}
    replaced = before.replaced | named
    groups = dict(before.groups)
    owner = dict(before.owner)
    copied: set[str] = set()
    for gone in named - before.replaced:
        staff_id = owner.pop(gone, None)
        if staff_id is None:
            continue  # names no event yet (or one without a person)
        left = [e for e in groups[staff_id] if e["id"] != gone]
        if left:
            groups[staff_id] = left
            copied.add(staff_id)
        else:
            del groups[staff_id]
    for event in new:
        staff_id = event.get("staff_id")
        if not staff_id or event["id"] in replaced:
            continue
        if staff_id not in copied:
            groups[staff_id] = list(groups.get(staff_id, ()))
            copied.add(staff_id)
        groups[staff_id].append(event)
        owner[event["id"]] = staff_id
    return Grouping(tuple(events), groups, replaced, owner, before.seen | ids, True)


def _afresh(events: Sequence[Event]) -> Grouping:
    """`by_person(events)` and what extending it takes, in two passes over the events
    (ids and corrections, then the groups), where it took six: at 5,000 staff each pass
    is 50,000 events. Each group is by_person's (tested); `owner` may name another
    person for an id held twice, but such a grouping is never extended."""
    seen: set[str] = set()
    named: set[str] = set()
    for event in events:
        seen.add(event["id"])
        corrects = event.get("corrects")
        if corrects:
            named.add(corrects)
    groups: dict[str, list[Event]] = {}
    owner: dict[str, str] = {}
    for event in events:
        staff_id = event.get("staff_id")
        if staff_id and event["id"] not in named:
            groups.setdefault(staff_id, []).append(event)
            owner[event["id"]] = staff_id
    extendable = len(seen) == len(events)
    return Grouping(tuple(events), groups, frozenset(named), owner, frozenset(seen), extendable)
