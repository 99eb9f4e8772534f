"""The lead's tools on the board: appearance check, punch fixes, leave, incidents, roster,
lost badges. Each drives the real app with the keyboard and reads what reached the store."""

from __future__ import annotations

from datetime import date, time

import pytest
from textual.widgets import Input, Select, SelectionList

from kiosk.badges import badge_payload, build_qr
from kiosk.parsing import typed_clock as parse_hhmm
from kiosk.parsing import typed_date as parse_day
from screens.lead.appearance import AppearanceCheckScreen
from screens.lead.badge import BadgeDialog
from screens.lead.board import BoardScreen
from screens.lead.correction import CorrectionDialog
from screens.lead.incident import IncidentDialog
from screens.lead.leave import LeaveDialog
from screens.lead.roster import RosterDialog
from screens.result import ResultScreen
from screens.widgets.qr import QrCode, qr_lines
from tests.close.test_day_qr import decode_half_blocks
from tests.ui.kiosk_ui import SIZE, KioskHarness, burst_keys, scan, settle
from tests.ui.lead_ui import events_of, open_board, pick, punch_in, text_of

TODAY = date(2026, 11, 27)


async def open_tool(pilot: object, staff_id: str, key: str) -> object:
    board = await open_board(pilot)  # type: ignore[arg-type]
    await pick(pilot, board, staff_id)  # type: ignore[arg-type]
    await pilot.press(key)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return pilot.app.screen  # type: ignore[attr-defined]


