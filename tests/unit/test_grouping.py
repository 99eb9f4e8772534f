"""Extending a day's grouping by person as its file grows (domain/grouping.py) gives
exactly `by_person` of the same events: corrections of earlier, later, other people's and
missing events, day-wide events, ids held twice, and a list that is not an extension."""

from __future__ import annotations

import random
from typing import Any

import pytest

from kiosk.domain.events import by_person
from kiosk.domain.grouping import grouped


def random_day(rng: random.Random, n: int, twice: float = 0.0) -> list[dict[str, Any]]:
    """`twice`: how often an event takes a random id (maybe one already held)."""
    events: list[dict[str, Any]] = []
    for i in range(n):
        event_id = f"e{rng.randrange(n * 3)}" if rng.random() < twice else f"e{i}"
        if rng.random() < 0.05:
            events.append({"id": event_id, "type": "day_closed"})
            continue
        corrects = None
        if rng.random() < 0.3:
            corrects = f"e{rng.randrange(n + 5)}"  # earlier, later or never written
        events.append({"id": event_id, "type": "punch", "staff_id": f"s{rng.randrange(6)}",
                       "corrects": corrects})  # fmt: skip
    return events


def same(a: dict[str, list[dict[str, Any]]], b: dict[str, list[dict[str, Any]]]) -> bool:
    """Equal as groups of the very records, each in file order (the people's order is
    not part of it: they are looked up by id)."""
    return set(a) == set(b) and all([id(e) for e in a[k]] == [id(e) for e in b[k]] for k in a)


@pytest.mark.parametrize("twice", [0.0, 0.05])
@pytest.mark.parametrize("seed", range(40))
def test_extended_step_by_step_it_is_by_person(seed: int, twice: float) -> None:
    rng = random.Random(seed)
    events = random_day(rng, rng.randint(1, 80), twice)
    grouping = None
    end = 0
    while end < len(events):
        end = min(len(events), end + rng.randint(0, 6))
        grouping = grouped(events[:end], grouping)
        assert same(grouping.groups, by_person(events[:end])), end


def test_a_list_that_is_not_an_extension_is_grouped_afresh() -> None:
    rng = random.Random(1)
    events = random_day(rng, 40)
    first = grouped(events)
    edited = [dict(e) for e in events]  # the same content as new records (a re-read)
    edited[3] = {"id": "x", "type": "punch", "staff_id": "s9", "corrects": None}
    again = grouped(edited, first)
    assert same(again.groups, by_person(edited))
    assert same(grouped(events[:10], first).groups, by_person(events[:10]))  # shorter
