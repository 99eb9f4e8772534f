"""PINs: scrypt hashes, and the lockout after repeated wrong PINs (with a fixed clock)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import wire_services
from kiosk.clock import FixedClock
from kiosk.config import default_config_text
from kiosk.errors import EXIT_REFUSED, RefusedError
from kiosk.pins import hash_pin, normalise_pin, valid_pin, verify_pin
from kiosk.services.container import Services
from kiosk.services.staff import normalise_id
from kiosk.store.people import PIN_FAILURES, STAFF
from kiosk.store.site import Store

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 27, 7, 55, tzinfo=TZ)
RIGHT, WRONG = "2468", "1357"


def build_services(data_dir: Path, clock: FixedClock, config_text: str | None = None) -> Services:
    """A fresh data folder wired exactly as the `kiosk` command wires it, with `clock`."""
    store = Store(data_dir)
    store.create()
    store.write_config_text(config_text or default_config_text())
    store.ensure_site_secret()
    return wire_services(data_dir, clock)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def services(tmp_path: Path, clock: FixedClock) -> Services:
    services = build_services(tmp_path / "data", clock)
    services.staff.add("1001", "张丽", "A", "mon", False, RIGHT)
    return services


def refused(services: Services, pin: str, staff_id: str = "1001") -> RefusedError:
    with pytest.raises(RefusedError) as info:
        services.staff.check_pin(staff_id, pin)
    assert info.value.exit_code == EXIT_REFUSED
    return info.value


# -- hashing ---------------------------------------------------------------------------------


def test_hash_is_salted_scrypt() -> None:
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert salt and digest
    assert "1234" not in first


def test_verify() -> None:
    stored = hash_pin("1234")
    assert verify_pin("1234", stored)
    assert not verify_pin("1235", stored)
    assert not verify_pin("", stored)


@pytest.mark.parametrize(
    "stored", ["", "garbage", "md5$1$2$3$4$5", "scrypt$x$8$1$AAAA$AAAA", "scrypt$16384$8$1$!!$!!"]
)
def test_verify_against_a_damaged_hash_is_false(stored: str) -> None:
    assert verify_pin("1234", stored) is False


@pytest.mark.parametrize(
    ("pin", "ok"),
    [("1234", True), ("12345678", True), ("123", False), ("123456789", False), ("12a4", False)],
)
def test_valid_pin(pin: str, ok: bool) -> None:
    assert valid_pin(pin) is ok


# -- lockout ---------------------------------------------------------------------------------


def test_right_pin_returns_the_member(services: Services) -> None:
    member = services.staff.check_pin("1001", RIGHT)
    assert (member.id, member.name) == ("1001", "张丽")


def test_four_wrong_pins_count_down(services: Services) -> None:
    for remaining in (4, 3, 2, 1):
        err = refused(services, WRONG)
        assert err.code == "wrong_pin"
        assert err.params["remaining"] == remaining


def test_fifth_wrong_pin_locks_for_five_minutes(services: Services, clock: FixedClock) -> None:
    for _ in range(4):
        refused(services, WRONG)
    err = refused(services, WRONG)
    assert err.code == "pin_locked"
    assert err.params["until"] == "08:00:00"  # to the second: "15:35" was read as over at 15:35

    # Locked: even the right PIN is refused, and so is any PIN.
    assert refused(services, RIGHT).code == "pin_locked"
    clock.advance(minutes=4, seconds=59)
    assert refused(services, RIGHT).code == "pin_locked"
    assert refused(services, WRONG).code == "pin_locked"

    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=TZ))
    assert services.staff.check_pin("1001", RIGHT).id == "1001"
    assert services.store.pins.rows(PIN_FAILURES) == []
    # The count starts again from scratch.
    assert refused(services, WRONG).params["remaining"] == 4


def test_wrong_pin_after_the_lockout_counts_from_one(services: Services, clock: FixedClock) -> None:
    for _ in range(5):
        refused(services, WRONG)
    clock.advance(minutes=5)
    err = refused(services, WRONG)
    assert (err.code, err.params["remaining"]) == ("wrong_pin", 4)


def test_right_pin_clears_the_count(services: Services) -> None:
    refused(services, WRONG)
    refused(services, WRONG)
    services.staff.check_pin("1001", RIGHT)
    assert refused(services, WRONG).params["remaining"] == 4


def test_lockout_is_per_person(services: Services) -> None:
    services.staff.add("1002", "李娜", "A", "tue", False, "8642")
    for _ in range(5):
        refused(services, WRONG)
    assert services.staff.check_pin("1002", "8642").id == "1002"


def test_lockout_is_stored_not_remembered(services: Services, tmp_path: Path) -> None:
    for _ in range(5):
        refused(services, WRONG)
    # A second kiosk process on the same folder (a fresh set of services) sees the lock.
    other = build_services(tmp_path / "data", FixedClock(START.replace(minute=57)))
    with pytest.raises(RefusedError) as info:
        other.staff.check_pin("1001", RIGHT)
    assert info.value.code == "pin_locked"


def test_member_without_pin_never_matches(services: Services) -> None:
    services.staff.add("1003", "王静", "B", "wed", False, None)
    assert refused(services, "0000", "1003").code == "wrong_pin"


def test_attempts_and_lockout_come_from_the_config(tmp_path: Path) -> None:
    text = default_config_text().replace("pin_max_attempts = 5", "pin_max_attempts = 2")
    text = text.replace("pin_lockout_minutes = 5", "pin_lockout_minutes = 30")
    clock = FixedClock(START)
    services = build_services(tmp_path / "data", clock, text)
    services.staff.add("1001", "张丽", "A", "mon", False, RIGHT)
    assert refused(services, WRONG).params["remaining"] == 1
    err = refused(services, WRONG)
    assert (err.code, err.params["until"]) == ("pin_locked", "08:25:00")
    clock.advance(minutes=29)
    assert refused(services, RIGHT).code == "pin_locked"
    clock.advance(minutes=1)
    assert services.staff.check_pin("1001", RIGHT).id == "1001"


# -- ASCII digits, full-width input ----------------------------------------------------------


@pytest.mark.parametrize(
    "pin",
    [
        "１２３４",  # full-width: normalise first
        "١٢٣٤",  # Arabic-Indic digits are digits to \d, not PIN digits
        "१२३४",  # Devanagari
        "1234\n",  # `$` used to accept a trailing newline
        "²³⁴⁵",
    ],
)
def test_valid_pin_is_ascii_digits_only(pin: str) -> None:
    assert valid_pin(pin) is False


@pytest.mark.parametrize(
    ("typed", "normal"), [("１２３４", "1234"), (" 2468 ", "2468"), ("١٢٣٤", "١٢٣٤")]
)
def test_normalise_pin_folds_full_width(typed: str, normal: str) -> None:
    assert normalise_pin(typed) == normal
    assert valid_pin(normalise_pin(typed)) is normal.isascii()


def test_full_width_pin_and_id_match(services: Services) -> None:
    assert services.staff.check_pin("１００１", "２４６８").id == "1001"
    assert refused(services, "１３５７").code == "wrong_pin"


def test_pin_added_full_width_is_stored_as_ascii(services: Services) -> None:
    member = services.staff.add("１００２", "李娜", "A", "tue", True, "８６４２")
    assert member.id == "1002"
    assert member.pin_hash is not None and verify_pin("8642", member.pin_hash)
    assert services.staff.check_pin("1002", "8642").id == "1002"


def test_pin_hashed_before_normalisation_still_opens(services: Services) -> None:
    # A PIN typed full-width was once valid (\d) and hashed as typed.
    legacy = hash_pin("２４６８")
    services.store.people.update(lambda tables: tables.update(STAFF, {"pin_hash": legacy}))
    assert services.staff.check_pin("1001", "２４６８").id == "1001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("１００１", "1001"), (" 1001 ", "1001"), ("ab-1", "AB-1"), ("ＡＢ－１", "AB-1")],
)
def test_normalise_id(raw: str, expected: str) -> None:
    assert normalise_id(raw) == expected
