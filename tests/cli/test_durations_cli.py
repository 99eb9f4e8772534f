"""`kiosk punch` words durations as the screens do: '6小时5分钟', '3 h' (issue 13, point 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_helpers import install_demo, invoke, one_json
from tests.conftest import KioskRunner


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def test_a_late_check_in_says_hours_and_minutes(demo: KioskRunner, data_dir: Path) -> None:
    zh = invoke(data_dir, "punch", "1001", now="2026-11-27T14:05:00")
    assert zh.exit_code == 0, zh.stderr
    assert zh.stdout.strip() == "张丽:14:05 已签到,迟到 6小时5分钟(班次 A 08:00-18:00)"
    en = demo("punch", "1002", now="2026-11-27T14:05:00")
    assert en.stdout.strip() == "李娜: checked in 14:05, 6 h 5 min late (shift A 08:00-18:00)"


def test_the_early_leave_refusal_says_hours(demo: KioskRunner, data_dir: Path) -> None:
    assert demo("punch", "1001").exit_code == 0
    zh = invoke(data_dir, "punch", "1001", now="2026-11-27T14:05:00")
    assert zh.exit_code == 3
    assert "还有 3小时55分钟" in zh.stderr.splitlines()[0]
    en = demo("punch", "1001", now="2026-11-27T15:00:00")
    assert en.stderr.splitlines()[0].startswith("张丽: leaving 3 h before the end of shift A")


def test_json_keeps_plain_minutes(demo: KioskRunner) -> None:
    """Machines read numbers: --json says 180, not '3 h'."""
    demo("punch", "1001")
    refused = one_json(demo("punch", "1001", "--json", now="2026-11-27T15:00:00"))
    assert refused["early_minutes"] == 180
