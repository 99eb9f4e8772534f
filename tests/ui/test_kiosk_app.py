"""The kiosk as a whole: lock-down keys, the always-focused scan field, idle, store failures."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from kiosk.cli import FRAMES_PER_SECOND
from screens.app import KioskApp, supervise
from screens.dialogs.error import ErrorDialog
from screens.home import HomeScreen
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, burst, make_harness, scan, settle


async def test_quit_keys_and_palette_do_nothing_for_staff(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        for key in ("ctrl+q", "ctrl+c", "ctrl+p", "ctrl+backslash", "tab", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.is_running, key
            assert isinstance(pilot.app.screen, HomeScreen), key
        await scan(pilot, harness.badge("1001"))
        await pilot.press("ctrl+q", "ctrl+c")
        assert pilot.app.is_running
        assert isinstance(pilot.app.screen, ResultScreen)


async def test_scan_field_keeps_the_focus(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        home = pilot.app.screen
        scan_field = home.query_one("#scan", Input)
        assert home.focused is scan_field
        await pilot.click("#clock")
        await pilot.click("#status")
        await pilot.press("shift+tab", "tab")
        await pilot.pause()
        assert home.focused is scan_field
        await scan(pilot, harness.badge("1001"))  # still scans after all that
        assert isinstance(pilot.app.screen, ResultScreen)


async def test_letters_of_a_scan_trigger_no_binding(harness: KioskHarness) -> None:
    """Every printable character lands in the scan field; only F-keys are bound."""
    async with harness.app.run_test(size=SIZE) as pilot:
        text = "qQpP?!:-_ ABCxyz019"
        await pilot.press(*text)
        assert pilot.app.screen.query_one("#scan", Input).value == text
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_home_shows_date_shifts_etiquette_and_status(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert str(home.query_one("#date", Static).render()) == "2026-11-27 周五"
        shifts = [str(s.render()) for s in home.query(".shift").results(Static)]
        assert shifts == ["A 全天班 08:00-18:00", "B 早班 08:00-16:00", "C 晚班 12:00-20:00"]
        assert str(home.query_one("#etiquette", Static).render()).startswith("今日礼仪:")
        status = str(home.query_one("#status", Static).render())
        assert status == "数据正常 · 员工 12 人 · 今日未结账 · 未设置同步"


async def test_etiquette_line_changes_with_the_day(tmp_path: Path) -> None:
    lines = set()
    for day in ("2026-11-27", "2026-11-28"):
        harness = make_harness(tmp_path / day, now=f"{day}T07:55:00")
        async with harness.app.run_test(size=SIZE) as pilot:
            lines.add(str(pilot.app.screen.query_one("#etiquette", Static).render()))
    assert len(lines) == 2


async def test_idle_result_returns_home(harness: KioskHarness) -> None:
    app = harness.app
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, "9999")  # a refusal: no checklist after it
        assert isinstance(app.screen, ResultScreen)
        harness.clock.advance(seconds=harness.services.config.result_seconds)
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.focused is app.screen.query_one("#scan")


async def test_damaged_day_file_shows_a_dialog_and_the_app_keeps_running(
    harness: KioskHarness,
) -> None:
    path = harness.services.store.days.path_for(harness.clock.now().date())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"events": {"1": {"id": ', encoding="utf-8")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = pilot.app.screen.query_one("#status", Static)
        assert status.has_class("problem")
        assert "已损坏" in str(status.render())
        await scan(pilot, harness.badge("1001"))
        dialog = pilot.app.screen
        assert isinstance(dialog, ErrorDialog)
        message = str(dialog.query_one("#message", Static).render())
        assert message == f"数据文件 {path} 已损坏,已原样保留;请联系信息科恢复或修复。"
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.is_running
    assert path.read_text(encoding="utf-8") == '{"events": {"1": {"id": '


async def test_typed_id_without_a_pin_is_told_to_use_the_badge(harness: KioskHarness) -> None:
    harness.services.staff.add("2001", "新员工", "A", "sun", lead=False, pin=None)
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, "2001")
        outcome = str(pilot.app.screen.query_one("#outcome", Static).render())
        assert outcome == "新员工 没有设置密码,请使用胸卡,或找部门负责人设置密码。"


class _BuggyOnce(KioskApp):
    """Fault injection: the first run meets an unexpected exception in a key handler."""

    runs = 0

    def on_mount(self) -> None:
        super().on_mount()
        type(self).runs += 1
        if type(self).runs == 1:
            self.call_later(self.fail)
        else:
            self.call_later(self.leave_kiosk)

    def fail(self) -> None:
        raise RuntimeError("a bug nobody expected")


def test_a_crash_restarts_the_kiosk_and_logs_instead_of_printing(
    harness: KioskHarness, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    def make_app() -> KioskApp:
        return _BuggyOnce(harness.services, lang="zh")

    assert supervise(make_app, headless=True) == 0
    assert _BuggyOnce.runs == 2
    assert "a bug nobody expected" in caplog.text
    assert "Traceback" not in capsys.readouterr().err


def test_a_kiosk_that_keeps_crashing_stops(harness: KioskHarness) -> None:
    class AlwaysBuggy(KioskApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_later(self.fail)

        def fail(self) -> None:
            raise RuntimeError("broken for good")

    started = []

    def make_app() -> KioskApp:
        started.append(1)
        return AlwaysBuggy(harness.services, lang="zh")

    assert supervise(make_app, max_crashes=2, headless=True) == 4
    assert len(started) == 3


async def test_a_badge_payload_is_never_readable_on_screen(harness: KioskHarness) -> None:
    """A payload is a credential: the field masks it, at home and in the lead sign-in."""
    payload = harness.badge("L001")
    async with harness.app.run_test(size=SIZE) as pilot:
        await burst(pilot, payload, enter=False)
        await settle(pilot)
        field = pilot.app.screen.query_one("#scan", Input)
        assert field.value == payload and field.password
        shown = pilot.app.export_screenshot()
        assert "•" * 10 in shown and payload[3:] not in shown
        await pilot.press("ctrl+u")  # cleared: a typed ID shows again
        await pilot.press(*"1002")
        assert not field.password
        field.clear()
        await pilot.press("f2")
        await settle(pilot)
        await burst(pilot, payload, enter=False)
        await settle(pilot)
        who = pilot.app.screen.query_one("#who", Input)
        assert who.value == payload and who.password
        assert payload[3:] not in pilot.app.export_screenshot()


async def test_full_garbage_collections_wait_for_a_quiet_home_screen(
    harness: KioskHarness,
) -> None:
    """A 50-100 ms full collection must not land between someone's Enter and their result:
    the kiosk turns automatic ones off and collects when the home screen is quiet."""
    before = gc.get_threshold()
    app = harness.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] >= 1_000_000  # no automatic full collection
        await scan(pilot, harness.badge("1001"))
        await pilot.press("escape")
        assert app.garbage_since_collect
        harness.clock.advance(seconds=app.GC_IDLE_SECONDS)
        app.tick()
        assert not app.garbage_since_collect
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before  # the process is left as it was


async def test_screens_paint_at_the_rate_textual_was_given(harness: KioskHarness) -> None:
    """Every screen's update timer runs at Textual's own frame setting (TEXTUAL_FPS, which
    `kiosk run` sets: see the next test); nothing patches Textual at import time."""
    import textual.screen

    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        result = pilot.app.screen
        assert isinstance(result, ResultScreen)
        for screen in (harness.app.home, result):
            assert screen._update_timer._interval == pytest.approx(textual.screen.UPDATE_PERIOD)


def test_the_kiosk_asks_textual_for_120_frames_a_second_before_importing_it() -> None:
    """A result waits for the next frame to be painted; at Textual's 60 that wait was a
    third of Enter-to-result. `kiosk run` sets TEXTUAL_FPS before Textual is imported."""
    code = (
        "import sys; from kiosk.cli import prefer_frame_rate; "
        "assert 'textual' not in sys.modules; prefer_frame_rate(); "
        "import screens.app, textual.screen; print(round(1 / textual.screen.UPDATE_PERIOD))"
    )
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) == FRAMES_PER_SECOND == 120


def test_a_tick_while_the_app_closes_does_nothing(harness: KioskHarness) -> None:
    """The tick timer can fire once more while the app shuts down, with no screen left:
    that must not raise (it did, as ScreenStackError, in a CI run)."""
    app = harness.app
    assert not app.screen_stack
    app.tick()
