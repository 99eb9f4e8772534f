"""The result screen says what `punch --json` says (issue 11): the same punches, read by the
CLI and scanned at the kiosk under Pilot, give the same minutes and the same verdict."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import Static

from kiosk.cli import cli
from kiosk.i18n import Translator
from screens.dialogs.confirm import ConfirmDialog
from screens.home import HomeScreen
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, scan, settle

ZH = Translator("zh")


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


# (staff, time, confirm?) in order: on time, late, a day-off arrival (1003 rests, 1004 is on
# sick leave in the demo), an early leave confirmed, a check-out on time
SAMPLE = [
    ("1001", "07:55", False),
    ("1002", "08:13", False),
    ("1003", "09:40", False),
    ("1004", "10:05", False),
    ("1008", "15:20", True),
    ("1001", "18:04", False),
]
WORDS = {
    "1001 07:55": "07:55 已签到 — 准时",
    "1002 08:13": "08:13 已签到 — 迟到 13分钟",
    "1003 09:40": "09:40 已签到",
    "1004 10:05": "10:05 已签到",
    "1008 15:20": "15:20 已签退 — 早退 40分钟,工作 6小时55分钟",
    "1001 18:04": "18:04 已签退 — 正常下班,工作 8小时9分钟",
}


def cli_figures(tmp_path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    """The same punches through `kiosk punch --json` on a folder of its own."""
    harness = make_harness(tmp_path / "cli")
    harness.services.punch.punch("1008", at=harness.clock.now())  # 07:55, as at the kiosk
    figures = {}
    for staff_id, hhmm, confirm in SAMPLE:
        at = f"2026-11-27T{hhmm}:00"
        args = ["punch", staff_id, "--at", at, "--json", *(["--yes"] if confirm else [])]
        result = CliRunner().invoke(
            cli, ["--data-dir", str(harness.data_dir), *args], env={"KIOSK_FAKE_NOW": at}
        )
        assert result.exit_code == 0, result.stdout
        figures[f"{staff_id} {hhmm}"] = json.loads(result.stdout)
    return figures


async def test_the_result_screen_says_what_punch_json_says(
    harness: KioskHarness, tmp_path: Path
) -> None:
    figures = cli_figures(tmp_path)
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1008"))
        await pilot.press("escape")
        for staff_id, hhmm, confirm in SAMPLE:
            harness.at(hhmm)
            await scan(pilot, harness.badge(staff_id))
            if confirm:
                assert isinstance(pilot.app.screen, ConfirmDialog)
                await pilot.press("f2")
                await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, ResultScreen)
            key = f"{staff_id} {hhmm}"
            body = figures[key]
            outcome = text_of(screen, "#outcome")
            assert outcome == WORDS[key]
            warn = (
                "late" in body["flags"]
                if body["action"] == "check_in"
                else bool(body["early_minutes"])
            )
            assert (screen.tone == "warn") == warn
            if body["late_minutes"] and body["action"] == "check_in":
                assert f"迟到 {ZH.minutes(body['late_minutes'])}" in outcome
            if body["early_minutes"]:
                assert f"早退 {ZH.minutes(body['early_minutes'])}" in outcome
            if body["unscheduled"]:  # no verdict on a day off, and the screen says why
                assert body["late_minutes"] == 0 and "迟到" not in outcome
                assert "负责人会看到此标记" in text_of(screen, "#note")
            await pilot.press("escape")
            await settle(pilot)


async def test_a_scan_at_lunch_asks_and_records_nothing_unless_confirmed(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))  # A: 08:00-18:00, lunch 12:00-14:00
        await pilot.press("escape")
        harness.at("12:05")
        await scan(pilot, harness.badge("1001"))
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        question = text_of(dialog, "#question")
        assert "用餐时间 12:00-14:00,不用打卡;下班请在 18:00 后刷卡" in question
        assert "提前 5小时55分钟" in question
        assert "请按 F2 确认;去吃饭请按回车或 Esc" in question
        await pilot.press("escape")  # just going to eat
        await settle(pilot)
        assert isinstance(pilot.app.screen, ResultScreen)
        assert "没有签退,什么也没有记录" in text_of(pilot.app.screen, "#outcome")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)
        assert [e["action"] for e in harness.day_events() if e["type"] == "punch"] == ["check_in"]
        harness.at("12:30")  # sent home sick: she confirms the early check-out
        await scan(pilot, harness.badge("1001"))
        await pilot.press("f2")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen) and screen.tone == "warn"
        assert text_of(screen, "#outcome") == "12:30 已签退 — 早退 5小时30分钟,工作 4小时5分钟"
