"""`--by LEAD` needs that lead's PIN (issue 12, finding 6): an action in a lead's name is
not recorded on their ID alone, and CLI guesses count in the screens' lockout."""

from __future__ import annotations

import json

from tests.conftest import KioskRunner

CHECK = ("check", "1001", "--by", "L001", "--json")


def test_the_right_pin_on_standard_input_records_in_the_leads_name(
    demo_kiosk: KioskRunner,
) -> None:
    result = demo_kiosk(*CHECK, stdin="1234\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["checked_by"] == "L001"


def test_a_wrong_pin_is_refused_and_nothing_is_recorded(demo_kiosk: KioskRunner) -> None:
    result = demo_kiosk(*CHECK, stdin="0000\n")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["refused"] == "wrong_pin"
    listed = demo_kiosk("export", "--date", "2026-11-27")
    assert listed.exit_code == 3  # nothing recorded, nothing closed: still "not closed"


def test_no_pin_at_all_is_bad_usage(demo_kiosk: KioskRunner) -> None:
    result = demo_kiosk(*CHECK, stdin="")
    assert result.exit_code == 2 and "PIN" in result.stdout + result.stderr


def test_guesses_at_the_shell_lock_the_lead_as_the_screens_do(demo_kiosk: KioskRunner) -> None:
    for _ in range(5):
        assert demo_kiosk(*CHECK, stdin="0000\n").exit_code == 3
    locked = demo_kiosk(*CHECK, stdin="1234\n")  # the right PIN, while locked
    assert locked.exit_code == 3
    assert json.loads(locked.stdout)["refused"] == "pin_locked"
