"""CLI advice that does not contradict itself (issue 13, point 10)."""

from __future__ import annotations

from tests.conftest import KioskRunner


def test_exporting_a_day_still_to_come_says_so(demo_kiosk: KioskRunner) -> None:
    result = demo_kiosk("export", "--date", "2026-11-28", now="2026-11-27T09:00:00")
    assert result.exit_code == 2
    said = result.stdout + result.stderr
    assert "2026-11-28" in said and "kiosk day close" not in said  # no advice that fails
