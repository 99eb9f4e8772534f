"""The day guard at the store: every write of a roster or leave row naming a guarded day is
refused, whichever way it is written (a transaction's insert, update or remove, or a whole
rewrite such as a bulk import), and nothing is written; other days are not held up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.domain.month_signoff import months_between
from kiosk.errors import RefusedError
from kiosk.store.people import LEAVE, ROSTER, PeopleStore


def guarded(tmp_path: Path) -> PeopleStore:
    store = PeopleStore(tmp_path / "people.json")

    def guard(first: date, last: date) -> None:
        if "2026-11" in months_between(first, last):
            raise RefusedError("month_signed_off", month="2026-11")

    store.update(lambda t: t.insert(ROSTER, {"staff_id": "1", "date": "2026-11-03", "shift": "A"}))
    store.guard = guard
    return store


def test_every_way_of_writing_a_guarded_row_is_refused(tmp_path: Path) -> None:
    store = guarded(tmp_path)
    before = store.file.path.read_bytes()
    row = {"staff_id": "1", "date": "2026-11-04", "shift": "B"}
    leave = {"id": "L1", "staff_id": "1", "type": "sick", "from": "2026-10-30", "to": "2026-11-01"}
    writes = [
        lambda t: t.insert(ROSTER, row),
        lambda t: t.upsert(ROSTER, row | {"date": "2026-11-03"}, staff_id="1", date="2026-11-03"),
        lambda t: t.remove(ROSTER, staff_id="1"),
        lambda t: t.update(ROSTER, {"date": "2026-12-03"}, staff_id="1"),  # moved out of it
        lambda t: t.insert(LEAVE, leave),  # reaches into the month
    ]
    for write in writes:
        with pytest.raises(RefusedError):
            store.update(write)
    with pytest.raises(RefusedError):  # a bulk import rewriting the tables
        store.rewrite(lambda data, _after: data[ROSTER].update({"9": row}))
    assert store.file.path.read_bytes() == before


def test_other_days_and_tables_are_not_held_up(tmp_path: Path) -> None:
    store = guarded(tmp_path)
    store.update(lambda t: t.insert(ROSTER, {"staff_id": "1", "date": "2026-12-01", "shift": "B"}))
    store.rewrite(
        lambda data, _after: data.setdefault(ROSTER, {}).update(
            {"7": {"staff_id": "2", "date": "2026-12-02", "shift": "C"}}
        )
    )
    store.update(lambda t: t.insert("pin_failures", {"staff_id": "1", "count": 1}))
    assert {r["date"] for r in store.rows(ROSTER)} == {"2026-11-03", "2026-12-01", "2026-12-02"}
    with pytest.raises(RefusedError):
        store.require_open(date(2026, 10, 20), date(2026, 12, 1))
    store.require_open(date(2026, 12, 1), date(2026, 12, 5))
