"""`kiosk punch` says a check-out was on time, as it says so of a check-in (issue 13, 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_helpers import install_demo, invoke
from tests.conftest import KioskRunner


@pytest.fixture
def demo(kiosk: KioskRunner, data_dir: Path) -> KioskRunner:
    install_demo(data_dir)
    return kiosk


def test_a_check_out_on_time_says_so(demo: KioskRunner, data_dir: Path) -> None:
    assert invoke(data_dir, "punch", "1001").exit_code == 0
    zh = invoke(data_dir, "punch", "1001", now="2026-11-27T18:02:00")
    assert zh.stdout.strip() == "张丽:18:02 已签退,正常下班,工作 8小时7分钟"
    assert demo("punch", "1002").exit_code == 0
    en = demo("punch", "1002", now="2026-11-27T18:02:00")
    assert en.stdout.strip() == "李娜: checked out 18:02, on time, worked 8 h 7 min"


def test_a_check_out_on_a_rest_day_has_no_verdict(data_dir: Path, demo: KioskRunner) -> None:
    assert invoke(data_dir, "punch", "1003", now="2026-11-27T09:40:00").exit_code == 0
    out = invoke(data_dir, "punch", "1003", now="2026-11-27T12:10:00")
    assert out.exit_code == 0, out.stderr
    assert "正常下班" not in out.stdout and "已签退" in out.stdout
