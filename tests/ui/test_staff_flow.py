"""Staff at the kiosk: scanning in and out, refusals, PINs, the checklist, the next scan."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from screens.checklist import ChecklistScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.pin import PinDialog
from screens.home import HomeScreen
from screens.result import ResultScreen
from tests.ui.kiosk_ui import SIZE, KioskHarness, burst, scan, settle, type_keys


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def punches(harness: KioskHarness, day: str = "2026-11-27") -> list[tuple[str, str, str]]:
    return [
        (str(e["staff_id"]), str(e["action"]), str(e["at"])[11:16])
        for e in harness.day_events(day)
        if e["type"] == "punch"
    ]


async def test_badge_scan_on_time_shows_result_and_stores_the_punch(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.tone == "ok"
        assert text_of(screen, "#outcome") == "07:55 已签到 — 准时"
        assert text_of(screen, "#name") == "张丽"
        assert text_of(screen, "#shift") == "A 全天班 08:00-18:00"
    events = harness.day_events()
    assert [(e["staff_id"], e["action"], e["source"]) for e in events] == [
        ("1001", "check_in", "kiosk")
    ]


async def test_late_check_in_is_red_with_the_minutes(harness: KioskHarness) -> None:
    harness.at("08:07:30")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1002"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.tone == "warn"
        assert screen.query_one("#card").has_class("warn")
        assert text_of(screen, "#outcome") == "08:07 已签到 — 迟到 7分钟"
    assert punches(harness) == [("1002", "check_in", "08:07")]


async def test_english_result_reads_as_issue_words(harness_en: KioskHarness) -> None:
    harness_en.at("08:07")
    async with harness_en.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness_en.badge("1002"))
        assert text_of(pilot.app.screen, "#outcome") == "checked in 08:07 — 7 min late"
        assert text_of(pilot.app.screen, "#title") == "Checked in"


async def test_duplicate_scan_is_refused_and_stored_once(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        await pilot.press("escape")
        harness.clock.advance(seconds=40)
        await scan(pilot, harness.badge("1001"))
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.tone == "refused"
        assert text_of(screen, "#outcome") == "张丽:07:55 已经记录,无需重复刷卡。"
    assert punches(harness) == [("1001", "check_in", "07:55")]


async def test_window_not_open_yet(harness: KioskHarness) -> None:
    harness.at("06:30")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        assert text_of(pilot.app.screen, "#outcome") == "张丽:A 班签到 07:00 开始。"
    assert punches(harness) == []


async def test_check_out_shows_worked_time(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1002"))
        await pilot.press("escape")
        harness.at("18:02")
        await scan(pilot, harness.badge("1002"))
        screen = pilot.app.screen
        assert text_of(screen, "#title") == "签退成功"
        assert text_of(screen, "#outcome") == "18:02 已签退 — 正常下班,工作 8小时7分钟"
        assert screen.tone == "ok"
        await pilot.press("enter")  # a check-out's result goes home, no checklist
        assert isinstance(pilot.app.screen, HomeScreen)
    assert punches(harness) == [("1002", "check_in", "07:55"), ("1002", "check_out", "18:02")]


async def test_early_check_out_asks_and_records_when_confirmed(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1008"))  # shift B ends 16:00
        await pilot.press("escape")
        harness.at("15:15")
        await scan(pilot, harness.badge("1008"))
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "45分钟" in text_of(dialog, "#question")
        assert "B 班下班(16:00)" in text_of(dialog, "#question")
        assert punches(harness) == [("1008", "check_in", "07:55")]
        assert text_of(dialog, "#keys") == "F2 确认签退    回车/Esc 不签退"
        await pilot.press("f2")  # only F2 says yes
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.tone == "warn"
        assert text_of(screen, "#outcome") == "15:15 已签退 — 早退 45分钟,工作 6小时50分钟"
    assert punches(harness)[-1] == ("1008", "check_out", "15:15")


@pytest.mark.parametrize(
    ("fixture", "words"), [("harness", "已于 07:40 签到"), ("harness_en", "checked in at 07:40")]
)
async def test_the_early_leave_question_says_when_the_person_checked_in(
    fixture: str, words: str, request: pytest.FixtureRequest
) -> None:
    """A second scan by mistake (checked in at 07:40, scanned again at 08:11) asks about
    leaving 7 h 49 min early: the question says she is already in, since 07:40."""
    harness: KioskHarness = request.getfixturevalue(fixture)
    harness.at("07:40")
    async with harness.app.run_test(size=SIZE) as pilot:
        for staff_id in ("1008", "1001"):  # shift B ends 16:00; A has lunch 12:00-14:00
            await scan(pilot, harness.badge(staff_id))
            await pilot.press("escape")
        harness.at("08:11")
        await scan(pilot, harness.badge("1008"))
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert words in text_of(dialog, "#question")
        await pilot.press("escape")
        await settle(pilot)
        harness.at("12:30")  # the meal-break question says it too
        await scan(pilot, harness.badge("1001"))
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert words in text_of(dialog, "#question")


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_enter_or_esc_on_the_early_leave_question_is_no_and_says_so(
    harness: KioskHarness, key: str
) -> None:
    """Enter is the key people press without reading: it must not check anyone out early.
    Enter and Esc both mean "not leaving": nothing is recorded, and the screen says so."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1008"))
        await pilot.press("escape")
        harness.at("15:15")
        await scan(pilot, harness.badge("1008"))
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press(key)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen) and screen.tone == "refused"
        assert text_of(screen, "#title") == "未记录"
        assert text_of(screen, "#outcome") == "黄蕾:没有签退,什么也没有记录;下班请在 16:00 后刷卡。"
        await scan(pilot, harness.badge("1007"))  # the next person's first key clears it
        assert text_of(pilot.app.screen, "#name") == "赵雪"
    assert punches(harness) == [("1008", "check_in", "07:55"), ("1007", "check_in", "15:15")]


