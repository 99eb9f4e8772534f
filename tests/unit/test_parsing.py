"""Dates and times people type, read in one place (kiosk.parsing) for the CLI and screens."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from kiosk.parsing import typed_clock, typed_date, typed_moment, typed_month

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "text", ["2026-11-27", "2026/11/27", "2026.11.27", "２０２６－１１－２７", " 2026-11-27 "]
)
def test_a_date_in_the_forms_people_type(text: str) -> None:
    assert typed_date(text) == date(2026, 11, 27)


@pytest.mark.parametrize("text", ["2026-02-30", "0026-12-01", "9999-01-01", "27.11.2026", "", "x"])
def test_not_a_date(text: str) -> None:
    assert typed_date(text) is None


def test_clock_times() -> None:
    assert typed_clock("18:05") == typed_clock("1805") == typed_clock("１８：０５") == time(18, 5)
    assert typed_clock("25:99") is None and typed_clock("18:5") is None


def test_moments_are_local_and_years_are_checked() -> None:
    assert typed_moment("2026-11-27T08:00", TZ).tzinfo is TZ
    for bad in ("0001-01-01T08:00", "2100-01-01T00:00", "nonsense"):
        with pytest.raises(ValueError):
            typed_moment(bad, TZ)


def test_months() -> None:
    assert typed_month("2026-02") == ("2026-02", date(2026, 2, 1), date(2026, 2, 28))
    assert typed_month("2026/2") == ("2026-02", date(2026, 2, 1), date(2026, 2, 28))
    assert typed_month("2026-13") is None and typed_month("0000-01") is None


def test_the_cli_and_the_screens_take_the_same_dates(demo_kiosk) -> None:  # type: ignore[no-untyped-def]
    shown = demo_kiosk("roster", "show", "--date", "2026/11/27", "--json")
    assert shown.exit_code == 0 and shown.json()["date"] == "2026-11-27"
    refused = demo_kiosk("roster", "show", "--date", "2026-11-31")
    assert refused.exit_code == 2
