"""Finding 3 of issue 15: one validated range for every date a person or a script gives.

`--date 0026-12-01` wrote days/26-12/26-12-01.json ("Correction recorded"); `--date
0001-01-01` wrote the event and then overflowed; `punch --at 2099-12-31T12:00` was taken.
The window (kiosk/domain/date_window.py): `[limits] dates_days_back` (62) days back, or
from the kiosk's first day with 0, to `dates_days_ahead` (1) ahead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.store.days import DayStore
from tests.conftest import KioskRunner

CORRECT = ("punch", "1001", "--by", "L001", "--reason", "forgot")


def _day_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "days").rglob("*.json"))


@pytest.mark.parametrize(
    "args",
    [
        ("--at", "2026-11-27T07:30", "--date", "0026-12-01"),
        ("--at", "2026-11-27T07:30", "--date", "0001-01-01"),
        ("--at", "2026-09-20T07:30", "--date", "2026-09-20"),  # over 62 days back
        ("--at", "2026-11-27T07:30", "--date", "2026-11-20"),  # --date far from --at
        ("--at", "2026-09-20T08:00"),  # over 62 days back
    ],
)
def test_a_correction_outside_the_window_writes_nothing(
    demo_kiosk: KioskRunner, data_dir: Path, args: tuple[str, ...]
) -> None:
    before = _day_files(data_dir)
    result = demo_kiosk(*CORRECT, *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Unexpected" not in result.stderr
    assert _day_files(data_dir) == before


def test_a_punch_far_in_the_future_is_refused(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    result = demo_kiosk("punch", "1001", "--at", "2099-12-31T12:00")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "2026-09-26" in result.stderr and "2026-11-28" in result.stderr
    assert not (data_dir / "days" / "2099-12").exists()


def test_the_window_is_configurable(demo_kiosk: KioskRunner, data_dir: Path) -> None:
    config = data_dir / "kiosk.toml"
    text = config.read_text("utf-8").replace("dates_days_back = 62", "dates_days_back = 3")
    config.write_text(text, "utf-8")
    refused = demo_kiosk("check", "1001", "--by", "L001", "--date", "2026-11-23")
    assert refused.exit_code == 2
    assert "2026-11-24 to 2026-11-28" in refused.stderr
    assert demo_kiosk("check", "1001", "--by", "L001", "--date", "2026-11-24").exit_code == 0


def test_with_no_days_back_the_window_starts_on_the_first_day(
    demo_kiosk: KioskRunner, data_dir: Path
) -> None:
    config = data_dir / "kiosk.toml"
    text = config.read_text("utf-8").replace("dates_days_back = 62", "dates_days_back = 0")
    config.write_text(text, "utf-8")
    refused = demo_kiosk(*CORRECT, "--at", "2026-10-31T08:00")
    assert refused.exit_code == 2
    assert "2026-11-01 to 2026-11-28" in refused.stderr


def test_a_correction_inside_the_window_is_recorded(demo_kiosk: KioskRunner) -> None:
    result = demo_kiosk(*CORRECT, "--at", "2026-11-26T18:05", "--date", "2026-11-26")
    assert result.exit_code == 0, result.stderr


def test_an_export_of_a_month_out_of_range_is_refused(demo_kiosk: KioskRunner) -> None:
    result = demo_kiosk("export", "--month", "2099-01")
    assert result.exit_code == 2, (result.stdout, result.stderr)


def test_the_store_refuses_a_day_whose_year_is_not_four_digits(tmp_path: Path) -> None:
    """The second line of defence: no `days/26-12/26-12-01.json`."""
    from datetime import date

    store = DayStore(tmp_path / "days", lambda: b"k" * 32)
    with pytest.raises(ValueError):
        store.path_for(date(26, 12, 1))