# -- appearance check --------------------------------------------------------------------------
async def test_appearance_check_with_two_failures_stores_a_fine_of_20(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await punch_in(pilot, harness, "1001")
        screen = await open_tool(pilot, "1001", "f4")
        assert isinstance(screen, AppearanceCheckScreen)
        assert "张丽" in text_of(screen, "#person") and "07:55" in text_of(screen, "#person")
        assert screen.query_one("#items", SelectionList).option_count == 13
        assert "0 元" in text_of(screen, "#total")
        items = screen.query_one("#items", SelectionList)
        assert items.render_line(0).text.startswith("▐✓▌")  # passed, said by the mark
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert "2 项" in text_of(screen, "#total") and "20 元" in text_of(screen, "#total")
        marks = [items.render_line(y).text[1] for y in range(3)]
        assert marks == ["✗", "✗", "✓"]  # issue 13, point 5: not by colour alone
        assert "✓ 合格  ✗ 不合格" in text_of(screen, "#keys")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    [check] = events_of(harness, "appearance_check", "1001")
    assert check["by"] == "L001"
    assert check["failed"] == ["clean", "breath"]
    assert check["fine"] == 20


async def test_space_down_space_queued_at_once_ticks_two_items(harness: KioskHarness) -> None:
    """Space, Down, Space arriving within a few ms (queued before the first is handled):
    each Space ticks the item highlighted when it arrived, not the one the cursor reached
    by the time Textual got round to the toggle."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await punch_in(pilot, harness, "1001")
        screen = await open_tool(pilot, "1001", "f4")
        assert isinstance(screen, AppearanceCheckScreen)
        burst_keys(pilot, "space", "down", "space")
        await settle(pilot)
        assert screen.query_one("#items", SelectionList).selected == ["clean", "breath"]
        assert "2 项" in text_of(screen, "#total") and "20 元" in text_of(screen, "#total")


async def test_appearance_check_again_opens_with_the_earlier_failures(
    harness: KioskHarness,
) -> None:
    harness.services.appearance.check("1001", by="L001", failed=["nails"])
    async with harness.app.run_test(size=SIZE) as pilot:
        screen = await open_tool(pilot, "1001", "f4")
        assert isinstance(screen, AppearanceCheckScreen)
        assert screen.query_one("#items", SelectionList).selected == ["nails"]
        assert "10 元" in text_of(screen, "#total")
        assert "已由 孙主任 检查过" in text_of(screen, "#earlier")  # the lead's name, not L001
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    assert len(events_of(harness, "appearance_check", "1001")) == 1  # Esc stored nothing


# -- fixing a punch ----------------------------------------------------------------------------
async def test_a_missing_check_out_is_recorded_with_a_reason(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await punch_in(pilot, harness, "1001")
        harness.at("19:00")
        dialog = await open_tool(pilot, "1001", "f6")
        assert isinstance(dialog, CorrectionDialog)
        assert dialog.query_one("#action", Select).value == "check_out"
        await pilot.press(*"18:05", "enter")  # no reason yet: asked for inline
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "原因" in text_of(dialog, "#problem")
        assert dialog.focused is dialog.query_one("#reason", Input)
        await pilot.press(*"忘记签退", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    punches = events_of(harness, "punch", "1001")
    assert [(p["action"], p["at"][11:16]) for p in punches] == [
        ("check_in", "07:55"),
        ("check_out", "18:05"),
    ]
    fix = punches[1]
    assert (fix["by"], fix["reason"], fix["corrects"]) == ("L001", "忘记签退", None)
    assert fix["at"] == "2026-11-27T18:05:00+08:00"


async def test_a_check_in_is_replaced_and_the_original_stays(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await punch_in(pilot, harness, "1001")
        harness.at("09:00")
        dialog = await open_tool(pilot, "1001", "f6")
        assert isinstance(dialog, CorrectionDialog)
        dialog.query_one("#action", Select).value = "check_in"
        await pilot.press(*"0750", "tab", *"badge reader down", "f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    original, fix = events_of(harness, "punch", "1001")
    assert original["at"][11:16] == "07:55" and original.get("by") is None
    assert fix["corrects"] == original["id"]
    assert (fix["action"], fix["at"][11:16], fix["by"]) == ("check_in", "07:50", "L001")


async def test_a_bad_time_or_an_out_of_order_punch_is_explained_inline(
    harness: KioskHarness,
) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await punch_in(pilot, harness, "1001")
        harness.at("19:00")
        dialog = await open_tool(pilot, "1001", "f6")
        assert isinstance(dialog, CorrectionDialog)
        await pilot.press(*"25:00", "tab", *"forgot", "f2")
        await settle(pilot)
        assert "时:分" in text_of(dialog, "#problem")
        dialog.query_one("#at", Input).value = "07:00"
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "签退时间不能早于签到时间" in text_of(dialog, "#problem")
    assert len(events_of(harness, "punch", "1001")) == 1


# -- leave, incidents, roster ------------------------------------------------------------------
async def test_leave_is_recorded_phoned_in(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1005", "f7")
        assert isinstance(dialog, LeaveDialog)
        await pilot.press("f2")  # no type chosen yet
        await settle(pilot)
        assert "假别" in text_of(dialog, "#problem")
        await pilot.press("enter", "down", "down", "enter")  # open the list, pick 病假
        await pilot.pause()
        assert dialog.query_one("#type", Select).value == "sick"
        await pilot.press("f2")  # issue 13, point 5: advance or phoned is not assumed
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "事先申请还是电话请假" in text_of(dialog, "#problem")
        dialog.query_one("#how", Select).focus()
        await pilot.press("enter", "down", "down", "enter")  # the second choice, in words
        await pilot.pause()
        assert dialog.query_one("#how", Select).value == "phoned"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    [record] = [r for r in harness.services.leave.all() if r.staff_id == "1005"]
    assert (record.type, record.start, record.end) == ("sick", TODAY, TODAY)
    assert record.phoned and record.paperwork_pending


async def test_leave_applied_in_advance_is_chosen_in_words(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1005", "f7")
        assert isinstance(dialog, LeaveDialog)
        dialog.query_one("#type", Select).value = "personal"
        dialog.query_one("#how", Select).value = "advance"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    [record] = [r for r in harness.services.leave.all() if r.staff_id == "1005"]
    assert not record.phoned and not record.paperwork_pending


async def test_overlapping_leave_is_refused_inline(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1004", "f7")
        assert isinstance(dialog, LeaveDialog)
        dialog.query_one("#type", Select).value = "personal"
        dialog.query_one("#how", Select).value = "advance"
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "重叠" in text_of(dialog, "#problem")
    assert len([r for r in harness.services.leave.all() if r.staff_id == "1004"]) == 1


async def test_an_incident_is_recorded_with_its_fine(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1002", "f8")
        assert isinstance(dialog, IncidentDialog)
        assert dialog.query_one("#kind", Select).value == "uniform_outside"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    [incident] = events_of(harness, "incident", "1002")
    assert (incident["kind"], incident["fine"], incident["by"]) == ("uniform_outside", 20, "L001")


async def test_the_roster_is_changed_for_one_day(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1002", "f9")
        assert isinstance(dialog, RosterDialog)
        day = dialog.query_one("#day", Input)
        assert day.value == "2026-11-27"
        assert dialog.query_one("#code", Select).value == "A"
        await pilot.press(*"2026-11-28", "tab")  # the date is selected: typing replaces it
        await pilot.press("enter", "down", "enter")  # A -> B
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    member = harness.services.staff.get("1002")
    plan = harness.services.roster.plan(member, date(2026, 11, 28))
    assert (plan.shift_code, plan.plan, plan.source) == ("B", "shift", "override")
    assert harness.services.roster.plan(member, TODAY).source == "default"
    last = harness.services.audit.entries()[-1]  # in the trail, in the signed-in lead's name
    assert (last.type, last.by, last.via) == ("roster_set", "L001", "kiosk")
    assert (last.details["before"], last.details["shift"]) == (None, "B")


async def test_a_rest_day_opens_on_rest_and_can_become_a_shift(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:  # 1005 rests on Fridays
        dialog = await open_tool(pilot, "1005", "f9")
        assert isinstance(dialog, RosterDialog)
        assert dialog.query_one("#code", Select).value == "rest"
        dialog.query_one("#code", Select).value = "C"
        await pilot.press("f2")
        await settle(pilot)
    member = harness.services.staff.get("1005")
    assert harness.services.roster.plan(member, TODAY).plan == "shift"


async def test_a_bad_roster_date_is_explained_inline(harness_en: KioskHarness) -> None:
    async with harness_en.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1005", "f9")
        assert isinstance(dialog, RosterDialog)
        dialog.query_one("#day", Input).value = "2026-13-01"
        await pilot.press("f2")
        await settle(pilot)
        assert "YYYY-MM-DD" in text_of(dialog, "#problem")


# -- lost badge --------------------------------------------------------------------------------
async def test_a_lost_badge_is_revoked_and_the_new_one_shown(harness: KioskHarness) -> None:
    old_badge = harness.badge("1002")
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1002", "f10")
        assert isinstance(dialog, BadgeDialog)
        assert "第 1 版" in text_of(dialog, "#message")  # the current badge, shown at once
        assert decode_half_blocks(dialog.query_one("#qr-code", QrCode).lines) == old_badge
        await pilot.press("f2")  # lost: asks first, the old card must not die by a slip
        await settle(pilot)
        assert "失效" in text_of(pilot.app.screen, "#question")
        assert harness.services.staff.get("1002").badge_version == 1
        await pilot.press("enter")
        await settle(pilot)
        assert harness.services.staff.get("1002").badge_version == 2
        last = harness.services.audit.entries()[-1]
        assert (last.type, last.by, last.details["staff_id"]) == ("badge_revoked", "L001", "1002")
        qr = dialog.query_one("#qr-code", QrCode)
        assert qr.region.height > 0 and set(qr.text) <= set("▀▄█ \n")
        assert "2" in text_of(dialog, "#message")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
        await pilot.press("escape")
        await settle(pilot)
        await scan(pilot, old_badge)
        result = pilot.app.screen
        assert isinstance(result, ResultScreen) and result.tone == "refused"
        assert "挂失" in text_of(result, "#outcome")
    secret = harness.services.store.site_secret()
    assert harness.badge("1002") == badge_payload(secret, "1002", 2)


async def test_the_qr_on_screen_decodes_to_the_new_badge(harness: KioskHarness) -> None:
    """Rebuild the picture from the characters drawn on screen and read it like a phone."""

    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1002", "f10")
        await pilot.press("f2", "enter")
        await settle(pilot)
        qr = dialog.query_one("#qr-code", QrCode)
        lines = qr.lines
        # Whole on a 100x30 screen: a QR missing a row or its margin does not scan.
        assert qr.region.height == len(lines) and qr.region.bottom <= SIZE[1]
        assert qr.region.width == len(lines[0]) and qr.region.right <= SIZE[0]
    text = decode_half_blocks(lines)
    assert text == harness.badge("1002")
    assert text is not None and text.startswith("SK:1002:2:")


# -- the small parsers and the QR drawing ------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("18:05", time(18, 5)), ("1805", time(18, 5)), ("８:０５", time(8, 5)), ("7.30", time(7, 30))],
)
def test_times_a_lead_may_type(typed: str, expected: time) -> None:
    assert parse_hhmm(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "18:60", "six", "", "18:5"])
def test_times_that_are_refused(typed: str) -> None:
    assert parse_hhmm(typed) is None


def test_dates_a_lead_may_type() -> None:
    assert parse_day("2026-11-28") == parse_day("２０２６/11/28") == date(2026, 11, 28)
    assert parse_day("2026-02-30") is None and parse_day("28.11.2026") is None


def test_the_qr_is_drawn_two_module_rows_per_line() -> None:
    matrix = build_qr("SK:1002:2:ABCDEFGHIJKLMNOP").get_matrix()
    lines = qr_lines(matrix)
    assert len(lines) == (len(matrix) + 1) // 2
    assert {len(line) for line in lines} == {len(matrix[0])}
    assert lines[0].strip() == ""  # the quiet zone is kept
    assert qr_lines([[True, False], [True, True], [False, True]]) == ["█▄", " ▀"]


async def test_the_lost_badge_question_shows_no_widget_names(harness: KioskHarness) -> None:
    async with harness.app.run_test(size=SIZE) as pilot:
        await open_tool(pilot, "1002", "f10")
        shown = pilot.app.export_screenshot()
        assert "Center" not in shown and "#qr" not in shown


async def test_a_reason_typed_fast_after_tab_lands_in_the_reason_field(
    harness: KioskHarness,
) -> None:
    """Tab, then typing at once (a fast typist, or a paste): nothing goes to the wrong field."""
    async with harness.app.run_test(size=SIZE) as pilot:
        await punch_in(pilot, harness, "1001")
        harness.at("18:30")
        dialog = await open_tool(pilot, "1001", "f6")
        assert isinstance(dialog, CorrectionDialog)
        burst_keys(pilot, *"18:05", "tab", *"打卡机故障", "f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    (event,) = [e for e in events_of(harness, "punch", "1001") if e.get("by")]
    assert (event["action"], event["at"][11:16], event["reason"]) == (
        "check_out",
        "18:05",
        "打卡机故障",
    )


async def test_yesterdays_forgotten_check_out_is_fixed_this_morning(
    harness: KioskHarness,
) -> None:
    """Issue 13, point 3: the missing check-out is found the next morning, after the close;
    F6 takes the attendance date, and a reason must be words."""
    harness.at("07:55", day="2026-11-26")
    harness.services.punch.punch("1001")
    harness.at("08:30")  # the next morning (the kiosk closes 26 November at start)
    async with harness.app.run_test(size=SIZE) as pilot:
        dialog = await open_tool(pilot, "1001", "f6")
        assert isinstance(dialog, CorrectionDialog)
        assert dialog.query_one("#day", Input).value == "2026-11-27"
        dialog.query_one("#day", Input).value = "2026-11-26"
        await settle(pilot)  # the dialog now shows the 26th, and proposes its missing punch
        assert "2026-11-26" in text_of(dialog, "#title")
        assert "签到 07:55" in text_of(dialog, "#punches")
        assert dialog.query_one("#action", Select).value == "check_out"
        dialog.query_one("#at", Input).value = "18:05"
        dialog.query_one("#reason", Input).value = "25:99"  # a time in the wrong field
        await pilot.press("f2")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "用文字" in text_of(dialog, "#problem")
        dialog.query_one("#reason", Input).value = "忘记签退"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
        said = [n.message for n in pilot.app._notifications]
        assert any("2026-11-26 18:05 签退" in m for m in said), said  # the date is named
    punches = [e for e in harness.day_events("2026-11-26") if e["type"] == "punch"]
    [fix] = [p for p in punches if p.get("by")]
    assert (fix["action"], fix["at"], fix["reason"]) == (
        "check_out", "2026-11-26T18:05:00+08:00", "忘记签退",
    )  # fmt: skip
    latest = harness.services.day_close.latest(date(2026, 11, 26))
    assert latest is not None and latest.revision == 2  # closed again with the check-out


async def test_another_date_in_the_roster_dialog_starts_from_that_days_plan(
    harness: KioskHarness,
) -> None:
    """Walk-through finding: the choice kept today's plan whatever date was typed."""
    async with harness.app.run_test(size=SIZE) as pilot:  # 1001 rests on Mondays
        dialog = await open_tool(pilot, "1001", "f9")
        assert dialog.query_one("#code", Select).value == "A"  # type: ignore[attr-defined]
        dialog.query_one("#day", Input).value = "2026-11-30"  # type: ignore[attr-defined]
        await settle(pilot)
        assert dialog.query_one("#code", Select).value == "rest"  # type: ignore[attr-defined]
