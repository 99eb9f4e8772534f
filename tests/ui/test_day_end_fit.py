"""The end-of-day screen at the sizes a front desk has (80x24, 100x30), issue 13, point 9:
the warning about shifts still running reads whole, one sentence a line, and the totals QR
is whole on screen: beside the figures at 100x30, in a view of its own (F4) at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.day_qr import day_qr_payload, totals_text
from kiosk.i18n import Translator
from screens.lead.day_end import DayEndScreen
from screens.lead.day_qr import DayQrScreen
from screens.widgets.qr import QrCode
from tests.close.test_day_qr import LONG_ID, WORST
from tests.ui.kiosk_ui import KioskHarness, make_harness, screen_lines, settle
from tests.ui.qr_camera import decode_on_screen
from tests.ui.test_day_end import open_day_end, text_of

SIZES = [(80, 24), (100, 30)]
WARNING = {
    "zh": [
        "注意:A、B、C班还没有下班。",
        "现在结账,还没签到的人会记为缺勤;",
        "之后有人签到,到结账时间会自动重新结账。",
    ],
    "en": [
        "Note: shifts still running: A, B, C.",
        "Closing now counts whoever has not checked in as absent.",
        "A later check-in re-opens the day; it closes again at closing time.",
    ],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_shifts_still_running_warning_reads_whole(
    tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    harness = make_harness(tmp_path / "data", lang=lang)
    harness.services.punch.punch("1001")
    harness.at("12:00")  # A, B and C are all still on
    async with harness.app.run_test(size=size) as pilot:
        await open_day_end(pilot, harness)
        await settle(pilot)
        lines = [line.strip() for line in screen_lines(pilot)]
    for sentence in WARNING[lang]:
        assert sentence in lines, (sentence, lines)
    assert not any(line.startswith(tuple("、,。;:)")) for line in lines)


def closed_day(tmp_path: Path, lang: str) -> KioskHarness:
    harness = make_harness(tmp_path / "data", lang=lang)
    harness.services.punch.punch("1001")
    harness.at("20:30")
    harness.services.day_close.close()  # before the app starts: no race with its own close
    return harness


def payload_of(harness: KioskHarness, lang: str) -> str:
    closed = harness.services.day_close.latest(harness.clock.now().date())
    assert closed is not None
    return day_qr_payload(closed.summary, Translator(lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_at_100x30_the_qr_is_whole_beside_the_figures(tmp_path: Path, lang: str) -> None:
    harness = closed_day(tmp_path, lang)
    async with harness.app.run_test(size=(100, 30)) as pilot:
        screen = await open_day_end(pilot, harness)
        qr = screen.query_one("#day-qr", QrCode)
        assert qr.display and qr.region.right <= 100 and qr.region.bottom <= 30
        assert not qr.region.overlaps(screen.query_one("#totals").region)
        assert not screen.query_one("#qr-hint").display
        decoded = decode_on_screen(pilot, qr.region, (0, 0))  # its own quiet zone
    assert decoded == payload_of(harness, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_at_80x24_f4_shows_the_whole_qr_in_its_own_view(tmp_path: Path, lang: str) -> None:
    harness = closed_day(tmp_path, lang)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        screen = await open_day_end(pilot, harness)
        assert not screen.query_one("#qr").display  # no room beside the figures
        assert "F4" in text_of(screen, "#qr-hint") and screen.query_one("#qr-hint").display
        assert "F4" in text_of(screen, "#keys")
        await pilot.press("f4")
        await settle(pilot)
        view = pilot.app.screen
        assert isinstance(view, DayQrScreen)
        qr = view.query_one(QrCode)
        decoded = decode_on_screen(pilot, qr.region, (4, 1))  # a light ground all round
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DayEndScreen)
    assert decoded == payload_of(harness, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_worst_case_qr_is_whole_at_80x24(harness: KioskHarness, lang: str) -> None:
    tr = Translator(lang)
    payload = totals_text(harness.clock.now().date(), LONG_ID, 999, WORST, tr)
    async with harness.app.run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(DayQrScreen(harness.services, tr, payload, "2026-11-27"))
        await settle(pilot)
        qr = pilot.app.screen.query_one(QrCode)
        assert decode_on_screen(pilot, qr.region, (4, 1)) == payload


async def test_a_smaller_window_moves_the_qr_to_its_own_view(tmp_path: Path) -> None:
    harness = closed_day(tmp_path, "zh")
    async with harness.app.run_test(size=(100, 30)) as pilot:
        screen = await open_day_end(pilot, harness)
        assert screen.query_one("#qr").display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not screen.query_one("#qr").display and screen.query_one("#qr-hint").display
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert screen.query_one("#qr").display and not screen.query_one("#qr-hint").display


async def test_f4_before_the_close_says_there_is_no_qr_yet(tmp_path: Path) -> None:
    harness = make_harness(tmp_path / "data")
    harness.at("12:00")
    async with harness.app.run_test(size=(80, 24)) as pilot:
        screen = await open_day_end(pilot, harness)
        await pilot.press("f4")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "结账之后" in text_of(screen, "#problem")
