"""Finding 1 of issue 15: a punch never waits behind a day close.

The close computes everyone's line from a snapshot of the day, outside the day's lock, and
takes the lock only to write its result. Here the close is held in the middle of that
computation (in another thread) until a punch made meanwhile has finished: on the old code
the close held the lock throughout, so the punch failed with "busy" after the lock's
15 s timeout. Both must be on record, and the close must not be stale: it was computed
before the punch, so it is recomputed and its summary includes the punch.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.domain.shifts import place_shift
from kiosk.errors import StoreError
from tests.bench.scale_data import DAY, scale_folder

LEAD = "L900"  # on shift A that Monday, with no events yet


def test_a_punch_during_a_close_is_recorded_at_once_and_the_close_includes_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    scale_folder(folder, 30)
    clock = FixedClock(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))
    services = wire_services(folder, clock=clock)
    config = services.config
    clock.set(place_shift(config.shifts["A"], DAY, config.timezone).start)  # the lead comes in

    computing, punched = threading.Event(), threading.Event()
    compute = services.day_close._people
    calls: list[int] = []

    def held_compute(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:  # the first computation waits for the punch
            computing.set()
            punched.wait(30)
        return compute(*args, **kwargs)

    services.day_close._people = held_compute  # type: ignore[method-assign]
    outcome: dict[str, object] = {}

    def run_close() -> None:
        try:
            outcome["close"] = services.day_close.close(DAY)
        except BaseException as exc:  # reported below, not lost in the thread
            outcome["error"] = exc

    closer = threading.Thread(target=run_close)
    closer.start()
    assert computing.wait(30), "the close never started computing"
    try:
        result = wire_services(folder, clock=clock).punch.punch(LEAD)
    except StoreError as exc:
        punched.set()
        closer.join(60)
        raise AssertionError(f"the punch waited behind the close: {exc}") from exc
    punched.set()
    closer.join(60)
    assert not closer.is_alive()
    assert "error" not in outcome, outcome.get("error")

    events = services.day_close.days.events(DAY)
    assert any(e["id"] == result.event_id for e in events)  # the punch is on record
    assert events[-1]["type"] == "day_closed"  # and the close after it
    lead = next(p for p in events[-1]["summary"]["people"] if p["staff_id"] == LEAD)
    assert lead["check_in"] is not None  # the close is not stale: it saw the punch
    assert services.day_close.is_closed(DAY)
