"""`kiosk staff pin ID --by LEAD` (issue 13, point 4): the lead sets or resets a PIN
without a CSV, the new PIN typed twice; recorded in the audit trail, never the PIN."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import wire_services
from kiosk.errors import RefusedError
from tests.conftest import KioskRunner

NOW = "2026-11-27T09:00:00"


def pin_works(data_dir: Path, staff_id: str, pin: str) -> bool:
    try:
        wire_services(data_dir).staff.check_pin(staff_id, pin)
    except RefusedError:
        return False
    return True


def test_a_forgotten_pin_is_reset_by_the_lead(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    done = demo_kiosk("staff", "pin", "1001", "--by", "L001", "--json",
                      stdin="1234\n5678\n5678\n", now=NOW)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.json()["has_pin"] is True
    assert pin_works(data_dir, "1001", "5678") and not pin_works(data_dir, "1001", "1001")
    last = demo_kiosk("audit", "--json", "--staff", "1001", now=NOW).json()["entries"][-1]
    assert (last["type"], last["by"], last["pin_changed"]) == ("staff_saved", "L001", ["1001"])
    assert "5678" not in str(last)
    assert demo_kiosk("verify", now=NOW).exit_code == 0


def test_two_different_pins_change_nothing(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    refused = demo_kiosk("staff", "pin", "1001", "--by", "L001", stdin="1234\n5678\n8765\n",
                         now=NOW)  # fmt: skip
    assert refused.exit_code == 2 and "differ" in refused.stdout + refused.stderr
    assert pin_works(data_dir, "1001", "1001")


@pytest.mark.parametrize("bad", ["12", "abcd"])
def test_a_pin_that_is_not_4_to_8_digits_is_refused(demo_kiosk: KioskRunner, bad: str) -> None:
    refused = demo_kiosk("staff", "pin", "1001", "--by", "L001", stdin=f"1234\n{bad}\n{bad}\n",
                         now=NOW)  # fmt: skip
    assert refused.exit_code == 2


def test_a_new_hire_without_a_pin_gets_one(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    added = demo_kiosk("staff", "add", "2001", "周芳", "--shift", "A", "--rest-day", "sun",
                       now=NOW)  # fmt: skip
    assert added.exit_code == 0
    assert demo_kiosk("staff", "pin", "2001", "--by", "L001", stdin="1234\n2468\n2468\n",
                      now=NOW).exit_code == 0  # fmt: skip
    assert pin_works(data_dir, "2001", "2468")