async def test_a_typed_id_pin_and_an_extra_enter_at_lunch_check_no_one_out(
    harness: KioskHarness,
) -> None:
    """The tester's `1010 Enter 1010 Enter Enter` at 12:30 checked 吴倩 out 330 minutes
    early: the Enter after the PIN answered the meal-break question."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1010"))  # A: 08:00-18:00, lunch 12:00-14:00
        await pilot.press("escape")
        harness.at("12:30")
        await type_keys(pilot, "1010")
        await type_keys(pilot, "1010")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert "什么也没有记录" in text_of(pilot.app.screen, "#outcome")
    assert punches(harness) == [("1010", "check_in", "07:55")]


async def test_not_leaving_is_said_in_english_too(harness_en: KioskHarness) -> None:
    harness = harness_en
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1008"))
        await pilot.press("escape")
        harness.at("15:15")
        await scan(pilot, harness.badge("1008"))
        assert text_of(pilot.app.screen, "#keys") == "F2 check out now    Enter/Esc not leaving"
        await pilot.press("enter")
        await settle(pilot)
        outcome = text_of(pilot.app.screen, "#outcome")
        assert outcome == "黄蕾: not checked out, nothing was recorded; check out after 16:00."


async def test_next_scan_while_confirm_is_open_cancels_it_and_is_recorded(
    harness: KioskHarness,
) -> None:
    """The early leaver walked off; the next person's scan must not confirm for them."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1008"))
        await pilot.press("escape")
        harness.at("15:15")
        await scan(pilot, harness.badge("1008"))
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await scan(pilot, harness.badge("1006"))  # shift C, 12:00-20:00: late check-in
        assert isinstance(pilot.app.screen, ResultScreen)
        assert text_of(pilot.app.screen, "#name") == "杨洋"
    assert punches(harness) == [("1008", "check_in", "07:55"), ("1006", "check_in", "15:15")]


