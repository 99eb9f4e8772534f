"""pins.json (issue 15): the PIN failures and checks per minute live apart from people.json,
so a lead's sign-in no longer rewrites everyone's records; a folder from before keeps its
rows in people.json until the first PIN check moves them (the stricter row wins); a damaged
pins.json refuses every PIN check rather than forget a lockout."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.errors import EXIT_STORE, RefusedError, StoreError
from kiosk.i18n import Translator, describe_error
from kiosk.services.container import Services
from kiosk.store.people import PIN_ATTEMPTS, PIN_FAILURES, STAFF
from kiosk.store.pins import PINS_FILE
from tests.unit.test_pins_parallel import GUESSERS, GUESSES, RIGHT, START, guess, lead_folder

LOCKED_UNTIL = "2026-11-27T08:00:00+08:00"  # five minutes after START


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    lead_folder(folder)
    return folder


def services_of(data: Path, clock: FixedClock | None = None) -> Services:
    return wire_services(data, clock or FixedClock(START))


def stored(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def legacy_rows(data: Path, table: str, *rows: dict[str, Any]) -> None:
    """Rows in people.json as a kiosk from before this change wrote them."""
    people = services_of(data).store.people
    people.update(lambda tables: [tables.insert(table, dict(row)) for row in rows])


def failures(data: Path, staff_id: str = "L001") -> list[dict[str, Any]]:
    rows = stored(data / PINS_FILE).get(PIN_FAILURES, {}).values()
    return [row for row in rows if row["staff_id"] == staff_id]


def refused(services: Services, pin: str) -> str:
    with pytest.raises(RefusedError) as info:
        services.staff.check_pin("L001", pin)
    return info.value.code


# -- the file of its own -------------------------------------------------------------------


def test_a_pin_check_never_rewrites_people_json(data: Path) -> None:
    people = data / "people.json"
    before = (people.read_bytes(), os.stat(people).st_mtime_ns)
    services = services_of(data)
    assert refused(services, "0000") == "wrong_pin"
    assert services.staff.check_pin("L001", RIGHT).id == "L001"
    assert refused(services, "0000") == "wrong_pin"
    assert (people.read_bytes(), os.stat(people).st_mtime_ns) == before
    assert [(r["count"], r["means"]) for r in failures(data)] == [(1, "typed")]
    assert stat.S_IMODE(os.stat(data / PINS_FILE).st_mode) == 0o600  # private, as every file


def test_a_new_pin_clears_the_failures_once_it_is_stored(data: Path) -> None:
    services = services_of(data)
    for _ in range(5):
        refused(services, "0000")
    assert failures(data)[0]["locked_until"] == LOCKED_UNTIL
    services.staff.set_pin("L001", "1357", by="L001")
    assert failures(data) == []
    assert services.staff.check_pin("L001", "1357").id == "L001"


# -- upgrade from a people.json that still holds the rows ----------------------------------


def test_a_lock_kept_in_people_json_still_holds_and_is_moved(data: Path) -> None:
    legacy_rows(data, PIN_FAILURES, {"staff_id": "L001", "count": 5, "locked_until": LOCKED_UNTIL})
    services = services_of(data)
    with pytest.raises(RefusedError) as asked:  # read: not moved, nothing written
        services.staff.ensure_pin_unlocked("L001")
    assert asked.value.code == "pin_locked"
    assert not (data / PINS_FILE).exists()
    assert refused(services, RIGHT) == "pin_locked"  # the right PIN, while locked
    people = stored(data / "people.json")
    assert PIN_FAILURES not in people or people[PIN_FAILURES] == {}
    assert failures(data) == [{"staff_id": "L001", "count": 5, "locked_until": LOCKED_UNTIL}]
    assert len(people[STAFF]) == 1  # the staff untouched by the move


def test_a_count_kept_in_people_json_goes_on_counting(data: Path) -> None:
    row = {"staff_id": "L001", "means": "typed", "count": 3, "locked_until": None}
    legacy_rows(data, PIN_FAILURES, row)
    services = services_of(data)
    with pytest.raises(RefusedError) as fourth:
        services.staff.check_pin("L001", "0000")
    assert fourth.value.params["remaining"] == 1
    assert refused(services, "0000") == "pin_locked"


def test_the_stricter_row_wins_when_both_files_hold_one(data: Path) -> None:
    services = services_of(data)
    refused(services, "0000")  # pins.json: count 1
    legacy_rows(data, PIN_FAILURES, {"staff_id": "L001", "count": 5, "locked_until": LOCKED_UNTIL})
    assert refused(services, RIGHT) == "pin_locked"
    assert [r["locked_until"] for r in failures(data)] == [LOCKED_UNTIL]
    # and the other way round: a lower count left in people.json does not undo a lock
    legacy_rows(data, PIN_FAILURES, {"staff_id": "L001", "means": "typed", "count": 1})
    assert refused(services, RIGHT) == "pin_locked"
    assert [r["count"] for r in failures(data)] == [5]


def test_a_move_cut_short_merges_again(data: Path) -> None:
    """A crash after pins.json was written and before people.json lost the rows leaves
    them in both: the next move keeps one row per person and way in."""
    row = {"staff_id": "L001", "means": "badge", "count": 2, "locked_until": None}
    legacy_rows(data, PIN_FAILURES, row)
    services = services_of(data)
    services.store.pins.move_legacy()
    legacy_rows(data, PIN_FAILURES, row)  # as if people.json had not been written
    services.store.pins.move_legacy()
    assert failures(data) == [row]
    assert stored(data / "people.json").get(PIN_FAILURES, {}) == {}


def test_the_checks_this_minute_kept_in_people_json_still_count(data: Path) -> None:
    minute = START.replace(second=0).isoformat()
    legacy_rows(data, PIN_ATTEMPTS, {"key": "all", "minute": minute, "count": 30})
    assert refused(services_of(data), RIGHT) == "pin_throttled"  # pin_attempts_per_minute


@pytest.mark.slow
def test_parallel_guessers_on_a_folder_from_before_check_no_more(data: Path) -> None:
    """Six processes guess at once on a folder whose people.json holds 3 failures: the
    move happens once, under both locks, and at most 2 more PINs reach the hash."""
    legacy_rows(data, PIN_FAILURES, {"staff_id": "L001", "count": 3, "locked_until": None})
    context = multiprocessing.get_context("fork")
    results: Any = context.Queue()
    workers = [
        context.Process(target=guess, args=(str(data), 4000 + i * 100, results))
        for i in range(GUESSERS)
    ]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert sum(n for n, _ in found) <= 2
    outcomes = [o for _, some in found for o in some]
    assert set(outcomes) <= {"wrong_pin", "pin_locked"}
    assert len(outcomes) == GUESSERS * GUESSES
    assert refused(services_of(data), RIGHT) == "pin_locked"


# -- damage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"pin_failures": {"1": {"staff_id": "L001", "count": "five"}}}',
        b'{"pin_failures": {"1": {"staff_id": "L001", "count": 1, "locked_until": "soon"}}}',
        b'{"pin_attempts": {"1": {"key": "all", "minute": "now", "count": 3}}}',
    ],
)
def test_a_damaged_pins_file_refuses_every_pin_and_is_kept(data: Path, body: bytes) -> None:
    (data / PINS_FILE).write_bytes(body)
    services = services_of(data)
    for ask in (
        lambda: services.staff.check_pin("L001", RIGHT),
        lambda: services.staff.ensure_pin_unlocked("L001"),
    ):
        with pytest.raises(StoreError) as info:
            ask()
        assert (info.value.code, info.value.exit_code) == ("pins_damaged", EXIT_STORE)
    assert (data / PINS_FILE).read_bytes() == body
    for lang in ("zh", "en"):
        said = describe_error(info.value, Translator(lang))
        assert str(data / PINS_FILE) in said and "{" not in said.replace(str(data), "")


def test_a_new_pin_is_stored_before_the_failures_are_cleared(data: Path) -> None:
    """With pins.json damaged the new PIN is on disk and the failures are left as they
    are (the person stays as locked as they were), never cleared with the old PIN."""
    services = services_of(data)
    (data / PINS_FILE).write_bytes(b"{damaged")
    with pytest.raises(StoreError) as info:
        services.staff.set_pin("L001", "1357", by="L001")
    assert info.value.code == "pins_damaged"
    assert (data / PINS_FILE).read_bytes() == b"{damaged"
    (data / PINS_FILE).unlink()  # IT removed it
    assert services_of(data).staff.check_pin("L001", "1357").id == "L001"
