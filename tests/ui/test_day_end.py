"""The lead's end-of-day screen: preview, close, re-close after a correction, and the QR."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static

from kiosk.day_qr import day_qr_payload
from kiosk.i18n import Translator
from screens.dialogs.confirm import ConfirmDialog
from screens.lead.day_end import DayEndScreen
from screens.widgets.qr import QrCode
from tests.close.test_day_qr import decode_half_blocks
from tests.ui.kiosk_ui import SIZE, KioskHarness, make_harness, settle


def text_of(screen: object, selector: str) -> str:
    """What a Static shows, as plain text (its content: a str, a Text, or a renderable
    that says itself, like the counts' ItemsLine)."""
    return str(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


async def open_day_end(pilot, harness: KioskHarness) -> DayEndScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f2", *"L001", "enter", *"1234", "enter")
    await settle(pilot)
    await pilot.press("f11")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DayEndScreen)
    return screen


async def test_preview_then_close_then_the_qr_reads_back(harness: KioskHarness) -> None:
    harness.services.punch.punch("1001")
    harness.at("20:15")  # before close_at: the lead closes by hand
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_day_end(pilot, harness)
        assert "尚未结账" in text_of(screen, "#state")
        totals = text_of(screen, "#totals")
        # the board's counts, under the board's names, and the people behind each count
        assert totals.startswith("应到 9 · 出勤 1 · 迟到 0 · 早退 0 · 缺勤 8 · 未到 0 · 休息 2")
        assert "缺勤 8:黄蕾、李娜、孙主任、吴倩、徐慧、杨洋、赵雪、周婷" in totals  # pinyin
        assert "休息 2:陈晓燕、王静" in totals
        assert not screen.query(QrCode)
        await pilot.press("f2")
        await settle(pilot)
        assert text_of(screen, "#state") == "已结账(第 1 版,20:15)。"
        qr = screen.query_one("#day-qr", QrCode)
        assert qr.region.bottom <= SIZE[1] and qr.region.right <= SIZE[0]
        lines = qr.lines
    closed = harness.services.day_close.latest(harness.clock.now().date())
    assert closed is not None and closed.summary.closed_at is not None
    assert closed.summary.closed_at.isoformat().endswith("20:15:00+08:00")
    assert decode_half_blocks(lines) == day_qr_payload(closed.summary, Translator("zh"))
    closes = [e for e in harness.day_events() if e["type"] == "day_closed"]
    assert [(e["revision"], e["by"]) for e in closes] == [(1, "L001")]


async def test_a_correction_after_close_asks_for_a_new_close(harness: KioskHarness) -> None:
    harness.services.punch.punch("1001")
    harness.at("20:05")
    harness.services.day_close.close(by="L001")
    harness.at("20:10")
    at = harness.clock.now().replace(hour=18, minute=0)
    harness.services.punch.correct("1001", at, by="L001", reason="忘记签退", action="check_out")
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_day_end(pilot, harness)
        assert "第 1 版结账之后又有新记录" in text_of(screen, "#state")
        assert not screen.query(QrCode)  # the frozen figures are out of date
        await pilot.press("f2")
        await settle(pilot)
        assert text_of(screen, "#state") == "已结账(第 2 版,20:10)。"
        await pilot.press("escape")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "BoardScreen"


async def test_the_running_kiosk_closes_the_day_at_close_at(harness: KioskHarness) -> None:
    harness.services.punch.punch("1001")
    harness.at("20:29")
    app = harness.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = pilot.app.screen.query_one("#status", Static)
        assert "今日未结账" in str(status.render())
        harness.at("20:30")
        pilot.app.drive_scheduler()  # what the App's tick does (kiosk/services/scheduler.py)
        await settle(pilot)
        assert "今日已结账 20:30" in str(status.render())
    closes = [e for e in harness.day_events() if e["type"] == "day_closed"]
    assert [(e["revision"], e["by"]) for e in closes] == [(1, None)]


async def test_a_day_missed_while_the_kiosk_was_off_is_closed_at_start(tmp_path: Path) -> None:
    harness = make_harness(tmp_path / "data", now="2026-11-26T08:00:00")
    harness.services.punch.punch("1001")  # Thursday; the kiosk is then off until Friday
    harness.at("07:30")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    closed = harness.services.day_close.latest(harness.clock.now().date().replace(day=26))
    assert closed is not None and closed.revision == 1
    assert closed.summary.to_json()["closed_at"] == "2026-11-27T07:30:00+08:00"


async def test_a_correction_after_close_at_is_closed_again_by_the_kiosk(
    harness: KioskHarness,
) -> None:
    harness.services.punch.punch("1001")
    harness.at("20:30")
    harness.services.day_close.close()
    harness.at("20:40")
    at = harness.clock.now().replace(hour=18, minute=0)
    harness.services.punch.correct("1001", at, by="L001", reason="忘记签退", action="check_out")
    async with harness.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    closes = [e for e in harness.day_events() if e["type"] == "day_closed"]
    assert [e["revision"] for e in closes] == [1, 2]


async def test_closing_an_already_closed_day_again_keeps_one_qr(harness: KioskHarness) -> None:
    harness.at("20:30")  # the kiosk closes the day itself at start
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_day_end(pilot, harness)
        await pilot.press("f2")  # nothing new: the same close, the QR drawn again
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.is_running
        assert len(screen.query(QrCode)) == 1
        assert text_of(screen, "#state") == "已结账(第 1 版,20:30)。"
        assert "无需再结账" in text_of(screen, "#problem")  # issue 13, point 7: said


async def test_f3_without_a_sync_target_says_there_is_none(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_day_end(pilot, harness)
        await pilot.press("f3")
        await settle(pilot)
        assert "没有设置同步目标" in text_of(screen, "#sync")


async def test_leave_recorded_by_the_lead_for_a_closed_day_closes_it_again(
    harness: KioskHarness,
) -> None:
    harness.at("20:05")
    harness.services.day_close.close(by="L001")  # 1008 (shift B) is absent in revision 1
    harness.at("20:10")
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        board = pilot.app.screen
        table = board.query_one("#board")
        table.move_cursor(row=table.get_row_index("1008"))  # type: ignore[attr-defined]
        await pilot.press("f7")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#type", Select).value = "sick"
        dialog.query_one("#how", Select).value = "phoned"
        await pilot.press("f2")
        await settle(pilot)
    latest = harness.services.day_close.latest(harness.clock.now().date())
    assert latest is not None and latest.revision == 2
    person = next(p for p in latest.summary.people if p.staff_id == "1008")
    assert (person.status, person.leave_type) == ("leave", "sick")


async def test_closing_while_a_shift_runs_asks_first(harness: KioskHarness) -> None:
    """Walk-through finding: F11 then F2 at 15:00 closed the day at once, every C-shift
    person who had not come yet counted absent."""
    harness.at("15:00")
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", *"L001", "enter", *"1234", "enter")
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, ConfirmDialog)
        assert "C" in text_of(question, "#question") and "缺勤" in text_of(question, "#question")
        await pilot.press("escape")
        await settle(pilot)
        assert harness.services.day_close.latest(harness.clock.now().date()) is None
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert harness.services.day_close.latest(harness.clock.now().date()) is not None


async def test_a_day_before_the_kiosk_was_set_up_says_so_and_is_not_closed(
    tmp_path: Path,
) -> None:
    """The kiosk's clock put back to before the folder was set up (SET_UP_NOW, 2026-11-01),
    past close_at: the kiosk does not close that day by itself, F11 says it cannot be closed
    instead of a preview counting everyone absent, and F2 closes nothing."""
    harness = make_harness(tmp_path / "data", now="2026-10-30T20:45:00")
    expected = Translator("zh").t("error.before_first_day", date="2026-10-30", first="2026-11-01")
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_day_end(pilot, harness)
        assert text_of(screen, "#problem") == expected
        assert text_of(screen, "#state") == "" and text_of(screen, "#totals") == ""
        await pilot.press("f2")
        await settle(pilot)
        assert text_of(screen, "#problem") == expected
        await pilot.press("f4")  # not "F2 closes the day first": F2 would refuse
        await settle(pilot)
        assert text_of(screen, "#problem") == expected
    assert harness.day_events("2026-10-30") == []