async def test_checklist_follows_a_check_in_and_enter_closes_it(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        await pilot.press("enter")
        screen = pilot.app.screen
        assert isinstance(screen, ChecklistScreen)
        items = [str(s.render()) for s in screen.query(".item").results(Static)]
        assert len(items) == 13
        assert items[0] == " 1. 面部手部清洁,头发梳理整洁"
        assert "部门负责人稍后会逐项检查确认" in text_of(screen, "#lead-confirms")
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_result_moves_to_checklist_then_home_by_itself(harness: KioskHarness) -> None:
    app = harness.app
    async with app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        harness.clock.advance(seconds=harness.services.config.result_seconds - 1)
        app.tick()
        assert isinstance(app.screen, ResultScreen)
        harness.clock.advance(seconds=1)
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        harness.clock.advance(seconds=harness.services.config.idle_seconds)
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_next_scan_on_the_result_screen_is_recorded_without_waiting(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1001"))
        assert isinstance(pilot.app.screen, ResultScreen)
        await scan(pilot, harness.badge("1002"))
        assert text_of(pilot.app.screen, "#name") == "李娜"
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ChecklistScreen)
        await scan(pilot, harness.badge("1007"))
        assert text_of(pilot.app.screen, "#name") == "赵雪"
    assert [p[0] for p in punches(harness)] == ["1001", "1002", "1007"]


async def test_typed_id_then_pin_checks_in(harness: KioskHarness) -> None:
    """A person without a badge types, key by key, as people do."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, "1002")
        dialog = pilot.app.screen
        assert isinstance(dialog, PinDialog)
        assert dialog.query_one("#pin", Input).password
        await type_keys(pilot, "1002")
        assert text_of(pilot.app.screen, "#outcome") == "07:55 已签到 — 准时"
    assert punches(harness) == [("1002", "check_in", "07:55")]


async def test_a_wrong_pin_ends_the_attempt_then_the_id_is_locked(harness: KioskHarness) -> None:
    """A wrong PIN closes the prompt and says so, with the tries left; trying again starts
    at the ID, like any scan. The count is the lockout's, as before."""
    async with harness.app.run_test(size=SIZE) as pilot:
        for remaining in (4, 3, 2, 1):
            await type_keys(pilot, "1002")
            assert isinstance(pilot.app.screen, PinDialog)
            await type_keys(pilot, "0000")
            screen = pilot.app.screen
            assert isinstance(screen, ResultScreen), "a wrong PIN is a refusal, not a re-prompt"
            assert screen.tone == "refused"
            assert text_of(screen, "#outcome") == f"密码错误。再错 {remaining} 次,此工号将被锁定。"
        await type_keys(pilot, "1002")
        await type_keys(pilot, "0000")
        assert isinstance(pilot.app.screen, ResultScreen)
        assert text_of(pilot.app.screen, "#outcome") == "密码错误次数过多,此工号锁定到 08:00:00。"
        await pilot.press("escape")
        await type_keys(pilot, "1002")  # locked: told at once, no PIN asked
        assert isinstance(pilot.app.screen, ResultScreen)
        assert "锁定到 08:00:00" in text_of(pilot.app.screen, "#outcome")
        await pilot.press("escape")
        harness.at("08:00")  # the lockout is over
        await type_keys(pilot, "1002")
        await type_keys(pilot, "1002")
        assert text_of(pilot.app.screen, "#outcome") == "08:00 已签到 — 准时"
    assert punches(harness) == [("1002", "check_in", "08:00")]


async def test_the_next_person_after_a_wrong_pin_starts_at_the_scan_field(
    harness: KioskHarness,
) -> None:
    """`1001 Enter 9999 Enter` (wrong), then the next person types `1007 Enter`: that is
    赵雪's ID, asked for her PIN, not a second wrong PIN for 1001."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, "1001")
        await type_keys(pilot, "9999")
        await type_keys(pilot, "1007")
        dialog = pilot.app.screen
        assert isinstance(dialog, PinDialog)
        assert dialog.member.id == "1007"
        await type_keys(pilot, "1007")
        assert text_of(pilot.app.screen, "#name") == "赵雪"
    assert punches(harness) == [("1007", "check_in", "07:55")]
    failures = {r["staff_id"]: r["count"] for r in harness.services.store.pins.rows("pin_failures")}
    assert failures == {"1001": 1}


IDLE_F_KEYS = ["f1", *(f"f{n}" for n in range(3, 13))]  # bound nowhere on the staff's side


async def test_f_keys_that_do_nothing_are_not_taken_as_input(harness: KioskHarness) -> None:
    """F1 and F3-F12 do nothing for staff: not a PIN digit, not the next person's scan,
    and they leave the result on screen."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await pilot.press(*IDLE_F_KEYS)
        assert pilot.app.screen.query_one("#scan", Input).value == ""
        await type_keys(pilot, "1002")
        await pilot.press("1", "0", *IDLE_F_KEYS, "0", "2")
        dialog = pilot.app.screen
        assert isinstance(dialog, PinDialog)
        assert dialog.query_one("#pin", Input).value == "1002"
        await pilot.press("enter")
        await settle(pilot)
        result = pilot.app.screen
        assert isinstance(result, ResultScreen) and text_of(result, "#name") == "李娜"
        await pilot.press(*IDLE_F_KEYS)
        await settle(pilot)
        assert pilot.app.screen is result
        await pilot.press("escape")
        assert pilot.app.screen.query_one("#scan", Input).value == ""
    assert punches(harness) == [("1002", "check_in", "07:55")]


async def test_pin_dialog_escape_goes_back_to_scanning(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, "1002")
        await pilot.press("1", "2", "escape")
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.screen.query_one("#scan", Input).value == ""
    assert punches(harness) == []


async def test_unknown_id_garbage_and_forged_badges_get_a_sentence(harness: KioskHarness) -> None:
    forged = harness.badge("1001")[:-4] + "AAAA"
    cases = [
        ("9999", "没有工号为 9999 的员工。"),
        ("(01)06901234567892", "这不是员工胸卡。请重新刷卡,或输入工号。"),
        ("http://example.com/?q=1", "这不是员工胸卡。请重新刷卡,或输入工号。"),
        (forged, "此胸卡不是本考勤机发放的,请找部门负责人。"),
    ]
    async with harness.app.run_test(size=SIZE) as pilot:
        for text, sentence in cases:
            await scan(pilot, text)
            assert isinstance(pilot.app.screen, ResultScreen), text
            assert text_of(pilot.app.screen, "#outcome") == sentence
            await pilot.press("escape")
    assert punches(harness) == []


async def test_revoked_badge_is_refused(harness: KioskHarness) -> None:
    old = harness.badge("1001")
    harness.services.staff.revoke_badge("1001")
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, old)
        assert text_of(pilot.app.screen, "#outcome") == "此胸卡已挂失作废,请找部门负责人领取新卡。"
        await pilot.press("escape")
        await scan(pilot, harness.badge("1001"))
        assert text_of(pilot.app.screen, "#outcome") == "07:55 已签到 — 准时"


