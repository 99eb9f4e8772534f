"""verify_chain's `known_good` (issue 15): skipping the macs and links of events verified
before gives exactly what a full check gives, for any tampering after them."""

from __future__ import annotations

import random

import pytest

from kiosk.domain.chain import seal, verify_chain

KEY = b"k" * 32


def day(n: int) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for i in range(n):
        event: dict[str, object] = {"id": f"e{i}", "type": "punch", "at": f"08:{i:02d}"}
        seal(event, events[-1] if events else None, KEY)
        events.append(event)
    return events


def tamper(events: list[dict[str, object]], rng: random.Random, first: int) -> None:
    """One of: edit, delete, insert a fake, swap two: all at or after `first`."""
    kind = rng.choice(["edit", "delete", "insert", "swap"])
    i = rng.randrange(first, len(events))
    if kind == "edit":
        events[i] = dict(events[i], at="07:58")
    elif kind == "delete":
        del events[i]
    elif kind == "insert":
        fake = {"id": "fake", "type": "punch", "at": "07:00", "prev": "", "mac": "0" * 64}
        events.insert(i, fake)
    elif i + 1 < len(events):
        events[i], events[i + 1] = events[i + 1], events[i]


@pytest.mark.parametrize("seed", range(40))
def test_a_clean_prefix_skipped_gives_what_a_full_check_gives(seed: int) -> None:
    rng = random.Random(seed)
    events = day(30)
    clean = rng.randrange(1, 29)
    assert verify_chain(events[:clean], KEY) == []
    tamper(events, rng, clean)
    assert verify_chain(events, KEY, known_good=clean) == verify_chain(events, KEY)


def test_an_event_added_after_the_checked_ones_is_still_checked() -> None:
    events = day(5)
    forged = dict(events[0], id="copy")
    assert verify_chain([*events, forged], KEY, known_good=5) != []
