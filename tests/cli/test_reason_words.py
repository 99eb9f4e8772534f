"""A correction's reason must be words (issue 13, point 3): "25:99" typed in the wrong
field is refused at the shell as at the kiosk, and nothing is recorded."""

from __future__ import annotations

import pytest

from tests.conftest import KioskRunner

FIX = ("punch", "1001", "--by", "L001", "--action", "check_out", "--at", "2026-11-27T18:05")


@pytest.mark.parametrize("reason", ["25:99", "...", "1805"])
def test_a_reason_without_words_is_refused(demo_kiosk: KioskRunner, reason: str) -> None:
    assert demo_kiosk("punch", "1001", now="2026-11-27T07:55:00").exit_code == 0
    refused = demo_kiosk(*FIX, "--reason", reason, "--json", now="2026-11-27T19:00:00")
    assert refused.exit_code == 2
    assert "not a reason" in refused.stdout + refused.stderr
    listed = demo_kiosk("export", "--date", "2026-11-27", now="2026-11-27T19:00:00")
    assert listed.exit_code == 3  # nothing recorded: the day is still not closed


def test_a_reason_in_words_is_taken(demo_kiosk: KioskRunner) -> None:
    assert demo_kiosk("punch", "1001", now="2026-11-27T07:55:00").exit_code == 0
    done = demo_kiosk(*FIX, "--reason", "forgot to scan 18:05", now="2026-11-27T19:00:00")
    assert done.exit_code == 0, done.stderr