async def test_rest_day_punch_is_recorded_and_says_why_it_is_flagged(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, harness.badge("1003"))  # on rest today (demo)
        note = text_of(pilot.app.screen, "#note")
        assert note == "提示:今天是 王静 的休息日,负责人会看到此标记。"
        assert text_of(pilot.app.screen, "#outcome") == "07:55 已签到"
        await pilot.press("escape")
        harness.at("15:15")  # long after shift B began: still not "late" on a day off
        await scan(pilot, harness.badge("1004"))  # on sick leave today (demo)
        assert text_of(pilot.app.screen, "#outcome") == "15:15 已签到"
        assert pilot.app.screen.tone == "ok"  # type: ignore[attr-defined]
        assert "病假" in text_of(pilot.app.screen, "#note")
    assert punches(harness) == [("1003", "check_in", "07:55"), ("1004", "check_in", "15:15")]


async def test_a_badge_scanned_into_the_pin_prompt_is_a_scan_not_a_wrong_pin(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await scan(pilot, "1002")
        assert isinstance(pilot.app.screen, PinDialog)
        await scan(pilot, harness.badge("1007"))
        assert text_of(pilot.app.screen, "#name") == "赵雪"
    assert punches(harness) == [("1007", "check_in", "07:55")]
    assert harness.services.store.pins.rows("pin_failures") == []


async def test_a_queue_of_scans_typed_in_bursts_records_everyone(harness: KioskHarness) -> None:
    """Each scanner burst (payload + Enter) arrives whole while the previous result, the
    checklist or a prompt is still on screen; every scan must land and be recorded."""
    queue = ["1001", "1002", "1001", "1007", "1010"]  # the second 1001 is a duplicate
    async with harness.app.run_test(size=SIZE) as pilot:
        for staff_id in queue:
            await burst(pilot, harness.badge(staff_id))
            await settle(pilot)
            assert isinstance(pilot.app.screen, ResultScreen), staff_id
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, ChecklistScreen)
        await burst(pilot, harness.badge("1011"))
        await settle(pilot)
        assert text_of(pilot.app.screen, "#name") == "徐慧"
        await burst(pilot, "1002")  # a typed ID: the PIN prompt ...
        await settle(pilot)
        assert isinstance(pilot.app.screen, PinDialog)
        await burst(pilot, harness.badge("1008"))  # ... and the next person's badge
        await settle(pilot)
        assert text_of(pilot.app.screen, "#name") == "黄蕾"
    assert [p[0] for p in punches(harness)] == ["1001", "1002", "1007", "1010", "1011", "1008"]
